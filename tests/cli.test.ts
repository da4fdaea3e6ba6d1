import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** Runs the built `xxgk` command as a process. */
function xxgk(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the xxgk command (built)', () => {
  it('prints its version', () => {
    expect(xxgk('--version')).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('prints help', () => {
    const { code, stdout } = xxgk('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^xxgk .*\n\nUsage:/);
    expect(stdout).toContain('xxgk formats [id]');
  });

  it('lists the formats and prints one tree with ids, labels, units and relations', () => {
    expect(xxgk('formats').stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(['gov-2014', 'gov-2019', 'gov-2021']);
    const tree = xxgk('formats', '2014').stdout;
    expect(tree).toContain('requests.received  （一）收到申请数  (件, sum)');
    expect(tree).toContain('B1 [official, error]');
  });

  it('exits 2 with one line for an unknown command or format', () => {
    const unknown = xxgk('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('xxgk: unknown command "frobnicate"; run "xxgk --help"\n');
    expect(xxgk('formats', 'gov-1999')).toMatchObject({ code: 2, stdout: '' });
  });
});

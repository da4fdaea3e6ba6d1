import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The project root. */
export const root = fileURLToPath(new URL('../..', import.meta.url));
/** The built command. */
export const bin = join(root, 'dist/cli.js');
/** An example report of the repository. */
export const example = (name: string) => join(root, 'examples', name);

/** Runs the built `xxgk` command as a process. */
export function xxgk(args: string[], input?: string | Buffer) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input, cwd: root });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch folder for a test file (removed after it) and a writer of files into it. */
export function scratch(prefix: string) {
  const work = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer) => {
    const path = join(work, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    return path;
  };
  return { work, file };
}

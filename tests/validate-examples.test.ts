/**
 * The `@example` of every exported function of validate and rollup prints what its comments say:
 * each `console.log(…); // → text` is run and its output compared with `text` (util.format, as
 * the console writes it). tests/guides.test.ts type-checks and runs every example; this one holds
 * these to their stated output.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = new URL('../', import.meta.url);
const scratch = new URL('./.examples-validate/', import.meta.url);
const library = fileURLToPath(new URL('src/index.ts', root));
const FILES = ['src/validate/validate.ts', 'src/rollup/aggregate.ts', 'src/rollup/complete.ts', 'src/rollup/hierarchy.ts'];

const examples = FILES.flatMap((file) =>
  [...readFileSync(new URL(file, root), 'utf8').matchAll(/@example\n((?:\s*\*.*\n)+?)\s*\*\/\n(?:export )?(?:async )?function (\w+)/g)].map((m) => {
    const code = /```ts\n([\s\S]*?)```/.exec(m[1]!.replace(/^\s*\* ?/gm, ''))?.[1] ?? '';
    return { name: m[2]!, code, expected: [...code.matchAll(/\/\/ → (.*)$/gm)].map((e) => e[1]!) };
  }),
);

mkdirSync(scratch, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('JSDoc examples of validate and rollup', () => {
  it('are found, one per exported function with an example', () => {
    expect(examples.map((e) => e.name).sort()).toEqual(['aggregate', 'aggregateStream', 'checkHierarchy', 'complete', 'validate']);
  });

  it.each(examples.map((e) => [e.name, e] as const))('%s prints what it says', async (_name, example) => {
    expect(example.expected.length, 'every example states its output with // →').toBeGreaterThan(0);
    const target = new URL(`example-${example.name}.ts`, scratch);
    writeFileSync(target, `${example.code.replace(/from 'xxgk'/g, `from ${JSON.stringify(library)}`)}\nexport {};\n`);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(pathToFileURL(fileURLToPath(target)).href);
      expect(log.mock.calls.map((args) => format(...args))).toEqual(example.expected);
    } finally {
      log.mockRestore();
    }
  });
});

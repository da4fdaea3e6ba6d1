import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

/** Every ```ts sample of the guides in docs/guides runs, against the sources, so the guides cannot rot. */
const guides = new URL('../docs/guides/', import.meta.url);
const scratch = new URL('./.guides/', import.meta.url);
const library = fileURLToPath(new URL('../src/index.ts', import.meta.url));

const samples = readdirSync(guides)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .flatMap((file) => {
    const text = readFileSync(new URL(file, guides), 'utf8');
    return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({ name: `${file} #${i + 1}`, file, index: i, code: m[1]! }));
  });

mkdirSync(scratch, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('guides', () => {
  it('have samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(samples.map((s) => [s.name, s] as const))('%s runs', async (_name, sample) => {
    const code = sample.code.replace(/from 'xxgk'/g, `from ${JSON.stringify(library)}`);
    const target = new URL(`${sample.file.replace(/\.md$/, '')}-${sample.index + 1}.ts`, scratch);
    writeFileSync(target, code);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(pathToFileURL(fileURLToPath(target)).href);
    } finally {
      log.mockRestore();
    }
  });
});

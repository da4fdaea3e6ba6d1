import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * Every ```ts sample of the guides in docs/guides, and every `@example` of the API's JSDoc in src,
 * type-checks and runs against the sources, so neither can rot.
 */
const root = new URL('../', import.meta.url);
const guides = new URL('docs/guides/', root);
const sources = new URL('src/', root);
const scratch = new URL('./.guides/', import.meta.url);
const library = fileURLToPath(new URL('src/index.ts', root));
const docxLibrary = fileURLToPath(new URL('src/docx.ts', root));

interface Sample {
  readonly name: string;
  readonly target: URL;
  readonly code: string;
}

const fence = /```ts\n([\s\S]*?)```/g;
const guideSamples: Sample[] = readdirSync(guides)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .flatMap((file) =>
    [...readFileSync(new URL(file, guides), 'utf8').matchAll(fence)].map((m, i) => ({
      name: `${file} #${i + 1}`,
      target: new URL(`${file.replace(/\.md$/, '')}-${i + 1}.ts`, scratch),
      code: m[1]!,
    })),
  );

const sourceFiles = (dir: URL): URL[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(new URL(`${entry.name}/`, dir)) : entry.name.endsWith('.ts') ? [new URL(entry.name, dir)] : [],
  );
const exampleSamples: Sample[] = sourceFiles(sources).flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  const relative = fileURLToPath(file).slice(fileURLToPath(sources).length);
  return [...text.matchAll(/@example\n((?:\s*\*.*\n)+?)\s*\*\/\n(?:export )?(?:async )?function (\w+)/g)].map((m) => {
    const body = m[1]!.replace(/^\s*\* ?/gm, '');
    const code = /```ts\n([\s\S]*?)```/.exec(body)?.[1] ?? '';
    return { name: `${relative} ${m[2]}`, target: new URL(`example-${m[2]}.ts`, scratch), code };
  });
});

const all = [...guideSamples, ...exampleSamples];
mkdirSync(scratch, { recursive: true });
for (const sample of all) {
  const code = sample.code.replace(/from 'xxgk'/g, `from ${JSON.stringify(library)}`).replace(/from 'xxgk\/docx'/g, `from ${JSON.stringify(docxLibrary)}`);
  writeFileSync(sample.target, `${code}\nexport {};\n`);
}
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(sample: Sample): Promise<unknown[][]> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(pathToFileURL(fileURLToPath(sample.target)).href);
    return log.mock.calls;
  } finally {
    log.mockRestore();
  }
}

describe('guides', () => {
  it('have samples', () => {
    expect(guideSamples.length).toBeGreaterThanOrEqual(12);
  });

  it.each(guideSamples.map((s) => [s.name, s] as const))('%s runs', async (_name, sample) => {
    await run(sample);
  });
});

describe('JSDoc examples', () => {
  it('exist for the main functions', () => {
    const named = new Set(exampleSamples.map((s) => s.name.split(' ')[1]));
    for (const name of ['parseReport', 'validate', 'complete', 'aggregate', 'importText', 'fromLabels', 'renderMarkdown', 'defineFormat', 'createReport']) {
      expect(named.has(name), name).toBe(true);
    }
    for (const sample of exampleSamples) expect(sample.code, sample.name).toMatch(/from 'xxgk'/);
  });

  it.each(exampleSamples.map((s) => [s.name, s] as const))('%s runs and prints', async (_name, sample) => {
    const calls = await run(sample);
    expect(calls.length).toBeGreaterThan(0);
  });
});

describe('samples and examples', () => {
  // As in a user's strict project (without noUncheckedIndexedAccess, which is stricter than `strict`).
  it('type-check against the sources', () => {
    const config = ts.readConfigFile(fileURLToPath(new URL('tsconfig.json', root)), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, fileURLToPath(root));
    const program = ts.createProgram(all.map((s) => fileURLToPath(s.target)), { ...options, noUncheckedIndexedAccess: false, noEmit: true, allowImportingTsExtensions: true });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || d.file.fileName.includes('/.guides/'))
      .map((d) => `${d.file ? d.file.fileName.split('/').pop() : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  }, 60_000);
});

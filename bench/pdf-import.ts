/**
 * bench/pdf-import: the time to import one report from its PDF — the 6-page huaian-2024 report as
 * published (../shared/corpus, when present; else the project's own 6-page Chromium print of a saved
 * page, tests/fixtures/pdf/gov-2021.chromium.pdf) — against the floor: pdfjs-dist opening the same
 * document and extracting the text of every page (getTextContent) and nothing else. Target:
 * importPdf ≤ 1.5× the floor (median).
 *
 *   npm run build && npx tsx bench/pdf-import.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { Bench } from 'tinybench';
import { importPdf } from '../dist/pdf.js';

const corpus = new URL('../../shared/corpus/huaian-2024.pdf', import.meta.url);
const file = existsSync(corpus) ? corpus : new URL('../tests/fixtures/pdf/gov-2021.chromium.pdf', import.meta.url);
const bytes = new Uint8Array(readFileSync(file));
const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

// The result is checked once, so that the benchmark measures a working import.
const { report, issues } = await importPdf(bytes);
if (!report || issues.some((i) => i.severity === 'error')) throw new Error(`the PDF did not import: ${issues.map((i) => i.message).join('; ')}`);

/** The floor: open the document and get the text of every page, with the same engine settings. */
async function textOfEveryPage(): Promise<number> {
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    cMapUrl: join(root, 'cmaps') + sep,
    cMapPacked: true,
    standardFontDataUrl: join(root, 'standard_fonts') + sep,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  });
  const doc = await task.promise;
  let items = 0;
  for (let n = 1; n <= doc.numPages; n++) items += (await (await doc.getPage(n)).getTextContent()).items.length;
  await task.destroy();
  return items;
}

const bench = new Bench({ time: 5000, warmup: true });
bench
  .add('pdfjs getTextContent of every page — the floor', async () => {
    await textOfEveryPage();
  })
  .add('importPdf(bytes) — the whole import', async () => {
    await importPdf(bytes);
  });
await bench.run();

const median = (name: string) => {
  const task = bench.tasks.find((t) => t.name.startsWith(name))!;
  const r = task.result as { latency?: { p50?: number }; median?: number } | undefined;
  return r?.latency?.p50 ?? r?.median ?? Number.NaN; // ms
};
const floor = median('pdfjs');
const ours = median('importPdf');
console.log(`document: ${file.pathname.replace(/^.*\//, '')}, ${(bytes.length / 1024).toFixed(0)} KB`);
console.log(`pdfjs getTextContent, every page  median ${floor.toFixed(1)} ms`);
console.log(`importPdf                         median ${ours.toFixed(1)} ms  (${(ours / floor).toFixed(2)}× the floor; target ≤ 1.5×)`);

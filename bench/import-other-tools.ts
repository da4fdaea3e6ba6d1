/**
 * bench/import-other-tools: importText on text that other tools wrote from a published PDF, at 1 and
 * 10 MB, to show that reading it stays linear (the time per MB stays flat). Three shapes:
 *
 * - layout: `pdftotext -layout` output of the 2021 example (tests/fixtures/text), repeated — many
 *   tables of columns, labels wrapped over lines, page numbers;
 * - layout narrative: the same text with its running text padded (paragraphs repeated) and its
 *   tables once;
 * - plain: `pdftotext` output without -layout, repeated (one cell per line).
 *
 *   npm run build && npx tsx bench/import-other-tools.ts
 */
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { importText } from '../dist/index.js';

const fixture = (name: string) => readFileSync(new URL(`../tests/fixtures/text/${name}`, import.meta.url), 'utf8');
const layout = fixture('qingshan-2022.pdftotext-layout.txt');
const plain = fixture('qingshan-2022.pdftotext.txt');
const MB = 1_000_000;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

const repeated = (text: string, size: number) => text.repeat(Math.max(1, Math.round(size / bytes(text))));

/** The -layout text with the running text of its first section repeated to about `size` bytes. */
function narrative(size: number): string {
  const lines = layout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('二、'));
  const prose = lines.slice(0, at).filter((l) => l.length >= 40);
  const filler: string[] = [];
  let total = bytes(layout);
  for (let i = 0; total < size; i++) {
    const line = prose[i % prose.length]!;
    filler.push(line);
    total += bytes(line) + 1;
  }
  return [...lines.slice(0, at), ...filler, ...lines.slice(at)].join('\n');
}

const sizes = [1, 10];
const texts = sizes.flatMap((mb) => [
  { shape: 'layout', mb, text: repeated(layout, mb * MB) },
  { shape: 'layout narrative', mb, text: narrative(mb * MB) },
  { shape: 'plain', mb, text: repeated(plain, mb * MB) },
]);

const bench = new Bench({ iterations: 3, time: 0, warmup: true, warmupIterations: 1, warmupTime: 0 });
for (const { shape, mb, text } of texts) {
  bench.add(`${shape} ${mb} MB`, () => {
    const { report, issues } = importText(text);
    if (!report && shape !== 'plain') throw new Error(`no report: ${issues[0]?.message}`);
  });
}
await bench.run();

console.log('importText of other tools\' text: median time per run and per MB (1 MB = 10^6 bytes of UTF-8)');
console.log('shape              size      bytes        median ms   ms per MB');
for (const { shape, mb, text } of texts) {
  const task = bench.tasks.find((t) => t.name === `${shape} ${mb} MB`)!;
  const r = task.result as { latency?: { p50?: number }; median?: number } | undefined;
  const median = r?.latency?.p50 ?? r?.median ?? Number.NaN;
  const size = bytes(text) / MB;
  console.log(`${shape.padEnd(18)} ${`${mb} MB`.padEnd(9)} ${String(bytes(text)).padStart(9)}  ${median.toFixed(0).padStart(11)}  ${(median / size).toFixed(1).padStart(10)}`);
}

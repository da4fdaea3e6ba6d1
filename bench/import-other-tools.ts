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
 *   npm run build && npx tsx bench/import-other-tools.ts      (BENCH_SIZES=10 for one size)
 *
 * Figures of one quiet run (Node 20, 2-core machine, median of 3), ms per MB at 1 → 10 MB:
 * layout 2271 → 2357, layout narrative 588 → 478, plain 2141 → 1854 — flat within the noise of
 * three runs (linear). Most of the time goes to the two readings (the project's own layouts first,
 * then the other tools', since the own one leaves values unplaced) and to the issues of the repeated
 * tables' values; the other tools' reader alone turns 1 MB of -layout text into its Layout in about
 * 0.3 s. (Before the spreads of input-sized arrays went, 10 MB of -layout text overflowed the stack.)
 */
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { importText } from '../dist/index.js';
import { MB, bytes, printPerMb } from './lib.js';

const fixture = (name: string) => readFileSync(new URL(`../tests/fixtures/text/${name}`, import.meta.url), 'utf8');
const layout = fixture('qingshan-2022.pdftotext-layout.txt');
const plain = fixture('qingshan-2022.pdftotext.txt');

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

const sizes = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(",").map(Number) : [1, 10];
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

printPerMb(bench, "importText of other tools' text", texts);

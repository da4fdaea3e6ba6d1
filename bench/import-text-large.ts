/**
 * bench/import-text-large: importText on texts of 1, 2.5, 5 and 10 MB, to show that reading scales
 * linearly (the time per MB stays flat). Two shapes of text:
 *
 * - narrative: the seed report (examples/jiangbei-2017.txt) with its narrative padded — every
 *   paragraph repeated, some broken across lines as published texts are — and its table once;
 * - repeated: the whole seed, again and again (many tables' worth of lines that are all read,
 *   matched against the labels, and reported).
 *
 *   npm run build && npx tsx bench/import-text-large.ts
 */
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { importText } from '../dist/index.js';
import { MB, bytes, printPerMb } from './lib.js';

const seed = readFileSync(new URL('../examples/jiangbei-2017.txt', import.meta.url), 'utf8');

/** The seed with its narrative padded to about `size` bytes: paragraphs repeated, every third broken across lines. */
function narrative(size: number): string {
  const lines = seed.split('\n');
  const table = lines.findIndex((l) => l.startsWith('附件：'));
  const head = lines.slice(0, table);
  const tail = lines.slice(table);
  const paragraphs = head.filter((l) => l.length > 80 && !/^[一二三四五六七八九十]、|^（[一二三四五六七八九十]）/.test(l));
  const filler: string[] = [];
  let total = bytes(seed);
  for (let i = 0; total < size; i++) {
    const p = paragraphs[i % paragraphs.length]!;
    // Every third paragraph is broken across lines of 40 characters (and so read as one).
    const piece = i % 3 === 0 ? (p.match(/.{1,40}/gu) ?? [p]).join('\n') : p;
    filler.push(piece);
    total += bytes(piece) + 1;
  }
  const at = head.findIndex((l) => l.startsWith('（一）'));
  return [...head.slice(0, at + 1), ...filler, ...head.slice(at + 1), ...tail].join('\n');
}

/** The whole seed repeated to about `size` bytes. */
function repeated(size: number): string {
  return seed.repeat(Math.max(1, Math.round(size / bytes(seed))));
}

const sizes = [1, 2.5, 5, 10];
const texts = sizes.flatMap((mb) => [
  { shape: 'narrative', mb, text: narrative(mb * MB) },
  { shape: 'repeated', mb, text: repeated(mb * MB) },
]);

const bench = new Bench({ iterations: 3, time: 0, warmup: true, warmupIterations: 1, warmupTime: 0 });
for (const { shape, mb, text } of texts) {
  bench.add(`${shape} ${mb} MB`, () => {
    const { report, issues } = importText(text);
    if (!report && shape === 'narrative') throw new Error(`no report: ${issues[0]?.message}`);
  });
}
await bench.run();

printPerMb(bench, 'importText', texts);

/**
 * bench/import-html: the time to import one report from its web page — a 2021-format CMS article
 * pasted from Word (about 350 KB of markup: mso- styles, nested spans, three tables, site
 * furniture) — against parsing the same page with htmlparser2 alone. Target: importHtml < 50 ms
 * (median).
 *
 *   npm run build && npx tsx bench/import-html.ts
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'htmlparser2';
import { Bench } from 'tinybench';
import { importHtml } from '../dist/index.js';
import { medianMs } from './lib.js';

const bytes = readFileSync(new URL('../tests/fixtures/html/gov-2021.html', import.meta.url));
const page = bytes.toString('utf8');

// The result is checked once, so that the benchmark measures a working import.
const { report, issues } = importHtml(page);
if (!report || issues.length > 0) throw new Error(`the page did not import cleanly: ${issues.map((i) => i.message).join('; ')}`);

const bench = new Bench({ time: 3000, warmup: true });
bench
  .add('parseDocument(page) — htmlparser2 alone', () => {
    parseDocument(page);
  })
  .add('importHtml(page) — the whole import', () => {
    importHtml(page);
  })
  .add('importHtml(bytes) — with decoding', () => {
    importHtml(bytes);
  });
await bench.run();

const median = (name: string) => medianMs(bench, name);
const parse = median('parseDocument');
const ours = median('importHtml(page)');
const decoded = median('importHtml(bytes)');
console.log(`page: ${(bytes.length / 1024).toFixed(1)} KB, ${page.length} characters`);
console.log(`parseDocument      median ${parse.toFixed(2)} ms`);
console.log(`importHtml(page)   median ${ours.toFixed(2)} ms  (${(ours / parse).toFixed(2)}× parsing alone; target < 50 ms)`);
console.log(`importHtml(bytes)  median ${decoded.toFixed(2)} ms`);

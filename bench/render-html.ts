/**
 * bench/render-html: the time to render the 2021 example as a review page with its findings
 * (renderHtml with a validation result), next to renderMarkdown of the same report with the same
 * findings, and the size of each in bytes. The example is given two broken totals and a narrative
 * mismatch so that the page has findings to mark.
 *
 *   npm run build && npx tsx bench/render-html.ts
 */
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { parseReport, renderHtml, renderMarkdown, setCell, validate, type Report } from '../dist/index.js';

const parsed = parseReport(readFileSync(new URL('../examples/qingshan-2022.json', import.meta.url), 'utf8'));
if (!parsed.success) throw parsed.error;
let report: Report = parsed.data;
report = setCell(report, 'applications.results.total/naturalPerson', 231);
report = setCell(report, 'applications.carriedForward/total', 99);
const validation = validate(report);
const clean = validate(parsed.data);

const bench = new Bench({ time: 2000, warmup: true });
bench
  .add('renderHtml(report, { validation }) — 6 findings', () => {
    renderHtml(report, { validation });
  })
  .add('renderMarkdown(report, { validation }) — 6 findings', () => {
    renderMarkdown(report, { validation });
  })
  .add('renderHtml(clean report, { validation }) — no findings', () => {
    renderHtml(parsed.data, { validation: clean });
  })
  .add('renderHtml(report) — no validation', () => {
    renderHtml(report);
  });
await bench.run();

const median = (name: string) => {
  const task = bench.tasks.find((t) => t.name === name)!;
  const r = task.result as { latency?: { p50?: number }; median?: number } | undefined;
  return (r?.latency?.p50 ?? r?.median ?? Number.NaN) * 1000; // µs
};
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const html = median('renderHtml(report, { validation }) — 6 findings');
const markdown = median('renderMarkdown(report, { validation }) — 6 findings');
console.log(`findings: ${validation.issues.length} (${validation.counts.error} errors, ${validation.counts.warning} warnings)`);
console.log(`renderHtml     median ${html.toFixed(0)} µs  (${(html / markdown).toFixed(2)}× renderMarkdown)`);
console.log(`renderMarkdown median ${markdown.toFixed(0)} µs`);
console.log(`renderHtml, clean report with its (empty) validation: median ${median('renderHtml(clean report, { validation }) — no findings').toFixed(0)} µs`);
console.log(`renderHtml, no validation: median ${median('renderHtml(report) — no validation').toFixed(0)} µs`);
console.log(`page size: HTML ${bytes(renderHtml(report, { validation }))} bytes (clean: ${bytes(renderHtml(parsed.data, { validation: clean }))}), Markdown ${bytes(renderMarkdown(report, { validation }))} bytes`);

/**
 * bench/validate: the time to validate one 2021-format report, against JSON.parse of the same
 * document's text, and against a baseline written the way a user would without xxgk (a zod schema
 * with superRefine sums). Target: validate ≤ 1× JSON.parse. Also the same report with 150 of its
 * cells blank (three values in four, so that most relations run over blanks and take the exact path
 * with their bounds).
 *
 *   npm run build && npx tsx bench/validate.ts
 */
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { z } from 'zod';
import { validate, type Report } from '../dist/index.js';

const text = readFileSync(new URL('../examples/qingshan-2022.json', import.meta.url), 'utf8');
const report = JSON.parse(text) as Report;

const COLUMNS = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrganization', 'total'] as const;
const row = z.record(z.string(), z.union([z.number().int().nonnegative(), z.string(), z.null()]));
const baseline = z
  .object({ tables: z.object({ applications: z.record(z.string(), row), reviewLitigation: z.record(z.string(), row) }).passthrough() })
  .passthrough()
  .superRefine((doc, ctx) => {
    const t = doc.tables.applications;
    const v = (r: string, c: string) => Number(t[r]?.[c] ?? 0);
    const outcomes = Object.keys(t).filter((r) => r.startsWith('applications.results.') && r !== 'applications.results.total');
    for (const c of COLUMNS) {
      if (v('applications.newThisYear', c) + v('applications.carriedOver', c) !== v('applications.results.total', c) + v('applications.carriedForward', c)) {
        ctx.addIssue({ code: 'custom', message: `A1 ${c}` });
      }
      const sum = outcomes.reduce((s, r) => s + v(r, c), 0);
      if (sum !== v('applications.results.total', c)) ctx.addIssue({ code: 'custom', message: `A3 ${c}` });
    }
    for (const r of Object.keys(t)) {
      const sum = COLUMNS.slice(0, 6).reduce((s, c) => s + v(r, c), 0);
      if (sum !== v(r, 'total')) ctx.addIssue({ code: 'custom', message: `A4 ${r}` });
    }
  });

/** The report with three values in four blank, 150 in all. */
function withBlanks(count: number): Report {
  const copy = JSON.parse(text) as { tables: Record<string, Record<string, Record<string, unknown>>> };
  let seen = 0;
  let left = count;
  for (const rows of Object.values(copy.tables)) {
    for (const columns of Object.values(rows)) {
      for (const column of Object.keys(columns)) {
        if (left > 0 && typeof columns[column] === 'number' && seen++ % 4 !== 3) {
          columns[column] = null;
          left--;
        }
      }
    }
  }
  if (left > 0) throw new Error(`only ${count - left} values to blank`);
  return copy as unknown as Report;
}
const blanks = withBlanks(150);

// Warm the format plan once, as a long-running service would.
validate(report);
// Distinct parsed copies, taken in turn: nothing about one document can be kept for the next.
const copies = Array.from({ length: 64 }, () => JSON.parse(text) as Report);
let turn = 0;

const bench = new Bench({ time: 2000, warmup: true });
bench
  .add('JSON.parse of the document text', () => {
    JSON.parse(text);
  })
  .add('validate(report) — every rule, narrative included', () => {
    validate(report);
  })
  .add('validate(a different parsed copy each time)', () => {
    validate(copies[turn++ & 63]!);
  })
  .add('validate(the report with 150 blank cells)', () => {
    validate(blanks);
  })
  .add('baseline: zod schema + superRefine sums (A1, A3, A4 only)', () => {
    baseline.safeParse(report);
  });
await bench.run();

const median = (name: string) => {
  const task = bench.tasks.find((t) => t.name === name)!;
  const r = task.result as { latency?: { p50?: number }; median?: number } | undefined;
  return (r?.latency?.p50 ?? r?.median ?? Number.NaN) * 1000; // µs
};
const parse = median('JSON.parse of the document text');
const ours = median('validate(report) — every rule, narrative included');
const copiesMedian = median('validate(a different parsed copy each time)');
const blank = median('validate(the report with 150 blank cells)');
const theirs = median('baseline: zod schema + superRefine sums (A1, A3, A4 only)');
console.log(`document: ${text.length} characters`);
console.log(`JSON.parse   median ${parse.toFixed(1)} µs`);
console.log(`validate     median ${ours.toFixed(1)} µs  (${(ours / parse).toFixed(2)}× JSON.parse)`);
console.log(`validate     median ${copiesMedian.toFixed(1)} µs  (${(copiesMedian / parse).toFixed(2)}× JSON.parse), a different copy each time`);
console.log(`validate     median ${blank.toFixed(1)} µs  (${(blank / parse).toFixed(2)}× JSON.parse), 150 blank cells: ${validate(blanks).issues.length} issues`);
console.log(`zod baseline median ${theirs.toFixed(1)} µs  (${(theirs / parse).toFixed(2)}× JSON.parse)`);

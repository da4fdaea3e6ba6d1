/**
 * bench/aggregate: the line rate of aggregateStream over NDJSON reports against plain JSON.parse of
 * the same lines, and the peak RSS. Targets: at least half the JSON.parse line rate; peak RSS under
 * 200 MB whatever the number of reports.
 *
 *   npm run build && npx tsx bench/generate-reports.ts 100000 && npx tsx bench/aggregate.ts
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { aggregateStream } from '../dist/index.js';

const file = new URL('./data/reports-2021.ndjson', import.meta.url);
if (!existsSync(file)) {
  console.error('bench/data/reports-2021.ndjson is missing: run npx tsx bench/generate-reports.ts first');
  process.exit(2);
}
const lines = () => createInterface({ input: createReadStream(file), crlfDelay: Infinity });

let start = process.hrtime.bigint();
let count = 0;
for await (const line of lines()) {
  if (line) {
    JSON.parse(line);
    count++;
  }
}
const parseSeconds = Number(process.hrtime.bigint() - start) / 1e9;

start = process.hrtime.bigint();
const { coverage } = await aggregateStream(lines(), { agency: '汇总' });
const aggregateSeconds = Number(process.hrtime.bigint() - start) / 1e9;

const mb = statSync(file).size / 1e6;
const parseRate = count / parseSeconds;
const aggregateRate = coverage.reports / aggregateSeconds;
console.log(`${count} reports, ${mb.toFixed(0)} MB of NDJSON`);
console.log(`read + JSON.parse:        ${parseRate.toFixed(0)} lines/s (${parseSeconds.toFixed(2)} s)`);
console.log(`read + aggregateStream:   ${aggregateRate.toFixed(0)} lines/s (${aggregateSeconds.toFixed(2)} s), ${(aggregateRate / parseRate).toFixed(2)}× the JSON.parse rate`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

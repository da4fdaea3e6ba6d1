/**
 * Writes N synthetic 2021-format reports as NDJSON to bench/data/reports-2021.ndjson (not
 * committed): random leaves, totals derived with complete(), so every line validates.
 *
 *   npm run build && npx tsx bench/generate-reports.ts [N=100000]
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { syntheticReports } from './lib.js';

const count = Number(process.argv[2] ?? 100_000);
const out = new URL('./data/reports-2021.ndjson', import.meta.url);
mkdirSync(new URL('./data/', import.meta.url), { recursive: true });

const next = syntheticReports(6);
const stream = createWriteStream(out);
for (let i = 0; i < count; i++) {
  const report = next(`单位${i}`);
  report.sections[0]!.paragraphs.push(`本机关${i}号单位认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开。`);
  if (!stream.write(`${JSON.stringify(report)}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
}
stream.end();
await new Promise<void>((r) => stream.once('finish', () => r()));
console.log(`wrote ${count} reports to ${out.pathname}`);

/**
 * Writes N synthetic 2021-format reports as NDJSON to bench/data/reports-2021.ndjson (not
 * committed): random leaves, totals derived with complete(), so every line validates.
 *
 *   npm run build && npx tsx bench/generate-reports.ts [N=100000]
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { complete, createReport, formats, indexFormat, setCell } from '../dist/index.js';

const count = Number(process.argv[2] ?? 100_000);
const out = new URL('./data/reports-2021.ndjson', import.meta.url);
mkdirSync(new URL('./data/', import.meta.url), { recursive: true });

// A small deterministic generator (xorshift), so runs are comparable.
let seed = 0x2021;
const random = (max: number) => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % (max + 1);
};

const determined = /^applications\.(newThisYear|results\.total)\/|\/total$|\.total$/;
const leaves = indexFormat(formats['gov-2021']).cells.filter((c) => c.printed && !determined.test(c.ref));
const stream = createWriteStream(out);
for (let i = 0; i < count; i++) {
  let report = createReport('gov-2021', { agency: `单位${i}`, year: 2023 });
  for (const cell of leaves) {
    const v = random(cell.row.id.startsWith('proactive.licensing') ? 5000 : 40);
    report = setCell(report, cell.ref, cell.kind === 'money' ? `${v}.${String(random(999999)).padStart(6, '0')}` : v);
  }
  for (const column of ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrganization']) {
    report = setCell(report, `applications.carriedOver/${column}`, 0);
  }
  report = complete(report).report;
  report.sections[0]!.paragraphs.push(`本机关${i}号单位认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开。`);
  if (!stream.write(`${JSON.stringify(report)}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
}
stream.end();
await new Promise<void>((r) => stream.once('finish', () => r()));
console.log(`wrote ${count} reports to ${out.pathname}`);

/**
 * `npm run demo`: reads the bundled example (the real 2017 report of 江北区行政审批管理办公室),
 * prints its format's tree and a summary of the report.
 */
import { readFileSync } from 'node:fs';
import { formats, getCell, indexFormat, parseReport } from '../src/index.js';

const file = new URL('./jiangbei-2017.json', import.meta.url);
const parsed = parseReport(readFileSync(file, 'utf8'));
if (!parsed.success) {
  console.error(`examples/jiangbei-2017.json is not a valid report: ${parsed.error.message}`);
  process.exit(1);
}
const report = parsed.data;
const format = formats[report.format as keyof typeof formats];
const index = indexFormat(format);

console.log(`${report.metadata.title ?? report.metadata.agency}`);
console.log(`format ${format.id} — ${format.title} (${format.basis})`);
console.log(`${report.sections.length} sections, ${index.cells.length} cells, ${format.identities.length} declared identities\n`);

for (const table of index.tables) {
  console.log(`${table.definition.title}`);
  for (const row of table.rows) {
    const value = row.valued ? getCell(report, row.id) : undefined;
    const shown = value === undefined ? '——' : value === null ? '—' : String(value);
    console.log(`${'  '.repeat(row.depth + 1)}${row.label}  ${row.unit ?? ''}  ${shown}`);
  }
}

const published = getCell(report, 'proactive.published');
const text = report.sections.flatMap((s) => [s, ...(s.subsections ?? [])]).flatMap((s) => s.paragraphs).join('');
const quoted = /主动公开政府信息(\d+)条/.exec(text)?.[1];
console.log(`\nThe table says 主动公开政府信息数 = ${published}; the text says ${quoted}.`);

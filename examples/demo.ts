/**
 * `npm run demo`: imports the bundled example — the real 2017 report of 江北区行政审批管理办公室 as
 * published, in plain text — validates it, and renders it to Markdown (written to
 * `examples/out/jiangbei-2017.md`). The findings come first.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { formatIssue, importText, renderMarkdown, validate } from '../src/index.js';

const source = new URL('./jiangbei-2017.txt', import.meta.url);
const imported = importText(readFileSync(source, 'utf8'));
if (!imported.report) {
  for (const issue of imported.issues) console.error(issue.message);
  process.exit(1);
}
const report = imported.report;
const result = validate(report);

console.log(`${report.metadata.agency} ${report.metadata.year} — format ${report.format}`);
console.log(`import: ${imported.issues.length} note(s); validation: ${result.counts.error} error(s), ${result.counts.warning} warning(s)\n`);
for (const issue of result.issues) {
  console.log(`[${issue.severity}] ${issue.rule ?? issue.code}  ${issue.message}`);
  console.log(`        ${formatIssue(issue, 'en')}`);
}

const out = new URL('./out/', import.meta.url);
mkdirSync(out, { recursive: true });
const file = new URL('jiangbei-2017.md', out);
writeFileSync(file, renderMarkdown(report, { validation: result }));
console.log(`\nMarkdown written to examples/out/jiangbei-2017.md. Its first lines:\n`);
console.log(renderMarkdown(report).split('\n').slice(0, 12).join('\n'));

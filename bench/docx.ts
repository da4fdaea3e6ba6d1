/**
 * bench/docx: importDocx and renderDocx of the 2021 example (medians, tinybench), and renderDocx of
 * 1,000 reports one after another — a platform writing every unit's document — with its time and
 * the peak RSS of a process that does only that (a child process, so that nothing else counts).
 *
 *   npm run build && npx tsx bench/docx.ts [reports=1000]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { importDocx, renderDocx } from '../dist/docx.js';
import { parseReport, setCell, type Report } from '../dist/index.js';
import { medianMs } from './lib.js';

const parsed = parseReport(readFileSync(new URL('../examples/qingshan-2022.json', import.meta.url), 'utf8'));
if (!parsed.success) throw parsed.error;
const report = parsed.data;
const count = Number(process.argv[3] ?? process.argv[2] ?? 1000);

if (process.argv[2] === '--loop') {
  // The child: render `count` reports, each a different unit's, and report time and peak RSS.
  const start = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    let unit: Report = { ...report, metadata: { ...report.metadata, agency: `青山市第${i + 1}单位`, title: `青山市第${i + 1}单位2022年政府信息公开工作年度报告` } };
    unit = setCell(unit, 'applications.newThisYear/naturalPerson', i);
    bytes += (await renderDocx(unit)).length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ count, seconds, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const docx = await renderDocx(report);
const back = importDocx(docx);
if (!back.report || back.issues.length > 0) throw new Error(`the 2021 example does not read back: ${back.issues.map((i) => i.message).join('; ')}`);

const bench = new Bench({ time: 3000, warmup: true });
bench
  .add('renderDocx(2021 example)', async () => {
    await renderDocx(report);
  })
  .add('importDocx(its .docx)', () => {
    importDocx(docx);
  });
await bench.run();
const median = (name: string) => medianMs(bench, name);
console.log(`the 2021 example: ${docx.length} bytes of .docx`);
console.log(`renderDocx  median ${median('renderDocx').toFixed(2)} ms`);
console.log(`importDocx  median ${median('importDocx').toFixed(2)} ms`);

const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--loop', String(count)], { encoding: 'utf8' });
if (child.status !== 0) throw new Error(`the loop failed: ${child.stderr}`);
const loop = JSON.parse(child.stdout.trim().split('\n').pop()!) as { count: number; seconds: number; bytes: number; maxRssMb: number };
console.log(
  `renderDocx × ${loop.count}: ${loop.seconds.toFixed(1)} s (${((loop.seconds * 1000) / loop.count).toFixed(1)} ms each), ${(loop.bytes / 1e6).toFixed(1)} MB written, peak RSS ${loop.maxRssMb.toFixed(0)} MB`,
);

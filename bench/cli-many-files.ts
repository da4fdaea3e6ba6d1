/**
 * bench/cli-many-files: `xxgk validate <directory> --quiet` over 2,000 report files (1,500 canonical
 * JSON reports, 250 plain-text and 250 HTML copies of the fixtures), as a user runs it: wall time
 * and peak RSS of the process (GNU time's %M), median of tinybench's runs.
 *
 *   npm run build && npx tsx bench/cli-many-files.ts [N=2000]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { setCell } from '../dist/index.js';
import { syntheticReports } from './lib.js';

const count = Number(process.argv[2] ?? 2000);
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = fileURLToPath(new URL('./data/many/', import.meta.url));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const next = syntheticReports(2);
const text = readFileSync(`${root}examples/jiangbei-2017.txt`);
const html = readFileSync(`${root}tests/fixtures/html/gov-2021.html`);
const texts = Math.round(count / 8);
for (let i = 0; i < count; i++) {
  const sub = `${dir}${String(i % 20).padStart(2, '0')}/`;
  mkdirSync(sub, { recursive: true });
  if (i < texts) writeFileSync(`${sub}${i}.txt`, text);
  else if (i < 2 * texts) writeFileSync(`${sub}${i}.html`, html);
  else {
    let report = next(`单位${i}`);
    // One report in fifty gets an error, so that --quiet has something to list.
    if (i % 50 === 0) report = setCell(report, 'applications.newThisYear/naturalPerson', 99999);
    writeFileSync(`${sub}${i}.json`, JSON.stringify(report));
  }
}

const hasTime = existsSync('/usr/bin/time');
const rss: number[] = [];
let lastSummary = '';
const bench = new Bench({ iterations: 3, warmupIterations: 1, time: 0 });
bench.add(`xxgk validate <${count} files> --quiet`, () => {
  const args = [`${root}dist/cli.js`, 'validate', dir, '--quiet', '--locale', 'en'];
  const result = hasTime
    ? spawnSync('/usr/bin/time', ['-f', 'RSS_KB %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const kb = /RSS_KB (\d+)/.exec(result.stderr ?? '');
  if (kb) rss.push(Number(kb[1]) / 1024);
  lastSummary = result.stdout.trimEnd().split('\n').at(-1) ?? '';
  if (result.status !== 1) throw new Error(`exit ${result.status}: ${result.stderr}`);
});
await bench.run();
const task = bench.tasks[0]!;
const latency = task.result && 'latency' in task.result ? task.result.latency : undefined;
console.log(lastSummary);
console.log(`median wall time: ${((latency?.p50 ?? Number.NaN) / 1000).toFixed(2)} s over ${latency?.samplesCount ?? '?'} runs`);
if (rss.length) console.log(`peak RSS: ${Math.max(...rss).toFixed(0)} MB (runs: ${rss.map((r) => r.toFixed(0)).join(', ')} MB)`);

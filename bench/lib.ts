// What the benchmarks share: medians of tinybench tasks, the per-MB table of the large-input runs, and
// the synthetic 2021-format reports some of them read.
import type { Bench } from 'tinybench';
import { complete, createReport, formats, indexFormat, setCell, type Report } from '../dist/index.js';

/** One MB: 10^6 bytes of UTF-8. */
export const MB = 1_000_000;
/** The UTF-8 size of a text. */
export const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The median time of the task of the bench named `name` (or the first whose name starts so), in ms. */
export function medianMs(bench: Bench, name: string): number {
  const r = (bench.tasks.find((t) => t.name === name) ?? bench.tasks.find((t) => t.name.startsWith(name)))?.result as { latency?: { p50?: number }; median?: number } | undefined;
  return r?.latency?.p50 ?? r?.median ?? Number.NaN;
}

/** Prints the median time per run and per MB of tasks named `${shape} ${mb} MB`, one line each. */
export function printPerMb(bench: Bench, title: string, texts: readonly { shape: string; mb: number; text: string }[]): void {
  const width = Math.max(10, ...texts.map((t) => t.shape.length + 1));
  console.log(`${title}: median time per run and per MB (1 MB = 10^6 bytes of UTF-8)`);
  console.log(`${'shape'.padEnd(width)} size      bytes        median ms   ms per MB`);
  for (const { shape, mb, text } of texts) {
    const task = bench.tasks.find((t) => t.name === `${shape} ${mb} MB`);
    const error = (task?.result as { error?: unknown } | undefined)?.error;
    if (error) console.log(`${shape} ${mb} MB failed: ${error instanceof Error ? error.message : String(error)}`);
    const median = medianMs(bench, `${shape} ${mb} MB`);
    const size = bytes(text) / MB;
    console.log(`${shape.padEnd(width)} ${`${mb} MB`.padEnd(9)} ${String(bytes(text)).padStart(9)}  ${median.toFixed(0).padStart(11)}  ${(median / size).toFixed(1).padStart(10)}`);
  }
}

const DETERMINED = /^applications\.(newThisYear|results\.total)\/|\/total$|\.total$/;

/**
 * Synthetic valid 2021-format reports: random leaves from a small deterministic generator (xorshift,
 * so runs are comparable), totals derived with complete(); money with `moneyPlaces` decimals.
 */
export function syntheticReports(moneyPlaces: number): (agency: string) => Report {
  let seed = 0x2021;
  const random = (max: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % (max + 1);
  };
  const leaves = indexFormat(formats['gov-2021']).cells.filter((c) => c.printed && !DETERMINED.test(c.ref));
  return (agency) => {
    let report = createReport('gov-2021', { agency, year: 2023 });
    for (const cell of leaves) {
      const v = random(cell.row.id.startsWith('proactive.licensing') ? 5000 : 40);
      report = setCell(report, cell.ref, cell.kind === 'money' ? `${v}.${String(random(10 ** moneyPlaces - 1)).padStart(moneyPlaces, '0')}` : v);
    }
    for (const column of ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrganization']) {
      report = setCell(report, `applications.carriedOver/${column}`, 0);
    }
    return complete(report).report;
  };
}

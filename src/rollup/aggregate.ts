import { getFormat } from '../formats/catalogue.js';
import type { Format } from '../formats/define.js';
import { createReport } from '../formats/document.js';
import { SCHEMA_VERSION, type Metadata, type Report, type TableValues } from '../model/report.js';
import { Decimal, decimalPlaces, isDecimalString, type CellValue } from '../model/values.js';
import { checkFormat, checkFormats } from '../formats/check.js';
import { planFor, type Plan } from '../formats/plan.js';

/** Thrown by {@link aggregate} when the inputs do not share one format; names each agency's format. */
export class FormatMismatchError extends Error {
  /** Agency → format id of every input. */
  readonly formats: Readonly<Record<string, string>>;
  constructor(formats: Record<string, string>, mappable?: readonly string[]) {
    const list = Object.entries(formats)
      .map(([agency, format]) => `${agency} (${format})`)
      .join(', ');
    super(
      `cannot sum reports of different formats cell by cell: ${list}` +
        (mappable
          ? `; ${mappable.length} cells have the same id in every format and could be mapped with { mapFormats: true }`
          : '; pass { mapFormats: true } to sum the cells that carry over'),
    );
    this.name = 'FormatMismatchError';
    this.formats = formats;
  }
}

/** Options of {@link aggregate} and {@link aggregateStream}. */
export interface AggregateOptions {
  /** The organ the combined report is for (e.g. 青山市人民政府办公室（汇总）). */
  readonly agency: string;
  /** The report year; by default the inputs' common year. */
  readonly year?: number;
  /** More metadata for the combined report. */
  readonly metadata?: Partial<Metadata>;
  /**
   * Sum reports of different formats into the target `format` (default: the newest among the
   * inputs) by cell id; cells an input's format lacks are listed in `coverage.unmapped`.
   */
  readonly mapFormats?: boolean;
  /** The target format with `mapFormats`, or the format when it is not an official one. */
  readonly format?: Format;
  readonly formats?: readonly Format[];
  /** `full` (default for arrays): each cell's contributions; `counts` (default for streams): how many. */
  readonly provenance?: 'full' | 'counts';
}

/** One input's contribution to a cell. */
export interface Contribution {
  readonly agency: string;
  readonly value: number | string;
}

/** Which agencies contributed, and where cells were absent. */
export interface Coverage {
  /** Agencies that contributed, sorted, each once (in stream mode at most 1,000 are named). */
  readonly agencies: readonly string[];
  /** How many reports were summed. */
  readonly reports: number;
  /** Cells absent in some (not all) inputs: their totals are partial. `rowId/columnId` → agencies (or a count). */
  readonly partial: Readonly<Record<string, readonly string[] | number>>;
  /** Cells absent in every input (left absent). */
  readonly absent: readonly string[];
  /** With `mapFormats`: agency → cells of the target format its format lacks. */
  readonly unmapped: Readonly<Record<string, readonly string[]>>;
  /** Inputs skipped (not a report, another format without `mapFormats`), with the reason. */
  readonly skipped: readonly { readonly input: number; readonly reason: string }[];
}

/** The combined report with its coverage and the provenance of each cell. */
export interface AggregateResult {
  readonly report: Report;
  readonly coverage: Coverage;
  /** `rowId/columnId` → contributions (`full`) or the number of contributing inputs (`counts`). */
  readonly provenance: Readonly<Record<string, readonly Contribution[] | number>>;
}

const NAMED_AGENCIES = 1000;

/** Sums cell values exactly, one report at a time, in memory proportional to the format only. */
class Accumulator {
  readonly plan: Plan;
  private readonly native: Float64Array;
  private readonly exact: Array<Decimal | undefined>;
  private readonly places: Uint8Array;
  private readonly present: Uint32Array;
  private readonly partial = new Map<number, string[] | number>();
  private readonly contributions: Array<Contribution[] | undefined>;
  private readonly agencies = new Set<string>();
  private readonly unmapped: Record<string, string[]> = Object.create(null);
  readonly skipped: Array<{ input: number; reason: string }> = [];
  reports = 0;
  private agencyCount = 0;
  years = new Set<number>();

  constructor(
    readonly format: Format,
    private readonly full: boolean,
    private readonly mapFormats: boolean,
    private readonly extra: readonly Format[] | undefined,
  ) {
    this.plan = planFor(format);
    const n = this.plan.cells.length;
    this.native = new Float64Array(n);
    this.exact = new Array(n);
    this.places = new Uint8Array(n);
    this.present = new Uint32Array(n);
    this.contributions = new Array(n);
  }

  add(report: Report, input: number): void {
    if (!isReportLike(report)) {
      this.skipped.push({ input, reason: 'not a report document' });
      return;
    }
    const agency = typeof report.metadata?.agency === 'string' ? report.metadata.agency : `#${input + 1}`;
    let sourcePlan = this.plan;
    if (report.format !== this.format.id) {
      const source = this.mapFormats ? getFormat(report.format, this.extra) : undefined;
      if (!source) {
        this.skipped.push({ input, reason: `format ${report.format} is not ${this.format.id}` });
        return;
      }
      sourcePlan = planFor(source);
      const lacking = this.plan.cells.filter((c) => c.info.printed && !sourcePlan.cellByRef.has(c.info.ref)).map((c) => c.info.ref);
      if (lacking.length > 0) this.unmapped[agency] = lacking;
    }
    this.reports++;
    if (Number.isInteger(report.metadata?.year)) this.years.add(report.metadata.year);
    if (this.agencies.size < NAMED_AGENCIES || this.full) this.agencies.add(agency);
    this.agencyCount++;
    const tables = report.tables as Record<string, Record<string, Record<string, CellValue> | undefined> | undefined>;
    for (const cell of this.plan.cells) {
      const i = cell.index;
      const { info } = cell;
      if (!info.printed) continue; // unprinted subtotals are derived again from the sums (complete)
      const source = sourcePlan === this.plan ? cell : sourcePlan.cellByRef.get(info.ref);
      const rows = source ? tables[source.info.table] : undefined;
      const columns = rows !== null && typeof rows === 'object' ? rows[info.row.id] : undefined;
      const raw: unknown = columns !== null && typeof columns === 'object' ? columns[info.column.id] : undefined;
      const money = info.kind === 'money';
      if (typeof raw === 'number' && Number.isFinite(raw) && !money && Number.isSafeInteger(raw)) {
        const sum = this.native[i]! + raw;
        if (Number.isSafeInteger(sum) && this.exact[i] === undefined) this.native[i] = sum;
        else this.exact[i] = (this.exact[i] ?? new Decimal(this.native[i]!)).plus(raw);
      } else if ((typeof raw === 'string' && isDecimalString(raw)) || (typeof raw === 'number' && Number.isFinite(raw))) {
        this.exact[i] = (this.exact[i] ?? new Decimal(this.native[i]!)).plus(new Decimal(raw));
        // A decimal string has at most 64 characters, so its places always fit (never rounded away).
        if (money) this.places[i] = Math.max(this.places[i]!, Math.min(decimalPlaces(typeof raw === 'string' ? raw : new Decimal(raw).toFixed()), 255));
      } else {
        this.markAbsent(i, agency);
        continue;
      }
      this.present[i]!++;
      if (this.full) (this.contributions[i] ??= []).push({ agency, value: raw as number | string });
    }
  }

  private markAbsent(i: number, agency: string): void {
    const list = this.partial.get(i);
    if (this.full) {
      if (list === undefined) this.partial.set(i, [agency]);
      else (list as string[]).push(agency);
    } else this.partial.set(i, ((list as number | undefined) ?? 0) + 1);
  }

  result(options: AggregateOptions): AggregateResult {
    const years = [...this.years].sort();
    const year = options.year ?? (years.length === 1 ? years[0] : undefined);
    if (year === undefined) {
      throw new TypeError(
        years.length === 0 ? 'the reports state no year: pass options.year' : `the reports are for different years (${years.join(', ')}): pass options.year`,
      );
    }
    const metadata: Metadata = { ...options.metadata, agency: options.agency, year };
    const base = createReport(this.format, metadata);
    const tables: Record<string, TableValues> = structuredClone(base.tables);
    const partial: Record<string, readonly string[] | number> = {};
    const absent: string[] = [];
    const provenance: Record<string, readonly Contribution[] | number> = {};
    for (const cell of this.plan.cells) {
      const i = cell.index;
      const { info } = cell;
      const row = (tables[info.table] ??= {});
      const values = (row[info.row.id] ??= {});
      if (!info.printed) {
        delete values[info.column.id];
        continue;
      }
      if (this.present[i] === 0) {
        absent.push(info.ref);
        continue;
      }
      const exact = this.exact[i];
      values[info.column.id] =
        info.kind === 'money'
          ? (exact ?? new Decimal(this.native[i]!)).toFixed(this.places[i]!)
          : exact
            ? exactCount(exact)
            : this.native[i]!;
      const missing = this.partial.get(i);
      if (missing !== undefined) partial[info.ref] = Array.isArray(missing) ? [...missing].sort() : missing;
      provenance[info.ref] = this.full ? this.contributions[i]! : this.present[i]!;
    }
    for (const table of Object.values(tables)) {
      for (const [rowId, values] of Object.entries(table)) if (Object.keys(values).length === 0) delete table[rowId];
    }
    const report: Report = { ...base, schemaVersion: SCHEMA_VERSION, tables };
    return {
      report,
      coverage: {
        agencies: [...this.agencies].sort(),
        reports: this.reports,
        partial,
        absent,
        unmapped: { ...this.unmapped },
        skipped: this.skipped,
      },
      provenance,
    };
  }
}

/**
 * A count summed exactly: a number while it is a safe integer; beyond 2^53 − 1 (or with a
 * fraction from malformed inputs) its exact decimal string, never a rounded number — validation
 * then reports it.
 */
function exactCount(sum: Decimal): number | string {
  if (sum.isInteger() && sum.abs().lte(Number.MAX_SAFE_INTEGER)) return sum.toNumber() + 0;
  return sum.toFixed();
}

/** Throws a TypeError for options of the wrong type. */
function checkOptions(options: AggregateOptions, name: string): void {
  if (options === null || typeof options !== 'object') throw new TypeError(`${name} needs options with an agency`);
  if (typeof options.agency !== 'string' || !options.agency) throw new TypeError(`${name} needs options.agency`);
  if (options.year !== undefined && !Number.isInteger(options.year)) throw new TypeError(`${name}: options.year must be a whole number`);
  if (options.metadata !== undefined && (options.metadata === null || typeof options.metadata !== 'object')) {
    throw new TypeError(`${name}: options.metadata must be an object`);
  }
  checkFormats(options.formats, `${name}: options.formats`);
  if (options.format !== undefined) checkFormat(options.format, `${name}: options.format`);
}

function targetFormat(reports: readonly Report[], options: AggregateOptions): Format {
  if (options.format) return options.format;
  const formats = new Map<string, Format>();
  for (const r of reports) {
    if (!isReportLike(r)) continue; // skipped, and said so in coverage
    const f = getFormat(r.format, options.formats);
    if (!f) throw new TypeError(`unknown format ${JSON.stringify(r.format)} (agency ${agencyName(r)})`);
    formats.set(f.id, f);
  }
  if (formats.size === 0) throw new TypeError('aggregate needs at least one report, or options.format');
  if (formats.size > 1 && !options.mapFormats) {
    const byAgency: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const r of reports) if (isReportLike(r)) byAgency[agencyName(r)] = r.format;
    const [first, ...rest] = [...formats.values()];
    const shared = planFor(first!).cells.filter((c) => rest.every((f) => planFor(f).cellByRef.has(c.info.ref))).map((c) => c.info.ref);
    throw new FormatMismatchError(byAgency, shared);
  }
  return [...formats.values()].sort((a, b) => (b.years?.from ?? 0) - (a.years?.from ?? 0))[0]!;
}

/**
 * Sums many agencies' reports of one format into one report, exactly (money in decimal), with
 * coverage (who contributed, which totals are partial because a cell was absent somewhere) and
 * per-cell provenance. The inputs are not changed. Reports of different formats throw a
 * {@link FormatMismatchError} unless `mapFormats` is set.
 *
 * @example
 * ```ts
 * import { aggregate, createReport, getCell, setCell } from 'xxgk';
 * const unit = (agency: string, fees: string) =>
 *   setCell(createReport('gov-2021', { agency, year: 2022 }), 'proactive.charges.fees/feeAmount', fees);
 * const { report, coverage } = aggregate([unit('甲局', '0.1'), unit('乙局', '0.1'), unit('丙局', '0.1')], { agency: '青山区' });
 * console.log(getCell(report, 'proactive.charges.fees/feeAmount'), coverage.reports); // → 0.3 3
 * ```
 */
export function aggregate(reports: readonly Report[], options: AggregateOptions): AggregateResult {
  if (!Array.isArray(reports)) throw new TypeError('aggregate expects an array of reports');
  checkOptions(options, 'aggregate');
  const format = targetFormat(reports, options);
  const acc = new Accumulator(format, options.provenance !== 'counts', options.mapFormats === true, options.formats);
  reports.forEach((r, i) => acc.add(r, i));
  return acc.result(options);
}

/**
 * {@link aggregate} over a stream of reports (objects, or NDJSON lines as strings), in memory
 * that does not grow with the number of reports. The format is the first report's (or
 * `options.format`); unusable lines are listed in `coverage.skipped`.
 *
 * @example
 * ```ts
 * import { aggregateStream, createReport, getCell, setCell } from 'xxgk';
 * async function* lines() {
 *   for (let i = 1; i <= 3; i++) {
 *     const report = setCell(createReport('gov-2021', { agency: `第${i}局`, year: 2022 }), 'applications.newThisYear/total', i);
 *     yield JSON.stringify(report); // e.g. one NDJSON line
 *   }
 * }
 * const { report } = await aggregateStream(lines(), { agency: '青山区' });
 * console.log(getCell(report, 'applications.newThisYear/total')); // → 6
 * ```
 */
export async function aggregateStream(
  reports: AsyncIterable<Report | string> | Iterable<Report | string>,
  options: AggregateOptions,
): Promise<AggregateResult> {
  checkOptions(options, 'aggregateStream');
  if (reports === null || typeof reports !== 'object' || !(Symbol.asyncIterator in reports || Symbol.iterator in reports)) {
    throw new TypeError('aggregateStream expects an iterable of reports or NDJSON lines');
  }
  let acc: Accumulator | undefined = options.format
    ? new Accumulator(options.format, options.provenance === 'full', options.mapFormats === true, options.formats)
    : undefined;
  const early: Array<{ input: number; reason: string }> = [];
  let input = 0;
  for await (const item of reports) {
    const index = input++;
    let report: unknown = item;
    if (typeof item === 'string') {
      if (item.trim() === '') continue;
      try {
        report = JSON.parse(item);
      } catch {
        (acc?.skipped ?? early).push({ input: index, reason: 'not JSON' });
        continue;
      }
    }
    if (!isReportLike(report)) {
      (acc?.skipped ?? early).push({ input: index, reason: 'not a report document' });
      continue;
    }
    if (!acc) {
      const format = getFormat(report.format, options.formats);
      if (!format) {
        early.push({ input: index, reason: `unknown format ${report.format}` });
        continue;
      }
      acc = new Accumulator(format, options.provenance === 'full', options.mapFormats === true, options.formats);
      acc.skipped.push(...early);
    }
    acc.add(report, index);
  }
  if (!acc) throw new TypeError('aggregateStream received no usable report');
  return acc.result(options);
}

function agencyName(report: Report): string {
  const agency: unknown = report.metadata?.agency;
  return typeof agency === 'string' ? agency : '?';
}

function isReportLike(value: unknown): value is Report {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return typeof r.format === 'string' && r.tables !== null && typeof r.tables === 'object' && r.metadata !== null && typeof r.metadata === 'object';
}

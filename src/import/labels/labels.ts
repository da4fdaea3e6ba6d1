import { formatForYear, getFormat } from '../../formats/catalogue.js';
import type { CellInfo, Format } from '../../formats/define.js';
import { createReport } from '../../formats/document.js';
import { MetadataSchema, SectionSchema, structureProblem, type Metadata, type Report, type Section } from '../../model/report.js';
import type { CellValue } from '../../model/values.js';
import { IssueList, checkImportOptions, type ImportOptions, type ImportResult } from '../core/issues.js';
import { cellLabelPath, labelMatcher, nodeLabelPath } from '../core/labels.js';
import { isAbsentText, parseCellValue } from '../core/values.js';

// ---------------------------------------------------------------------------------------------
// Label-keyed input
// ---------------------------------------------------------------------------------------------

/** A value in label-keyed input: a number, a numeric string (with optional unit suffix), or a blank. */
export type LabelValue = number | string | null;

/** Cells keyed by label paths; an object value adds further labels (usually the column's). */
export interface LabelCells {
  [labelPath: string]: LabelValue | LabelCells;
}

/** Label-keyed input, as people transcribe a report's tables. */
export interface LabelInput {
  /** An edition (`2021`) or a format id (`gov-2021`, or one of `options.formats`). */
  format?: string | number;
  agency?: string;
  year?: number | string;
  region?: string;
  level?: Metadata['level'];
  publishedOn?: string;
  sourceUrl?: string;
  title?: string;
  /** Canonical sections, kept as they are. */
  sections?: Section[];
  cells?: LabelCells;
}

/** The label-keyed form that {@link toLabels} writes. */
export interface LabelDocument {
  format: string;
  agency: string;
  year: number;
  region?: string;
  level?: Metadata['level'];
  publishedOn?: string;
  sourceUrl?: string;
  title?: string;
  sections?: Section[];
  cells: LabelCells;
}

const FIELDS = ['format', 'agency', 'year', 'region', 'level', 'publishedOn', 'sourceUrl', 'title', 'sections', 'cells'] as const;
const OPTIONAL_METADATA = ['region', 'level', 'publishedOn', 'sourceUrl', 'title'] as const;
const MAX_DEPTH = 6;

/** True for `{}`-like objects (prototype `Object.prototype` or `null`), whose own keys are the data. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** An own property, never an inherited one (so `constructor` or `__proto__` never read the prototype). */
function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Sets an own enumerable property, even for keys such as `__proto__`. */
function setOwn(object: object, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

// Blank as parseCellValue reads it.
const isBlank = (value: unknown): boolean => value === null || value === undefined || (typeof value === 'string' && isAbsentText(value));

/**
 * Builds a report from label-keyed input (see {@link LabelInput}). Every cell of the format exists
 * (absent = `null`); each given label path must pick out exactly one cell, else an issue names the
 * closest official labels. Never throws on any input: input that is not an object gives a
 * `bad_input` issue (options of the wrong type are a TypeError).
 * The report is `undefined` only when the format, agency or year is missing or unusable; issues
 * about single cells leave those cells absent.
 *
 * @example
 * ```ts
 * import { fromLabels, getCell } from 'xxgk';
 * const { report, issues } = fromLabels({
 *   format: 'gov-2021',
 *   agency: '青山市统计局',
 *   year: 2022,
 *   cells: { '行政许可': '1,234', '行政事业性收费': '73802895.90元' }, // numbering, commas and units tolerated
 * });
 * console.log(getCell(report!, 'proactive.licensing.permits/decisions')); // 1234
 * console.log(getCell(report!, 'proactive.charges.fees/feeAmount')); // '7380.28959' (万元, exact)
 * console.log(issues.map((i) => i.code)); // ['unit_converted']
 * ```
 */
export function fromLabels(input: unknown, options: ImportOptions = {}): ImportResult {
  checkImportOptions(options, 'fromLabels');
  const issues = new IssueList(options.locale === 'en' ? 'en' : 'zh-CN');
  if (!isPlainObject(input)) {
    issues.add({ code: 'bad_input', severity: 'error', value: Array.isArray(input) ? 'array' : input === null ? null : typeof input });
    return { report: undefined, issues: issues.items };
  }
  for (const key of Object.keys(input)) {
    if (!(FIELDS as readonly string[]).includes(key)) issues.add({ code: 'unknown_field', severity: 'warning', key });
  }

  // agency and year
  let fatal = false;
  const rawAgency = own(input, 'agency');
  const agency = typeof rawAgency === 'string' ? rawAgency.trim() : undefined;
  if (rawAgency === undefined) {
    issues.add({ code: 'missing_field', severity: 'error', key: 'agency' });
    fatal = true;
  } else if (!agency) {
    issues.add({ code: 'bad_field', severity: 'error', key: 'agency', value: rawAgency });
    fatal = true;
  }
  const rawYear = own(input, 'year');
  const year = readYear(rawYear);
  if (rawYear === undefined) {
    issues.add({ code: 'missing_field', severity: 'error', key: 'year' });
    fatal = true;
  } else if (year === undefined) {
    issues.add({ code: 'bad_field', severity: 'error', key: 'year', value: rawYear });
    fatal = true;
  }

  // format
  const rawFormat = own(input, 'format');
  let format: Format | undefined;
  if (rawFormat === undefined) {
    if (year !== undefined) {
      format = formatForYear(year);
      issues.add({ code: 'missing_field', severity: 'warning', key: 'format', value: format.id });
    } else issues.add({ code: 'missing_field', severity: 'error', key: 'format' });
  } else if (typeof rawFormat === 'string' || typeof rawFormat === 'number') {
    format = getFormat(String(rawFormat).normalize('NFKC').trim(), options.formats ?? []);
    if (!format) issues.add({ code: 'unknown_format', severity: 'error', key: 'format', value: rawFormat });
  } else issues.add({ code: 'bad_field', severity: 'error', key: 'format', value: rawFormat });
  if (!format) fatal = true;

  // optional metadata
  const metadata: Partial<Metadata> = {};
  for (const key of OPTIONAL_METADATA) {
    const value = own(input, key);
    if (value === undefined) continue;
    const parsed = MetadataSchema.shape[key].safeParse(typeof value === 'string' ? value.trim() : value);
    if (parsed.success && parsed.data !== undefined) (metadata as Record<string, unknown>)[key] = parsed.data;
    else issues.add({ code: 'bad_field', severity: 'warning', key, value });
  }
  let sections: Section[] | undefined;
  const rawSections = own(input, 'sections');
  if (rawSections !== undefined) {
    // Checked for depth and shared objects first: the schema recurses.
    const problem = structureProblem(rawSections);
    const parsed = problem ? undefined : SectionSchema.array().safeParse(rawSections);
    if (parsed?.success) sections = parsed.data;
    else issues.add({ code: 'bad_field', severity: 'error', key: 'sections', value: problem ? problem.message : Array.isArray(rawSections) ? 'array' : typeof rawSections });
  }

  // cells
  const values = new Map<CellInfo, { value: CellValue; key: string }>();
  const rawCells = own(input, 'cells');
  if (rawCells === undefined) issues.add({ code: 'missing_field', severity: 'warning', key: 'cells' });
  else if (!isPlainObject(rawCells)) issues.add({ code: 'bad_field', severity: 'error', key: 'cells', value: typeof rawCells });
  else if (format) readCells(format, rawCells, values, issues);

  if (fatal || !format || !agency || year === undefined) return { report: undefined, issues: issues.items };
  const report = createReport(format, { agency, year, ...metadata });
  if (sections) report.sections = sections;
  for (const [cell, { value }] of values) {
    const row = report.tables[cell.table]?.[cell.row.id];
    if (row) row[cell.column.id] = value;
  }
  return { report, issues: issues.items };
}

function readYear(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d{4}\s*$/.test(value.normalize('NFKC'))
        ? Number(value.normalize('NFKC').trim())
        : NaN;
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : undefined;
}

function readCells(
  format: Format,
  cells: Record<string, unknown>,
  values: Map<CellInfo, { value: CellValue; key: string }>,
  issues: IssueList,
): void {
  const matcher = labelMatcher(format);
  const index = matcher.index;

  const leaf = (labels: readonly string[], key: string, raw: unknown) => {
    const match = matcher.cell(labels);
    const label = labels.join('/');
    if (match.kind === 'unknown') {
      issues.add({ code: 'unknown_label', severity: 'error', key, label: match.unknown[0] || label, candidates: match.candidates, value: raw });
      return;
    }
    if (match.kind === 'ambiguous') {
      issues.add({ code: 'ambiguous_label', severity: 'error', key, label, candidates: match.candidates, value: raw });
      return;
    }
    for (const typo of match.typos) {
      issues.add({ code: 'label_typo', severity: 'warning', key, label: typo.given, candidates: [typo.path] });
    }
    if (match.kind === 'group') {
      if (!isBlank(raw)) issues.add({ code: 'label_only', severity: 'error', key, label, cellLabel: nodeLabelPath(match.node), value: raw });
      return;
    }
    const cell = match.cell;
    const where = { key, cell: cell.ref, cellLabel: cellLabelPath(index, cell) };
    const parsed = parseCellValue(raw, cell);
    if (!parsed.ok) {
      issues.add({ code: 'bad_value', severity: 'error', ...where, value: raw, reason: parsed.reason });
      return;
    }
    const previous = values.get(cell);
    if (previous) {
      const same = previous.value === parsed.value;
      issues.add({ code: 'duplicate_cell', severity: same ? 'warning' : 'error', ...where, label: previous.key, value: raw });
      return;
    }
    if (parsed.from) {
      issues.add({ code: 'unit_converted', severity: 'info', ...where, value: raw, units: { from: parsed.from, to: cell.unit }, converted: parsed.value });
    }
    if (!cell.printed && parsed.value !== null) issues.add({ code: 'group_value', severity: 'info', ...where, value: parsed.value });
    values.set(cell, { value: parsed.value, key });
  };

  const walk = (object: Record<string, unknown>, prefix: readonly string[], keys: readonly string[], depth: number) => {
    for (const key of Object.keys(object)) {
      const value = object[key];
      const labels = [...prefix, ...matcher.split(key)];
      const path = [...keys, key];
      if (isPlainObject(value)) {
        if (depth >= MAX_DEPTH) {
          issues.add({ code: 'bad_value', severity: 'error', key: path.join('/'), value: 'object', reason: 'too_deep' });
        } else walk(value, labels, path, depth + 1);
      } else leaf(labels, path.join('/'), value);
    }
  };
  walk(cells, [], [], 0);
}

// ---------------------------------------------------------------------------------------------
// The inverse
// ---------------------------------------------------------------------------------------------

interface KeyPlan {
  readonly cell: CellInfo;
  readonly outer: string;
  readonly inner: string | undefined;
}

const plans = new WeakMap<Format, readonly KeyPlan[]>();

/** The label keys of a format's cells, each checked to lead back to its cell. */
function keyPlan(format: Format): readonly KeyPlan[] {
  const cached = plans.get(format);
  if (cached) return cached;
  const matcher = labelMatcher(format);
  const leadsBack = (cell: CellInfo, outer: string, inner: string | undefined) => {
    const m = matcher.cell([...matcher.split(outer), ...(inner === undefined ? [] : matcher.split(inner))]);
    return m.kind === 'cell' && m.cell === cell;
  };
  const plan = matcher.index.cells.map((cell): KeyPlan => {
    const key = matcher.keyOf(cell);
    let outer = key.row === '' ? (key.column ?? '') : key.row;
    const inner = key.row === '' ? undefined : key.column;
    if (!leadsBack(cell, outer, inner)) {
      // Best effort for formats whose labels repeat across tables: name the table first.
      const titled = `${matcher.index.tableById.get(cell.table)!.definition.title}/${outer}`;
      if (leadsBack(cell, titled, inner)) outer = titled;
    }
    return { cell, outer, inner };
  });
  plans.set(format, plan);
  return plan;
}

/**
 * The label-keyed form of a report: official label paths as keys (row path; the column path as the
 * inner key, or the value directly for a row with one cell; column path alone for an unlabeled
 * row), every printed cell and every non-null unprinted one, so that `fromLabels(toLabels(r))`
 * gives back `r`'s cells. Throws a TypeError when the report's format is unknown.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { fromLabels, parseReport, toLabels } from 'xxgk';
 * const parsed = parseReport(readFileSync('examples/qingshan-2022.json', 'utf8'));
 * if (!parsed.success) throw parsed.error;
 * const labels = toLabels(parsed.data); // official label paths as keys, for people and spreadsheets
 * const back = fromLabels(labels);
 * console.log(JSON.stringify(back.report?.tables) === JSON.stringify(parsed.data.tables)); // true
 * ```
 */
export function toLabels(report: Report, options: Pick<ImportOptions, 'formats'> = {}): LabelDocument {
  const format = getFormat(report.format, options.formats ?? []);
  if (!format) throw new TypeError(`unknown format ${JSON.stringify(report.format)}: pass it in options.formats`);
  const cells: LabelCells = {};
  for (const { cell, outer, inner } of keyPlan(format)) {
    const raw = report.tables[cell.table]?.[cell.row.id]?.[cell.column.id];
    const value: CellValue = typeof raw === 'number' || typeof raw === 'string' ? raw : null;
    if (!cell.printed && value === null) continue;
    if (inner === undefined) {
      setOwn(cells, outer, value);
      continue;
    }
    let row = Object.hasOwn(cells, outer) ? cells[outer] : undefined;
    if (!isPlainObject(row)) {
      row = {};
      setOwn(cells, outer, row);
    }
    setOwn(row, inner, value);
  }
  const document: LabelDocument = { format: report.format, agency: report.metadata.agency, year: report.metadata.year, cells };
  for (const key of OPTIONAL_METADATA) {
    const value = report.metadata[key];
    if (value !== undefined) (document as unknown as Record<string, unknown>)[key] = value;
  }
  if (report.sections.length > 0) document.sections = structuredClone(report.sections);
  return document;
}

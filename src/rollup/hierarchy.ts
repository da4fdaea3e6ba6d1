import { getFormat } from '../formats/catalogue.js';
import type { Format } from '../formats/define.js';
import type { Report } from '../model/report.js';
import { Decimal, isDecimalString } from '../model/values.js';
import { compare, subtract, toAmount, type Num } from '../issues/amount.js';
import { fingerprintOf, type HierarchyIssue } from '../issues/issues.js';
import { messageOf, type IssueData, type Locale } from '../issues/messages.js';
import { checkFormat, checkFormats } from '../formats/check.js';
import { planFor } from '../formats/plan.js';
import { aggregate } from './aggregate.js';

/** Options of {@link checkHierarchy}. */
export interface CheckHierarchyOptions {
  readonly locale?: Locale;
  readonly format?: Format;
  readonly formats?: readonly Format[];
}

/** The outcome of {@link checkHierarchy}: `ok` when every checked cell is the sum of the units'. */
export interface HierarchyResult {
  readonly ok: boolean;
  readonly issues: readonly HierarchyIssue[];
  /** How many cells were compared. */
  readonly checked: number;
}

/**
 * Checks a published aggregate (e.g. a district's report) against the reports of its units: every
 * cell where parent ≠ Σ children, with the difference and the children whose cell was absent, and
 * the cells the parent leaves absent. Issues have the shape of validation issues. Throws a
 * TypeError when the reports do not share a known format.
 *
 * @example
 * ```ts
 * import { checkHierarchy, createReport, setCell } from 'xxgk';
 * const cell = 'applications.newThisYear/total';
 * const unit = (agency: string, n: number) => setCell(createReport('gov-2021', { agency, year: 2022 }), cell, n);
 * const district = unit('青山区', 10);
 * const { issues } = checkHierarchy(district, [unit('甲局', 4), unit('乙局', 5)]);
 * console.log(issues[0]?.message); // → 一、本年新收政府信息公开申请数量（总计）：汇总报告为 10，但 2 个下级单位之和为 9，相差 1
 * ```
 */
export function checkHierarchy(parent: Report, children: readonly Report[], options: CheckHierarchyOptions = {}): HierarchyResult {
  if (options === null || typeof options !== 'object') throw new TypeError('checkHierarchy: options must be an object');
  checkFormats(options.formats, 'checkHierarchy: options.formats');
  if (options.format !== undefined) checkFormat(options.format, 'checkHierarchy: options.format');
  if (!isReportLike(parent)) throw new TypeError('checkHierarchy expects the parent report document (see parseReport)');
  const format = options.format ?? (typeof parent.format === 'string' ? getFormat(parent.format, options.formats) : undefined);
  if (!format) throw new TypeError(`unknown format ${JSON.stringify(parent.format)} of the parent report`);
  if (!Array.isArray(children) || children.length === 0) throw new TypeError('checkHierarchy needs the reports of the units');
  const notReport = children.findIndex((c) => !isReportLike(c));
  if (notReport >= 0) throw new TypeError(`unit ${notReport + 1} is not a report document (see parseReport)`);
  const other = children.find((c) => c.format !== format.id);
  if (other) {
    const agency: unknown = other.metadata.agency;
    throw new TypeError(`unit ${typeof agency === 'string' ? agency : '?'} reports in ${JSON.stringify(other.format)}, the parent in ${format.id}`);
  }
  const agency: unknown = parent.metadata.agency;
  const year: unknown = parent.metadata.year;
  const { report: sum, coverage } = aggregate(children, {
    agency: typeof agency === 'string' && agency !== '' ? agency : '(parent)',
    // The sum's year is only a label here: the parent's, else any.
    year: Number.isInteger(year) ? (year as number) : 0,
    format,
    formats: options.formats,
  });
  const locale: Locale = options.locale === 'en' ? 'en' : 'zh-CN';
  const plan = planFor(format);
  const issues: HierarchyIssue[] = [];
  let checked = 0;
  for (const cell of plan.cells) {
    const { info } = cell;
    if (!info.printed) continue;
    const expected = read(sum.tables[info.table]?.[info.row.id]?.[info.column.id], info.kind === 'money');
    if (expected === undefined) continue;
    const actual = read(parent.tables[info.table]?.[info.row.id]?.[info.column.id], info.kind === 'money');
    const partial = coverage.partial[info.ref];
    const missing = Array.isArray(partial) ? partial : [];
    const common = {
      severity: 'error' as const,
      rule: 'hierarchy.sum',
      ruleKind: 'customary' as const,
      cells: [cell.issueCell],
      expected: toAmount(expected),
      missing,
      children: children.length,
    };
    if (actual === undefined) {
      const data = { ...common, code: 'hierarchy_unchecked' as const, severity: 'warning' as const, fingerprint: fingerprintOf(['hierarchy_unchecked', info.ref]) };
      issues.push({ ...data, message: messageOf(data as IssueData, locale) });
      continue;
    }
    checked++;
    if (compare(actual, expected) === 0) continue;
    const data = {
      ...common,
      code: 'hierarchy_mismatch' as const,
      actual: toAmount(actual),
      difference: toAmount(subtract(actual, expected)),
      fingerprint: fingerprintOf(['hierarchy_mismatch', info.ref]),
    };
    issues.push({ ...data, message: messageOf(data as IssueData, locale) });
  }
  return { ok: !issues.some((i) => i.severity === 'error'), issues, checked };
}

function read(raw: unknown, money: boolean): Num | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return money ? new Decimal(raw) : raw;
  if (typeof raw === 'string' && isDecimalString(raw)) return money ? new Decimal(raw) : Number(raw);
  return undefined;
}

function isReportLike(value: unknown): value is Report {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.format === 'string' &&
    r.tables !== null &&
    typeof r.tables === 'object' &&
    r.metadata !== null &&
    typeof r.metadata === 'object'
  );
}

import type { Format } from '../formats/define.js';
import { checkFormat, checkFormats } from '../formats/check.js';
import type { Severity } from '../formats/types.js';
import type { Report } from '../model/report.js';
import type { Issue } from '../issues/issues.js';
import type { Locale } from '../issues/messages.js';

/** A waiver: issues it matches stay visible, marked waived, and no longer fail the report. */
export interface Waiver {
  /** Match issues of this rule id (e.g. `A3`). */
  readonly rule?: string;
  /** Match issues with this code. */
  readonly code?: string;
  /** Match issues about this cell (`rowId/columnId`). */
  readonly cell?: string;
  /** Match exactly one issue. */
  readonly fingerprint?: string;
  /** Why the issue is accepted; required. */
  readonly reason: string;
}

/** Options of {@link validate}. */
export interface ValidateOptions {
  /** Message language; default zh-CN. */
  readonly locale?: Locale;
  /**
   * What an absent cell means: `skip` (default: rules over it say they cannot check), `zero`
   * (count it as 0) or `error` (every absent printed cell is an error).
   */
  readonly absent?: 'skip' | 'zero' | 'error';
  /** Last year's report of the same organ, for the cross-year rules (A10, A12, A13). */
  readonly previous?: Report;
  /** Severity per rule id (e.g. `{ A3: 'warning', 'tree.sum': 'off' }`); `off` drops the rule. */
  readonly severity?: Readonly<Record<string, Severity | 'off'>>;
  readonly waivers?: readonly Waiver[];
  /** The report's format, when it is not an official one found by `report.format`. */
  readonly format?: Format;
  /** More formats to look `report.format` up in (e.g. made with `defineFormat`). */
  readonly formats?: readonly Format[];
}

/** The outcome of {@link validate}: `ok` when no error is left unwaived. */
export interface ValidationResult {
  readonly ok: boolean;
  /** The format the report was checked against, when known. */
  readonly format: string | undefined;
  readonly issues: readonly Issue[];
  readonly counts: { readonly error: number; readonly warning: number; readonly info: number; readonly waived: number };
}

const SEVERITIES: ReadonlySet<unknown> = new Set(['error', 'warning', 'info', 'off']);
const ABSENT: ReadonlySet<unknown> = new Set(['skip', 'zero', 'error']);

/** Throws a TypeError naming the first option of the wrong type. */
export function checkOptions(options: ValidateOptions): void {
  const fail = (message: string): never => {
    throw new TypeError(`validate: ${message}`);
  };
  if (options === null || typeof options !== 'object') fail('options must be an object');
  if (options.locale !== undefined && options.locale !== 'zh-CN' && options.locale !== 'en') fail('options.locale must be zh-CN or en');
  if (options.absent !== undefined && !ABSENT.has(options.absent)) fail('options.absent must be skip, zero or error');
  if (options.severity !== undefined) {
    if (options.severity === null || typeof options.severity !== 'object') fail('options.severity must be an object of rule ids');
    for (const [rule, severity] of Object.entries(options.severity)) {
      if (!SEVERITIES.has(severity)) fail(`options.severity[${JSON.stringify(rule)}] must be error, warning, info or off`);
    }
  }
  if (options.waivers !== undefined) {
    if (!Array.isArray(options.waivers)) fail('options.waivers must be an array');
    for (const w of options.waivers) {
      if (w === null || typeof w !== 'object' || typeof w.reason !== 'string') fail('each waiver must be an object with a reason');
    }
  }
  checkFormats(options.formats, 'validate: options.formats');
  if (options.format !== undefined) checkFormat(options.format, 'validate: options.format');
}

/** The result of a validation: its issues counted by severity, `ok` when no error is left unwaived. */
export function result(issues: Issue[], format: string | undefined): ValidationResult {
  const counts = { error: 0, warning: 0, info: 0, waived: 0 };
  for (const issue of issues) {
    if (issue.waived) counts.waived++;
    else counts[issue.severity]++;
  }
  return { ok: counts.error === 0, format, issues, counts };
}

/** True when a waiver matches an issue (a waiver that names nothing matches none). */
export function matches(w: Waiver, issue: Issue): boolean {
  if (w.rule === undefined && w.code === undefined && w.cell === undefined && w.fingerprint === undefined) return false;
  return (
    (w.rule === undefined || w.rule === issue.rule) &&
    (w.code === undefined || w.code === issue.code) &&
    (w.fingerprint === undefined || w.fingerprint === issue.fingerprint) &&
    (w.cell === undefined || issue.cells.some((c) => c.ref === w.cell))
  );
}

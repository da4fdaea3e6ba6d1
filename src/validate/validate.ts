import { getFormat } from '../formats/catalogue.js';
import { planFor } from '../formats/plan.js';
import type { Report } from '../model/report.js';
import type { Issue } from '../issues/issues.js';
import { messageOf, type IssueData, type Locale } from '../issues/messages.js';
import { checkCrossYear } from './cross-year.js';
import { checkAttachments, checkSections } from './document.js';
import { base, isObject } from './emit.js';
import { checkNarrative } from './narrative.js';
import { checkOptions, matches, result, type ValidateOptions, type ValidationResult } from './options.js';
import { checkRelations, emitGroups } from './relations.js';
import { acquire, readValues } from './values.js';

export type { ValidateOptions, ValidationResult, Waiver } from './options.js';

/**
 * Checks a report against its format: tree relations, the declared identities, values, the
 * narrative's figures, sections, and (with `previous`) last year's report. Never throws on bad
 * data, whatever the report holds; returns the issues as data. Throws a TypeError for options of
 * the wrong type (an unknown `absent` or severity, waivers or formats that are not arrays).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { importText, validate } from 'xxgk';
 * const { report } = importText(readFileSync('examples/jiangbei-2017.txt', 'utf8'));
 * const result = validate(report!, { locale: 'en', absent: 'skip' });
 * console.log(result.ok, result.counts.error, result.counts.warning); // → true 0 1
 * const [issue] = result.issues;
 * console.log(issue?.severity, issue?.rule, issue?.message); // → warning A11 the text says information published proactively is 793 ("我办主动公开政府信息793条"), but the table says （一）主动公开政府信息数 is 803; 793 is the value of 2.政府网站公开政府信息数
 * ```
 */
export function validate(report: Report, options: ValidateOptions = {}): ValidationResult {
  checkOptions(options);
  const locale: Locale = options.locale === 'en' ? 'en' : 'zh-CN';
  const out: Issue[] = [];
  const emit = (data: IssueData) => {
    const override = options.severity && Object.hasOwn(options.severity, data.rule) ? options.severity[data.rule] : undefined;
    if (override === 'off') return;
    const severity = override ?? data.severity;
    const withSeverity = { ...data, severity } as IssueData;
    const issue = { ...withSeverity, message: messageOf(withSeverity, locale) } as Issue;
    const waiver = options.waivers?.find((w) => matches(w, issue));
    out.push(waiver ? ({ ...issue, waived: { reason: waiver.reason } } as Issue) : issue);
  };

  const formatId = isObject(report) && typeof report.format === 'string' ? report.format : undefined;
  const format = options.format ?? (formatId ? getFormat(formatId, options.formats) : undefined);
  if (!format || !isObject(report)) {
    emit(base('unknown_format', 'format.known', 'error', [], { path: String(formatId ?? '(none)') }));
    return result(out, undefined);
  }
  const plan = planFor(format);
  const scratch = acquire(plan);
  try {
    const state = readValues(report, plan, options.absent ?? 'skip', emit, scratch);
    checkRelations(state, emit);
    if (options.previous) checkCrossYear(report, state, options.previous, options.formats, emit);
    emitGroups(state, emit);
    checkNarrative(report, state, emit);
  } finally {
    scratch.busy = false;
  }
  checkSections(report, plan, emit);
  checkAttachments(report, plan, emit);
  return result(out, format.id);
}

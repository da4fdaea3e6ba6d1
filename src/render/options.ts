import { DERIVED_NOTE, METADATA_LABELS, VALIDATION_TITLE, chineseDate } from '../formats/conventions.js';
import type { Locale } from '../model/locale.js';
import { getFormat } from '../formats/catalogue.js';
import type { Format } from '../formats/define.js';
import { reportProblem, type Report } from '../model/report.js';
import { checkFormat } from '../formats/check.js';

/** The severity of an issue listed in the validation summary. */
export type RenderSeverity = 'error' | 'warning' | 'info';

/** The part of a validation result the renderers list: each issue's severity, message and rule. */
export interface ValidationSummary {
  readonly issues: readonly { readonly severity: RenderSeverity; readonly message: string; readonly rule?: string | undefined }[];
}

/** Options of {@link renderMarkdown} and {@link renderText}. */
export interface RenderOptions {
  /** The report's format; default: the official format named by `report.format`. */
  readonly format?: Format;
  /** Plain text only: the line width in display columns (default 80, at least 20). */
  readonly width?: number;
  /** How an absent cell prints (default `—`). */
  readonly absent?: string;
  /** Mark the cells listed in `report.derived` with `*` and a footnote (default true). */
  readonly markDerived?: boolean;
  /** Render only the tables, or only the text (default both). */
  readonly only?: 'tables' | 'text';
  /** Render one section: its template id (`applications`) or its number (`三`, `3`). */
  readonly section?: string | number;
  /** A validation result to append as a closing section (校验结果). */
  readonly validation?: ValidationSummary;
  /** Language of the few fixed strings the renderer adds (default zh-CN); the report itself is not translated. */
  readonly locale?: Locale;
}

/** The fixed strings a renderer adds, per locale. */
export interface RenderStrings {
  readonly agency: string;
  readonly region: string;
  readonly year: string;
  readonly publishedOn: string;
  readonly sourceUrl: string;
  /** Between a field's label and its value. */
  readonly colon: string;
  readonly yearValue: (year: number) => string;
  readonly date: (iso: string) => string;
  readonly derivedNote: string;
  readonly subtotal: string;
  readonly validation: string;
  readonly noIssues: string;
  readonly severity: Readonly<Record<RenderSeverity, string>>;
  /** Wraps a rule id after a message. */
  readonly rule: (rule: string) => string;
}

/** The fixed strings of each locale. */
export const STRINGS: Readonly<Record<Locale, RenderStrings>> = {
  'zh-CN': {
    ...METADATA_LABELS['zh-CN'],
    colon: '：',
    yearValue: (year) => `${year}年`,
    date: chineseDate,
    derivedNote: DERIVED_NOTE['zh-CN'],
    subtotal: '小计',
    validation: VALIDATION_TITLE['zh-CN'],
    noIssues: '未发现问题。',
    severity: { error: '错误', warning: '警告', info: '提示' },
    rule: (rule) => `（${rule}）`,
  },
  en: {
    ...METADATA_LABELS.en,
    colon: ': ',
    yearValue: (year) => String(year),
    date: (iso) => iso,
    derivedNote: DERIVED_NOTE.en,
    subtotal: 'subtotal',
    validation: VALIDATION_TITLE.en,
    noIssues: 'No issues found.',
    severity: { error: 'error', warning: 'warning', info: 'info' },
    rule: (rule) => ` (${rule})`,
  },
};

/** Render options with their defaults applied. */
export interface ResolvedOptions {
  readonly format: Format;
  readonly width: number;
  readonly absent: string;
  readonly markDerived: boolean;
  readonly only: 'tables' | 'text' | undefined;
  readonly section: string | number | undefined;
  readonly validation: ValidationSummary | undefined;
  readonly locale: Locale;
  readonly strings: RenderStrings;
}

/**
 * Applies the defaults; throws a TypeError for a value that is not a report document (see
 * `parseReport`), an unknown format or a bad option.
 */
export function resolveOptions(report: Report, options: RenderOptions = {}): ResolvedOptions {
  const problem = reportProblem(report);
  if (problem) throw new TypeError(`the renderers take a report document: ${problem}`);
  if (options === null || typeof options !== 'object') throw new TypeError('render options must be an object');
  if (options.format !== undefined) checkFormat(options.format, 'options.format');
  const format = options.format ?? getFormat(report.format);
  if (!format) {
    throw new TypeError(
      `unknown format ${JSON.stringify(report.format)}: pass options.format (a format made with defineFormat) or use gov-2014, gov-2019 or gov-2021`,
    );
  }
  const width = options.width ?? 80;
  if (!Number.isInteger(width) || width < 20) throw new TypeError(`width must be an integer of at least 20, got ${String(width)}`);
  const locale = options.locale ?? 'zh-CN';
  if (locale !== 'zh-CN' && locale !== 'en') throw new TypeError(`unknown locale ${show(locale)}: use zh-CN or en`);
  if (options.only !== undefined && options.only !== 'tables' && options.only !== 'text') {
    throw new TypeError(`only must be "tables" or "text", got ${show(options.only)}`);
  }
  if (options.absent !== undefined && typeof options.absent !== 'string') throw new TypeError(`absent must be a string, got ${show(options.absent)}`);
  if (options.section !== undefined && typeof options.section !== 'string' && typeof options.section !== 'number') {
    throw new TypeError(`section must be a section id or number, got ${show(options.section)}`);
  }
  const validation = options.validation;
  if (validation !== undefined) {
    const issues: unknown = validation !== null && typeof validation === 'object' ? validation.issues : undefined;
    if (!Array.isArray(issues) || !issues.every(isSummaryIssue)) {
      throw new TypeError('validation must be a validation result: { issues: [{ severity, message, rule? }] }');
    }
  }
  return {
    format,
    width,
    absent: options.absent ?? '—',
    markDerived: options.markDerived ?? true,
    only: options.only,
    section: options.section,
    validation,
    locale,
    strings: STRINGS[locale],
  };
}

const SEVERITIES: ReadonlySet<unknown> = new Set(['error', 'warning', 'info']);

function isSummaryIssue(issue: unknown): boolean {
  if (issue === null || typeof issue !== 'object') return false;
  const { severity, message, rule } = issue as Record<string, unknown>;
  return SEVERITIES.has(severity) && typeof message === 'string' && (rule === undefined || typeof rule === 'string');
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

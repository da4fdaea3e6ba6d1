import type { LocalizedText } from '../formats/types.js';
import type { Amount, ArithmeticIssue, BlankBounds, Interval, Issue, IssueCell } from './issues.js';

import type { Locale } from '../model/locale.js';

export { LOCALES, type Locale } from '../model/locale.js';

/** An issue before its message is written. */
export type IssueData = Issue extends infer I ? (I extends Issue ? Omit<I, 'message'> : never) : never;

const abs = (d: Amount): string => (typeof d === 'number' ? String(Math.abs(d)) : d.replace(/^-/, ''));
const names = (cells: readonly IssueCell[], sep: string) => cells.map((c) => c.name).join(sep);
const text = (t: LocalizedText | undefined, locale: Locale) => (t ? t[locale] : '');
/** Any value as short text; never throws (objects without a usable toString included). */
const quote = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json.length > 80 ? `${json.slice(0, 80)}…` : json;
  } catch {
    /* cyclic or hostile: fall through */
  }
  return Object.prototype.toString.call(value);
};

/** Blank cells named when three or fewer, else counted. */
const blanks = (cells: readonly IssueCell[] | undefined, count: number | undefined, locale: Locale): string => {
  const n = count ?? cells?.length ?? 0;
  if (cells && cells.length > 0 && cells.length <= 3 && n === cells.length) return names(cells, locale === 'en' ? ', ' : '、');
  return locale === 'en' ? `${n} cells` : `${n} 个单元格`;
};
/** A side of an error over blanks: its value, or the end of its range the error is about. */
const side = (range: Interval | undefined, value: Amount, locale: Locale): string => {
  const fixed = !range || (range.min !== undefined && range.min === range.max);
  if (locale === 'en') return fixed ? `is ${value}` : range.max === value ? `is at most ${value}` : `is at least ${value}`;
  return fixed ? `为 ${value}` : range.max === value ? `至多为 ${value}` : `至少为 ${value}`;
};
/** The note on the blanks an error ran over. */
const blankNote = (i: BlankBounds, locale: Locale): string => {
  if (!i.blank || i.blank.length === 0) return '';
  return locale === 'en'
    ? ` (blank: ${blanks(i.blank, undefined, 'en')}, taken as unknown values ≥ 0)`
    : `（未填报的${i.blank.length > 3 ? ' ' : ''}${blanks(i.blank, undefined, 'zh-CN')}按不小于 0 的未知数计）`;
};
/** What a grouped issue is about: its rule's description, else the rule id. */
const subject = (i: { description?: LocalizedText; rule: string }, locale: Locale): string =>
  i.description ? i.description[locale] : locale === 'en' ? `rule ${i.rule}` : `规则 ${i.rule}`;

type DataFor<C> = IssueData extends infer I ? (I extends { code: infer K } ? (C extends K ? I : never) : never) : never;
/** One message template per issue code, each given the data of its own kind of issue. */
export type MessageTemplates = { [C in Issue['code']]: (issue: DataFor<C>) => string };
type Templates = MessageTemplates;

const zh: Templates = {
  sum_mismatch: (i) => arithmetic(i, 'zh-CN'),
  identity_mismatch: (i) => arithmetic(i, 'zh-CN'),
  cross_year_mismatch: (i) => arithmetic(i, 'zh-CN'),
  part_exceeds_whole: (i) =>
    i.bounds
      ? `${i.cells[1]?.name}${side(i.bounds.left, i.actual, 'zh-CN')}，大于${i.cells[0]?.name}${i.bounds.right.min === i.bounds.right.max ? '的' : '可能的最大值'} ${i.expected}${blankNote(i, 'zh-CN')}`
      : `${i.cells[1]?.name}为 ${i.actual}，大于${i.cells[0]?.name}的 ${i.expected}`,
  bound_exceeded: (i) => `${names(i.cells, '、')}：${i.actual} 超过了上限 ${i.expected}（${text(i.description, 'zh-CN')}）${blankNote(i, 'zh-CN')}`,
  distinct_out_of_range: (i) =>
    `${i.cells[0]?.name}${side(i.bounds?.left, i.actual, 'zh-CN')}，应不小于任一渠道数（${i.min ?? '—'}）${i.max === undefined ? '' : `且不大于各渠道之和（${i.max}）`}${blankNote(i, 'zh-CN')}`,
  narrative_mismatch: (i) =>
    `正文称${text(i.description, 'zh-CN')}为 ${i.quoted}（“${i.excerpt}”），但表中${names(i.quotes, '与')}为 ${i.actual}` +
    (i.alsoEquals.length > 0 ? `；${i.quoted} 是${names(i.alsoEquals, '、')}的数值` : ''),
  not_integer: (i) => `${i.cells[0]?.name}应为整数，实为 ${quote(i.value)}`,
  negative: (i) => `${i.cells[0]?.name}不应为负数，实为 ${quote(i.value)}`,
  unsafe_integer: (i) => `${i.cells[0]?.name}的数值 ${quote(i.value)} 超出可精确表示的整数范围`,
  too_many_decimals: (i) => `${i.cells[0]?.name}的金额 ${quote(i.value)} 超过 6 位小数`,
  wrong_type: (i) => `${i.cells[0]?.name}的值 ${quote(i.value)} 类型不符（计数应为数字，金额应为十进制字符串）`,
  not_a_number: (i) => `${i.cells[0]?.name}的值 ${quote(i.value)} 不是数字`,
  cannot_check: (i) =>
    `${subject(i, 'zh-CN')}：${(i.relations ?? 1) > 1 ? `${i.relations} 处` : ''}无法校验，` +
    (i.absent.length > 0 ? `${blanks(i.absent, i.count, 'zh-CN')}未填报` : '上年报告的数值未填报'),
  holds_if_zero: (i) =>
    `${subject(i, 'zh-CN')}：${blanks(i.absent, i.count, 'zh-CN')}未填报，按 0 计${(i.relations ?? 1) > 1 ? `这 ${i.relations} 处均` : '则'}成立`,
  absent_cell: (i) => `${i.cells[0]?.name}未填报`,
  absent_cells: (i) => `共有 ${i.count} 个单元格未填报，按不小于 0 的未知数校验`,
  unknown_cell: (i) => `报告格式中没有这个单元格：${i.path}`,
  unknown_reference: (i) => `正文引用的单元格 {{${i.path}}} 不存在`,
  unknown_format: (i) => `未知的报告格式：${i.path}`,
  unknown_table: (i) => `附件列出的表格 ${quote(i.value)} 不在报告格式中（${i.path}）`,
  repeated_table: (i) => `附件再次列出了表格 ${quote(i.value)}（${i.path}），它只印一次`,
  section_missing: (i) => `缺少“${i.title}”部分`,
  section_order: (i) => `“${i.title}”部分的位置不符合格式规定的顺序`,
  mention_missing: (i) => `“${i.title}”部分未作说明：${text(i.description, 'zh-CN')}`,
  section_too_long: (i) => `“${i.title}”部分共 ${i.length} 字，超过原则上 ${i.limit} 字的篇幅`,
  not_comparable: (i) => `上年报告（${i.previousFormat}）没有对应的单元格，${i.rule} 无法跨年度比较：${names(i.cells, '、')}`,
  previous_year_mismatch: (i) => `作为上年报告传入的是 ${i.previousYear} 年度的报告，未作跨年度校验`,
  previous_agency_mismatch: (i) => `作为上年报告传入的是${i.previousAgency}的报告，未作跨年度校验`,
  hierarchy_mismatch: (i) =>
    `${i.cells[0]?.name}：汇总报告为 ${i.actual}，但 ${i.children} 个下级单位之和为 ${i.expected}，相差 ${abs(i.difference ?? 0)}` +
    (i.missing.length > 0 ? `（${i.missing.join('、')}未填报）` : ''),
  hierarchy_unchecked: (i) => `${i.cells[0]?.name}：汇总报告未填报，无法与 ${i.children} 个下级单位之和 ${i.expected} 核对`,
};

const en: Templates = {
  sum_mismatch: (i) => arithmetic(i, 'en'),
  identity_mismatch: (i) => arithmetic(i, 'en'),
  cross_year_mismatch: (i) => arithmetic(i, 'en'),
  part_exceeds_whole: (i) =>
    i.bounds
      ? `${i.cells[1]?.name} ${side(i.bounds.left, i.actual, 'en')}, more than ${i.cells[0]?.name}${i.bounds.right.min === i.bounds.right.max ? '' : ' can be'} (${i.expected})${blankNote(i, 'en')}`
      : `${i.cells[1]?.name} is ${i.actual}, more than ${i.cells[0]?.name} (${i.expected})`,
  bound_exceeded: (i) => `${names(i.cells, ', ')}: ${i.actual} exceeds the bound ${i.expected} (${text(i.description, 'en')})${blankNote(i, 'en')}`,
  distinct_out_of_range: (i) =>
    `${i.cells[0]?.name} ${side(i.bounds?.left, i.actual, 'en')}; it should be at least the largest channel (${i.min ?? '—'})${i.max === undefined ? '' : ` and at most their sum (${i.max})`}${blankNote(i, 'en')}`,
  narrative_mismatch: (i) =>
    `the text says ${text(i.description, 'en')} is ${i.quoted} ("${i.excerpt}"), but the table says ${names(i.quotes, ' + ')} is ${i.actual}` +
    (i.alsoEquals.length > 0 ? `; ${i.quoted} is the value of ${names(i.alsoEquals, ', ')}` : ''),
  not_integer: (i) => `${i.cells[0]?.name} must be a whole number, not ${quote(i.value)}`,
  negative: (i) => `${i.cells[0]?.name} must not be negative, not ${quote(i.value)}`,
  unsafe_integer: (i) => `${i.cells[0]?.name}: ${quote(i.value)} is beyond the exactly representable integers`,
  too_many_decimals: (i) => `${i.cells[0]?.name}: the amount ${quote(i.value)} has more than 6 decimals`,
  wrong_type: (i) => `${i.cells[0]?.name}: ${quote(i.value)} has the wrong type (counts are numbers, money is a decimal string)`,
  not_a_number: (i) => `${i.cells[0]?.name}: ${quote(i.value)} is not a number`,
  cannot_check: (i) =>
    `${subject(i, 'en')}: cannot check${(i.relations ?? 1) > 1 ? ` ${i.relations} instances` : ''}, ` +
    (i.absent.length > 0 ? `${blanks(i.absent, i.count, 'en')} not reported` : "last year's report leaves a value blank"),
  holds_if_zero: (i) =>
    `${subject(i, 'en')}: ${blanks(i.absent, i.count, 'en')} not reported; ${(i.relations ?? 1) > 1 ? `all ${i.relations} instances hold` : 'it holds'} if they are 0`,
  absent_cell: (i) => `${i.cells[0]?.name} is not reported`,
  absent_cells: (i) => `${i.count} cells are not reported; the rules over them take them as unknown values ≥ 0`,
  unknown_cell: (i) => `the format has no such cell: ${i.path}`,
  unknown_reference: (i) => `the text refers to a cell that does not exist: {{${i.path}}}`,
  unknown_format: (i) => `unknown report format: ${i.path}`,
  unknown_table: (i) => `an attachment lists ${quote(i.value)}, a table the format does not have (${i.path})`,
  repeated_table: (i) => `an attachment lists the table ${quote(i.value)} again (${i.path}); it prints once`,
  section_missing: (i) => `the section "${i.title}" is missing`,
  section_order: (i) => `the section "${i.title}" is out of the official order`,
  mention_missing: (i) => `the section "${i.title}" does not state it: ${text(i.description, 'en')}`,
  section_too_long: (i) => `the section "${i.title}" has ${i.length} characters, over the ${i.limit}-character guideline`,
  not_comparable: (i) => `last year's report (${i.previousFormat}) has no matching cells; ${i.rule} cannot be compared across years: ${names(i.cells, ', ')}`,
  previous_year_mismatch: (i) => `the report given as last year's is for ${i.previousYear}; the cross-year rules were not run`,
  previous_agency_mismatch: (i) => `the report given as last year's is ${i.previousAgency}'s; the cross-year rules were not run`,
  hierarchy_mismatch: (i) =>
    `${i.cells[0]?.name}: the aggregate says ${i.actual}, but its ${i.children} units add up to ${i.expected}, a difference of ${abs(i.difference ?? 0)}` +
    (i.missing.length > 0 ? ` (not reported by ${i.missing.join(', ')})` : ''),
  hierarchy_unchecked: (i) => `${i.cells[0]?.name}: the aggregate does not report it, so it cannot be checked against its ${i.children} units (${i.expected})`,
};

/** An equation that fails: both sides' values, or with blanks the ends of their ranges that cannot meet. */
function arithmetic(i: Omit<ArithmeticIssue, 'message'>, locale: Locale): string {
  if (!i.bounds) {
    return locale === 'en'
      ? `${i.sides.left.en} is ${i.actual}, but ${i.sides.right.en} is ${i.expected}, a difference of ${abs(i.difference)}`
      : `${i.sides.left['zh-CN']}为 ${i.actual}，但${i.sides.right['zh-CN']}为 ${i.expected}，相差 ${abs(i.difference)}`;
  }
  return locale === 'en'
    ? `${i.sides.left.en} ${side(i.bounds.left, i.actual, 'en')}, but ${i.sides.right.en} ${side(i.bounds.right, i.expected, 'en')}${blankNote(i, 'en')}`
    : `${i.sides.left['zh-CN']}${side(i.bounds.left, i.actual, 'zh-CN')}，但${i.sides.right['zh-CN']}${side(i.bounds.right, i.expected, 'zh-CN')}${blankNote(i, 'zh-CN')}`;
}

const TEMPLATES: Record<Locale, Templates> = { 'zh-CN': zh, en };

/** The message of an issue in a locale (zh-CN by default), written from the issue's data. */
export function formatIssue(issue: Issue, locale: Locale = 'zh-CN'): string {
  return messageOf(issue as IssueData, locale);
}

/** The message of an issue's data, before the issue is made. */
export function messageOf(data: IssueData, locale: Locale): string {
  const templates = Object.hasOwn(TEMPLATES, locale) ? TEMPLATES[locale] : zh;
  const code: unknown = data?.code;
  if (typeof code !== 'string' || !Object.hasOwn(templates, code)) throw new TypeError(`formatIssue: unknown issue code ${JSON.stringify(code)}`);
  const template = templates[code as keyof Templates] as (i: IssueData) => string;
  return template(data);
}

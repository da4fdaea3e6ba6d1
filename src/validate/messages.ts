import type { LocalizedText } from '../formats/types.js';
import type { Amount, Issue, IssueCell } from './issues.js';

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

type DataFor<C> = IssueData extends infer I ? (I extends { code: infer K } ? (C extends K ? I : never) : never) : never;
type Templates = { [C in Issue['code']]: (issue: DataFor<C>) => string };

const zh: Templates = {
  sum_mismatch: (i) => `${i.sides.left['zh-CN']}为 ${i.actual}，但${i.sides.right['zh-CN']}为 ${i.expected}，相差 ${abs(i.difference)}`,
  identity_mismatch: (i) => `${i.sides.left['zh-CN']}为 ${i.actual}，但${i.sides.right['zh-CN']}为 ${i.expected}，相差 ${abs(i.difference)}`,
  cross_year_mismatch: (i) => `${i.sides.left['zh-CN']}为 ${i.actual}，但${i.sides.right['zh-CN']}为 ${i.expected}，相差 ${abs(i.difference)}`,
  part_exceeds_whole: (i) => `${i.cells[1]?.name}为 ${i.actual}，大于${i.cells[0]?.name}的 ${i.expected}`,
  bound_exceeded: (i) => `${names(i.cells, '、')}：${i.actual} 超过了上限 ${i.expected}（${text(i.description, 'zh-CN')}）`,
  distinct_out_of_range: (i) =>
    `${i.cells[0]?.name}为 ${i.actual}，应不小于任一渠道数（${i.min}）且不大于各渠道之和（${i.max}）`,
  narrative_mismatch: (i) =>
    `正文称${text(i.description, 'zh-CN')}为 ${i.quoted}（“${i.excerpt}”），但表中${names(i.quotes, '与')}为 ${i.actual}` +
    (i.alsoEquals.length > 0 ? `；${i.quoted} 是${names(i.alsoEquals, '、')}的数值` : ''),
  not_integer: (i) => `${i.cells[0]?.name}应为整数，实为 ${quote(i.value)}`,
  negative: (i) => `${i.cells[0]?.name}不应为负数，实为 ${quote(i.value)}`,
  unsafe_integer: (i) => `${i.cells[0]?.name}的数值 ${quote(i.value)} 超出可精确表示的整数范围`,
  too_many_decimals: (i) => `${i.cells[0]?.name}的金额 ${quote(i.value)} 超过 6 位小数`,
  wrong_type: (i) => `${i.cells[0]?.name}的值 ${quote(i.value)} 类型不符（计数应为数字，金额应为十进制字符串）`,
  not_a_number: (i) => `${i.cells[0]?.name}的值 ${quote(i.value)} 不是数字`,
  cannot_check: (i) => `${text(i.description, 'zh-CN')}：无法校验，${names(i.absent, '、')}未填报`,
  absent_cell: (i) => `${i.cells[0]?.name}未填报`,
  absent_cells: (i) => `共有 ${i.count} 个单元格未填报，涉及它们的规则未能校验`,
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
  previous_year_mismatch: (i) => `作为上年报告传入的是 ${i.previousYear} 年度的报告`,
  hierarchy_mismatch: (i) =>
    `${i.cells[0]?.name}：汇总报告为 ${i.actual}，但 ${i.children} 个下级单位之和为 ${i.expected}，相差 ${abs(i.difference ?? 0)}` +
    (i.missing.length > 0 ? `（${i.missing.join('、')}未填报）` : ''),
  hierarchy_unchecked: (i) => `${i.cells[0]?.name}：汇总报告未填报，无法与 ${i.children} 个下级单位之和 ${i.expected} 核对`,
};

const en: Templates = {
  sum_mismatch: (i) => `${i.sides.left.en} is ${i.actual}, but ${i.sides.right.en} is ${i.expected}, a difference of ${abs(i.difference)}`,
  identity_mismatch: (i) => `${i.sides.left.en} is ${i.actual}, but ${i.sides.right.en} is ${i.expected}, a difference of ${abs(i.difference)}`,
  cross_year_mismatch: (i) => `${i.sides.left.en} is ${i.actual}, but ${i.sides.right.en} is ${i.expected}, a difference of ${abs(i.difference)}`,
  part_exceeds_whole: (i) => `${i.cells[1]?.name} is ${i.actual}, more than ${i.cells[0]?.name} (${i.expected})`,
  bound_exceeded: (i) => `${names(i.cells, ', ')}: ${i.actual} exceeds the bound ${i.expected} (${text(i.description, 'en')})`,
  distinct_out_of_range: (i) =>
    `${i.cells[0]?.name} is ${i.actual}; it should be at least the largest channel (${i.min}) and at most their sum (${i.max})`,
  narrative_mismatch: (i) =>
    `the text says ${text(i.description, 'en')} is ${i.quoted} ("${i.excerpt}"), but the table says ${names(i.quotes, ' + ')} is ${i.actual}` +
    (i.alsoEquals.length > 0 ? `; ${i.quoted} is the value of ${names(i.alsoEquals, ', ')}` : ''),
  not_integer: (i) => `${i.cells[0]?.name} must be a whole number, not ${quote(i.value)}`,
  negative: (i) => `${i.cells[0]?.name} must not be negative, not ${quote(i.value)}`,
  unsafe_integer: (i) => `${i.cells[0]?.name}: ${quote(i.value)} is beyond the exactly representable integers`,
  too_many_decimals: (i) => `${i.cells[0]?.name}: the amount ${quote(i.value)} has more than 6 decimals`,
  wrong_type: (i) => `${i.cells[0]?.name}: ${quote(i.value)} has the wrong type (counts are numbers, money is a decimal string)`,
  not_a_number: (i) => `${i.cells[0]?.name}: ${quote(i.value)} is not a number`,
  cannot_check: (i) => `${text(i.description, 'en')}: cannot check, ${names(i.absent, ', ')} not reported`,
  absent_cell: (i) => `${i.cells[0]?.name} is not reported`,
  absent_cells: (i) => `${i.count} cells are not reported; the rules over them were not checked`,
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
  previous_year_mismatch: (i) => `the report given as last year's is for ${i.previousYear}`,
  hierarchy_mismatch: (i) =>
    `${i.cells[0]?.name}: the aggregate says ${i.actual}, but its ${i.children} units add up to ${i.expected}, a difference of ${abs(i.difference ?? 0)}` +
    (i.missing.length > 0 ? ` (not reported by ${i.missing.join(', ')})` : ''),
  hierarchy_unchecked: (i) => `${i.cells[0]?.name}: the aggregate does not report it, so it cannot be checked against its ${i.children} units (${i.expected})`,
};

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

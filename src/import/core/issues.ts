import type { Locale } from '../../model/locale.js';
import type { Format } from '../../formats/define.js';
import { checkFormats } from '../../formats/check.js';
import type { Report } from '../../model/report.js';
import type { CellValue } from '../../model/values.js';

/** The languages of import messages: the library's one {@link Locale}. */
export type ImportLocale = Locale;

/** What an import issue is about; the message is written from the code and the data. */
export type ImportIssueCode =
  /** A label (or a label path) that names no row or column of the format. */
  | 'unknown_label'
  /** A label path that fits several cells equally well; `candidates` lists them. */
  | 'ambiguous_label'
  /** A label with a small typo, matched to its nearest official label (named in `candidates`). */
  | 'label_typo'
  /** A value given for a label-only node (e.g. 三、本年度办理结果), which never holds one. */
  | 'label_only'
  /** A value that is not a number of the cell's kind; `reason` says why. */
  | 'bad_value'
  /** A money value with a unit suffix, converted exactly to the cell's unit. */
  | 'unit_converted'
  /** A count printed with another unit than the format's (kept as printed). */
  | 'unit_mismatch'
  /** A value on a subtotal the official table does not print, taken as the reported subtotal. */
  | 'group_value'
  /** The same cell given twice; the first value is kept. */
  | 'duplicate_cell'
  /** A line of text the importer did not understand (no importer reports it since importText reads through `assemble`: see `unplaced_text` and `table_text`; kept so that stored issues still type-check). */
  | 'unrecognized_line'
  /** No format could be found (or the named one does not exist). */
  | 'unknown_format'
  /** A paragraph that reads as a row of this format's tables (labels and numbers, or numbers alone on a line) but was in no table the reader laid out; reported, not read. */
  | 'unsupported_format'
  /** A required field (agency, year, format) is missing. */
  | 'missing_field'
  /** A field with a value of the wrong shape; it is left out. */
  | 'bad_field'
  /** A field the importer does not know; it is ignored. */
  | 'unknown_field'
  /** The input is not what the importer reads (e.g. not an object). */
  | 'bad_input'
  /** A section heading that matches no section of the format's template. */
  | 'unknown_section'
  /** A printed row of the format that the text's table does not have. */
  | 'missing_row'
  /** The text has no statistics table, or (with `table`) not this one. */
  | 'missing_table'
  /** No format was named; the official format of the report year is taken (`value`). */
  | 'format_inferred'
  /** A hidden field (an `<!-- xxgk … -->` comment) that cannot be read or applied. */
  | 'bad_comment'
  /** A heading where the document's structure has none (a second title, after the signature). */
  | 'unexpected_heading'
  /** A heading that skips a level; read as a subsection of the one before. */
  | 'heading_level'
  /** A section heading without its number (一、 （一）). */
  | 'unnumbered_heading'
  /** Text that belongs to no section (before the first heading, after the signature). */
  | 'unplaced_text'
  /** A table that matches no table of the format (its header is in `label`). */
  | 'unknown_table'
  /** A table row whose number of cells differs from its header's (`expected`, `actual`). */
  | 'row_shape'
  /** A value where the format's table has no cell. */
  | 'unplaced_value'
  /** A lone number with no place of its own, put in the one empty cell where the format's relations and identities hold with it (`cell`). */
  | 'placed_by_rules'
  /** Text in a statistics table that is no label of the format and stands beside no value (a note). */
  | 'table_text'
  /** The document read does not make a valid report (`key` is the path, `value` the problem). */
  | 'invalid_report'
  /** An unexpected failure inside the importer (a bug); nothing is returned. */
  | 'internal';

/** Why a value was refused. */
export type BadValueReason =
  | 'not_a_number'
  | 'not_integer'
  | 'negative'
  | 'unsafe_integer'
  | 'wrong_type'
  | 'wrong_unit'
  | 'too_deep';

/** Every field an import issue may carry besides its code; which ones a code always carries is {@link ImportIssuePayloads}. */
export interface ImportIssueFields {
  readonly severity: 'error' | 'warning' | 'info';
  /** The message in the requested locale (zh-CN by default). */
  readonly message: string;
  /** 1-based line number in the imported text (importText, importMarkdown). */
  readonly line?: number;
  /** The last line of a block of lines the issue covers (with `line`, its first). */
  readonly endLine?: number;
  /** 1-based page of a PDF. */
  readonly page?: number;
  /** The 1-based number of the statistics table in the document body, in reading order. */
  readonly tableNumber?: number;
  /** The 1-based row of that table's grid (rowspan and colspan expanded). */
  readonly row?: number;
  /** The 1-based column of that table's grid (rowspan and colspan expanded). */
  readonly column?: number;
  /** The input key path, keys joined with "/" (fromLabels), or the field name. */
  readonly key?: string;
  /** The table concerned: its id, or as printed when it matches none. */
  readonly table?: string;
  /** The cell concerned, `rowId/columnId`. */
  readonly cell?: string;
  /** The official label path of `cell`, for messages. */
  readonly cellLabel?: string;
  /** The label as given. */
  readonly label?: string;
  /** The closest official label paths (joined with "/"). */
  readonly candidates?: readonly string[];
  /** The value as given. */
  readonly value?: unknown;
  /** bad_value: why the value was refused. */
  readonly reason?: BadValueReason;
  /** unit_converted / unit_mismatch: the unit as given and the cell's unit. */
  readonly units?: { readonly from: string; readonly to: string };
  /** unit_converted: the value stored. */
  readonly converted?: CellValue;
  /** row_shape: the number expected. */
  readonly expected?: number;
  /** row_shape: the number found. */
  readonly actual?: number;
}

/** The fields each code always carries (the others of {@link ImportIssueFields} may be there too). */
export interface ImportIssuePayloads {
  unknown_label: { readonly label: string };
  ambiguous_label: { readonly candidates: readonly string[] };
  label_typo: { readonly label: string; readonly candidates: readonly string[] };
  label_only: { readonly value: unknown };
  bad_value: { readonly reason: BadValueReason };
  unit_converted: { readonly units: { readonly from: string; readonly to: string }; readonly converted: CellValue };
  unit_mismatch: { readonly units: { readonly from: string; readonly to: string } };
  group_value: { readonly value: unknown };
  duplicate_cell: { readonly value: unknown };
  unrecognized_line: { readonly value: unknown };
  unknown_format: object;
  unsupported_format: { readonly value: unknown };
  missing_field: { readonly key: string };
  bad_field: { readonly key: string };
  unknown_field: { readonly key: string };
  bad_input: object;
  unknown_section: { readonly label: string };
  missing_row: object;
  missing_table: object;
  format_inferred: { readonly value: unknown };
  bad_comment: object;
  unexpected_heading: object;
  heading_level: object;
  unnumbered_heading: object;
  unplaced_text: { readonly value: unknown };
  unknown_table: object;
  row_shape: { readonly expected: number; readonly actual: number };
  unplaced_value: { readonly value: unknown };
  placed_by_rules: { readonly value: unknown; readonly cell: string };
  table_text: { readonly value: unknown };
  invalid_report: object;
  internal: object;
}

/** One problem (or note) found while importing: a union on `code`, language-free data plus a message. */
export type ImportIssue = {
  readonly [C in ImportIssueCode]: { readonly code: C } & Omit<ImportIssueFields, keyof ImportIssuePayloads[C]> & ImportIssuePayloads[C];
}[ImportIssueCode];

/** An issue before its message is written. */
export type ImportIssueData = ImportIssue extends infer I ? (I extends ImportIssue ? Omit<I, 'message'> : never) : never;

/** Options every importer takes. */
export interface ImportOptions {
  /** Language of the messages; zh-CN by default. */
  readonly locale?: ImportLocale;
  /** Extra formats (e.g. made with `defineFormat`) that a format id or edition may name. */
  readonly formats?: readonly Format[];
}

/** What an importer returns: the report (undefined when none could be built) and every issue. */
export interface ImportResult {
  readonly report: Report | undefined;
  readonly issues: ImportIssue[];
}

type Templates = { readonly [C in ImportIssueCode]: (issue: ImportIssueData) => string };

const show = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return String(value);
    return json.length > 80 ? `${json.slice(0, 80)}…` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
};
/** A reason given as a sentence is shown as it is (up to 200 characters); other values as data. */
const reasonText = (value: unknown): string => (typeof value === 'string' ? (value.length > 200 ? `${value.slice(0, 200)}…` : value) : show(value));
const at = (i: ImportIssueData, zh: boolean): string => {
  if (i.line !== undefined) {
    const lines = i.endLine !== undefined && i.endLine !== i.line ? `${i.line}–${i.endLine}` : `${i.line}`;
    return zh ? `第 ${lines} 行：` : `${i.endLine !== undefined && i.endLine !== i.line ? 'lines' : 'line'} ${lines}: `;
  }
  const page = i.page !== undefined ? (zh ? `第 ${i.page} 页` : `page ${i.page}, `) : '';
  if (i.tableNumber !== undefined) {
    const row = i.row !== undefined ? (zh ? `第 ${i.row} 行` : `, row ${i.row}`) : '';
    const column = i.column !== undefined ? (zh ? `第 ${i.column} 列` : `, column ${i.column}`) : '';
    return zh ? `${page}第 ${i.tableNumber} 个表格${row}${column}：` : `${page}table ${i.tableNumber}${row}${column}: `;
  }
  if (i.page !== undefined) return zh ? `${page}：` : `page ${i.page}: `;
  return i.key !== undefined ? `${show(i.key)}: ` : '';
};
const cellName = (i: ImportIssueData): string => i.cellLabel ?? i.cell ?? '?';
const list = (items: readonly string[] | undefined, sep: string): string => (items ?? []).join(sep);

const zhReason: Record<BadValueReason, string> = {
  not_a_number: '不是数字',
  not_integer: '应为整数',
  negative: '不应为负数',
  unsafe_integer: '超出可精确表示的整数范围',
  wrong_type: '类型不符（应为数字或数字字符串）',
  wrong_unit: '单位与该单元格不符',
  too_deep: '嵌套层级过深',
};
const enReason: Record<BadValueReason, string> = {
  not_a_number: 'is not a number',
  not_integer: 'must be a whole number',
  negative: 'must not be negative',
  unsafe_integer: 'is beyond the exactly representable integers',
  wrong_type: 'has the wrong type (a number or a numeric string is expected)',
  wrong_unit: "has a unit that does not fit the cell",
  too_deep: 'is nested too deeply',
};

const zh: Templates = {
  unknown_label: (i) =>
    `${at(i, true)}格式中没有标签${show(i.label)}` +
    (i.candidates?.length ? `；最接近的是：${list(i.candidates, '；')}` : '') +
    (i.tableNumber !== undefined && i.value !== undefined ? `；数值 ${show(i.value)} 未导入` : ''),
  ambiguous_label: (i) => `${at(i, true)}标签${show(i.label)}不能唯一确定单元格，可能是：${list(i.candidates, '；')}`,
  label_typo: (i) => `${at(i, true)}标签${show(i.label)}与官方标签不完全一致，按“${list(i.candidates, '；')}”处理`,
  label_only: (i) => `${at(i, true)}“${i.cellLabel ?? i.label ?? '?'}”只是分组标签，不填数值；值 ${show(i.value)} 未导入`,
  bad_value: (i) => `${at(i, true)}${cellName(i)}的值 ${show(i.value)} ${zhReason[i.reason ?? 'not_a_number']}，未导入`,
  unit_converted: (i) =>
    `${at(i, true)}${cellName(i)}的值 ${show(i.value)} 已由${i.units?.from}换算为 ${String(i.converted)}${i.units?.to}`,
  unit_mismatch: (i) => `${at(i, true)}${cellName(i)}标注的单位为“${i.units?.from}”，格式规定为“${i.units?.to}”；数值按原样导入`,
  group_value: (i) => `${at(i, true)}${cellName(i)}是官方表格不列数值的小计，已按报告所填的小计 ${show(i.value)} 导入`,
  duplicate_cell: (i) => `${at(i, true)}${cellName(i)}重复填写（${show(i.value)}），保留第一次填写的值`,
  unrecognized_line: (i) => `${at(i, true)}无法识别这一行：${show(i.value)}`,
  unknown_format: (i) => `${at(i, true)}无法确定报告格式${i.value !== undefined ? `：${show(i.value)}` : ''}`,
  unsupported_format: (i) => `${at(i, true)}这些行像${show(i.value)}格式的表格行，但不在读取到的任何表格中，未导入`,
  missing_field: (i) => `缺少必填项“${i.key}”`,
  bad_field: (i) => `“${i.key}”的值 ${show(i.value)} 不符合要求，已忽略`,
  unknown_field: (i) => `未知字段“${i.key}”，已忽略`,
  bad_input: (i) => `${at(i, true)}无法读取输入：${reasonText(i.value)}`,
  unknown_section: (i) => `${at(i, true)}标题${show(i.label)}不是格式规定的部分`,
  missing_row: (i) => `表格中没有“${i.label}”这一行，相应单元格未填报`,
  missing_table: (i) => (i.table !== undefined ? `${at(i, true)}没有表格${show(i.table)}，其单元格未填报` : `${at(i, true)}文本中没有找到统计表`),
  format_inferred: (i) => `未注明报告格式，按报告年度${i.key !== undefined ? ` ${i.key} ` : ''}采用官方格式 ${show(i.value)}`,
  bad_comment: (i) => `${at(i, true)}无法读取或应用隐藏字段 ${show(i.value)}`,
  unexpected_heading: (i) => `${at(i, true)}此处不应有标题${show(i.label)}`,
  heading_level: (i) => `${at(i, true)}标题层级跳跃（第 ${i.actual} 级紧接第 ${i.expected} 级之后），按上一标题的下级处理`,
  unnumbered_heading: (i) => `${at(i, true)}标题${show(i.label)}没有序号`,
  unplaced_text: (i) => `${at(i, true)}这段文字不属于任何部分：${show(i.value)}`,
  unknown_table: (i) => `${at(i, true)}表头为${show(i.label)}的表格与格式中的任何表格都不对应，未导入`,
  row_shape: (i) => `${at(i, true)}该行有 ${i.actual} 个单元格，表头有 ${i.expected} 个`,
  placed_by_rules: (i) => `${at(i, true)}${show(i.value)} 不在任何一行中，按表内勾稽关系放入唯一相符的空单元格“${cellName(i)}”，请核对`,
  unplaced_value: (i) => `${at(i, true)}${show(i.value)}${i.label !== undefined ? `（${i.label}）` : ''} 所在位置${i.table !== undefined ? `（表格 ${i.table}${i.cell !== undefined ? `，${i.cell}` : ''}）` : ''}没有对应的单元格，未导入`,
  table_text: (i) => `${at(i, true)}表格中的文字${show(i.value)}不是格式中的标签，也不对应任何数值，未导入`,
  invalid_report: (i) => `读入的报告不合规范：${i.key ?? ''} ${show(i.value)}`,
  internal: (i) => `导入程序内部错误：${show(i.value)}`,
};

const en: Templates = {
  unknown_label: (i) =>
    `${at(i, false)}the format has no label ${show(i.label)}` +
    (i.candidates?.length ? `; closest: ${list(i.candidates, '; ')}` : '') +
    (i.tableNumber !== undefined && i.value !== undefined ? `; the values ${show(i.value)} were not imported` : ''),
  ambiguous_label: (i) => `${at(i, false)}the label ${show(i.label)} fits several cells: ${list(i.candidates, '; ')}`,
  label_typo: (i) => `${at(i, false)}the label ${show(i.label)} differs from the official label; read as "${list(i.candidates, '; ')}"`,
  label_only: (i) => `${at(i, false)}"${i.cellLabel ?? i.label ?? '?'}" is a label only and holds no value; ${show(i.value)} was not imported`,
  bad_value: (i) => `${at(i, false)}${cellName(i)}: the value ${show(i.value)} ${enReason[i.reason ?? 'not_a_number']}; not imported`,
  unit_converted: (i) =>
    `${at(i, false)}${cellName(i)}: ${show(i.value)} converted from ${i.units?.from} to ${String(i.converted)} ${i.units?.to}`,
  unit_mismatch: (i) => `${at(i, false)}${cellName(i)} is printed in ${i.units?.from}, the format says ${i.units?.to}; the number is kept as printed`,
  group_value: (i) => `${at(i, false)}${cellName(i)} is a subtotal the official table does not print; ${show(i.value)} was imported as the reported subtotal`,
  duplicate_cell: (i) => `${at(i, false)}${cellName(i)} is given more than once (${show(i.value)}); the first value is kept`,
  unrecognized_line: (i) => `${at(i, false)}line not understood: ${show(i.value)}`,
  unknown_format: (i) => `${at(i, false)}cannot tell the report format${i.value !== undefined ? `: ${show(i.value)}` : ''}`,
  unsupported_format: (i) => `${at(i, false)}these lines look like table rows of format ${show(i.value)} but are in no table the reader found; they were not imported`,
  missing_field: (i) => `the required field "${i.key}" is missing`,
  bad_field: (i) => `the field "${i.key}" has an unusable value ${show(i.value)}; ignored`,
  unknown_field: (i) => `unknown field "${i.key}"; ignored`,
  bad_input: (i) => `${at(i, false)}the input cannot be read: ${reasonText(i.value)}`,
  unknown_section: (i) => `${at(i, false)}the heading ${show(i.label)} is not a section of the format's template`,
  missing_row: (i) => `the table has no row "${i.label}"; its cells are not reported`,
  missing_table: (i) => (i.table !== undefined ? `${at(i, false)}the table ${show(i.table)} is missing; its cells are not reported` : `${at(i, false)}the text has no statistics table`),
  format_inferred: (i) => `no format is named; taking ${show(i.value)}, the official format for${i.key !== undefined ? ` ${i.key}` : ' the report year'}`,
  bad_comment: (i) => `${at(i, false)}cannot read or apply the hidden field ${show(i.value)}`,
  unexpected_heading: (i) => `${at(i, false)}a heading where none belongs: ${show(i.label)}`,
  heading_level: (i) => `${at(i, false)}heading level ${i.actual} follows level ${i.expected}; read as a subsection of the one before`,
  unnumbered_heading: (i) => `${at(i, false)}the heading ${show(i.label)} has no section number`,
  unplaced_text: (i) => `${at(i, false)}text outside any section: ${show(i.value)}`,
  unknown_table: (i) => `${at(i, false)}a table whose header ${show(i.label)} matches no table of the format; not imported`,
  row_shape: (i) => `${at(i, false)}the row has ${i.actual} cells, the header ${i.expected}`,
  placed_by_rules: (i) => `${at(i, false)}${show(i.value)} stands in no row; placed in the one empty cell where the table's rules hold with it, "${cellName(i)}" — please check`,
  unplaced_value: (i) => `${at(i, false)}${show(i.value)}${i.label !== undefined ? ` (${i.label})` : ''} stands where${i.table !== undefined ? ` table ${i.table}` : ' the table'} has no cell${i.cell !== undefined ? ` (${i.cell})` : ''}; not imported`,
  table_text: (i) => `${at(i, false)}the table text ${show(i.value)} is no label of the format and stands beside no value; not imported`,
  invalid_report: (i) => `the report read is not valid: ${i.key ?? ''} ${show(i.value)}`,
  internal: (i) => `internal error in the importer: ${show(i.value)}`,
};

/** The message templates of import issues, per locale. */
export const IMPORT_MESSAGES: Readonly<Record<ImportLocale, Templates>> = Object.freeze({ 'zh-CN': zh, en });

/** Writes the message of an import issue in a locale (zh-CN by default). */
export function formatImportIssue(issue: ImportIssueData, locale: ImportLocale = 'zh-CN'): string {
  const templates = typeof locale === 'string' && Object.hasOwn(IMPORT_MESSAGES, locale) ? IMPORT_MESSAGES[locale] : zh;
  return templates[issue.code](issue);
}

/** An import issue with its message written. */
export function importIssue(data: ImportIssueData, locale: ImportLocale = 'zh-CN'): ImportIssue {
  return { ...data, message: formatImportIssue(data, locale) };
}

/** Collects issues and writes their messages in one locale. */
export class IssueList {
  /** The issues so far, in order. */
  readonly items: ImportIssue[] = [];
  constructor(private readonly locale: ImportLocale = 'zh-CN') {}
  /** Adds an issue. */
  add(data: ImportIssueData): void {
    this.items.push(importIssue(data, this.locale));
  }
  /** True when an error has been added. */
  get hasError(): boolean {
    return this.items.some((i) => i.severity === 'error');
  }
}

/** Throws a TypeError for importer options of the wrong type (the input itself never throws). */
export function checkImportOptions(options: ImportOptions, name: string): void {
  if (options === null || typeof options !== 'object') throw new TypeError(`${name}: options must be an object`);
  if (options.locale !== undefined && options.locale !== 'zh-CN' && options.locale !== 'en') {
    throw new TypeError(`${name}: options.locale must be zh-CN or en`);
  }
  checkFormats(options.formats, `${name}: options.formats`);
}

import type { Locale } from '../model/locale.js';

// The conventions of official documents that the renderers write and the importers read back: the
// numbering of headings (一、 （一） 1. （1） ①), Chinese numerals and dates, and the fixed strings a
// rendered report prints. They live here, below both, so that a round trip has one source of truth.

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** A positive integer in Chinese numerals as official documents number things (1 → 一, 12 → 十二, 21 → 二十一). */
export function chineseNumeral(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n > 9999) return String(n);
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += (d === 1 && unit === '十' && out === '' ? '' : DIGITS[d]) + unit;
  });
  return out;
}

/** Reads Chinese numerals back (一 → 1, 十二 → 12); `undefined` for anything else. */
export function parseChineseNumeral(text: string): number | undefined {
  if (!/^[零〇一二三四五六七八九十百千]{1,12}$/.test(text)) return undefined;
  let total = 0;
  let digit = 0;
  const unit: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  for (const ch of text) {
    const d = DIGITS.indexOf(ch === '〇' ? '零' : ch);
    if (d >= 0) digit = d;
    else {
      total += (digit === 0 && ch === '十' ? 1 : digit) * unit[ch]!;
      digit = 0;
    }
  }
  total += digit;
  return total > 0 && chineseNumeral(total) === text.replace(/〇/g, '零') ? total : undefined;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

/**
 * The number printed before a section heading at a depth (1 = top level): 一、 for the top level,
 * （一） for subsections, 1. for the third level, （1） for the fourth and ① below that.
 */
export function sectionNumber(depth: number, n: number): string {
  switch (depth) {
    case 1:
      return `${chineseNumeral(n)}、`;
    case 2:
      return `（${chineseNumeral(n)}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
    default:
      return n <= CIRCLED.length ? CIRCLED[n - 1]! : `(${n})`;
  }
}

/** Prints an ISO date (`2018-03-20`) the way Chinese documents do (`2018年3月20日`); other text verbatim. */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** The metadata fields a rendered report prints on its metadata line. */
export type PrintedMetadataKey = 'agency' | 'region' | 'year' | 'publishedOn' | 'sourceUrl';

/** The labels of the metadata line, per locale (发布机关：… | 报告年度：…). */
export const METADATA_LABELS: Readonly<Record<Locale, Readonly<Record<PrintedMetadataKey, string>>>> = {
  'zh-CN': { agency: '发布机关', region: '行政区划', year: '报告年度', publishedOn: '发布日期', sourceUrl: '来源' },
  en: { agency: 'Agency', region: 'Region', year: 'Year', publishedOn: 'Published', sourceUrl: 'Source' },
};

/** The note under a table with derived (推算) values, per locale. */
export const DERIVED_NOTE: Readonly<Record<Locale, string>> = {
  'zh-CN': '注：标有“*”的数值为推算值，由表内其他数据计算得出。',
  en: 'Note: values marked * are derived from other figures of the table.',
};

/** The title of the closing validation section, per locale. */
export const VALIDATION_TITLE: Readonly<Record<Locale, string>> = { 'zh-CN': '校验结果', en: 'Validation' };

/** The header of the unit column (as the 2014 table prints it). */
export const UNIT_HEADER = '单位';
/** What the unit column prints for a label row. */
export const NO_UNIT = '——';
/** Joins the labels of a multi-level column header on one line. */
export const HEADER_SEPARATOR = '·';
/** The first word of the hidden field line of every Markdown report xxgk writes; `importMarkdown` reads its fields. */
export const MARKDOWN_MARKER = 'xxgk';
/** Indentation of a nested row label in a Markdown table, per level (two em spaces, kept by every Markdown reader). */
export const MARKDOWN_INDENT = '&emsp;&emsp;';
/** How an empty paragraph is written (a zero-width space), so that it survives a round trip. */
export const MARKDOWN_EMPTY = '&#8203;';
/** Custom document properties of a .docx that hold what the printed page does not show (renderDocx writes them, importDocx reads them). */
export const DOCX_PROPERTIES = {
  format: 'xxgk.format',
  level: 'xxgk.level',
  region: 'xxgk.region',
  publishedOn: 'xxgk.publishedOn',
  sourceUrl: 'xxgk.sourceUrl',
  ids: 'xxgk.ids',
  /** Set to `1` when the report has no title of its own (the usual one is printed). */
  defaultTitle: 'xxgk.defaultTitle',
} as const;

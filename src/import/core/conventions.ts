import { METADATA_LABELS, parseChineseNumeral, type PrintedMetadataKey } from '../../formats/conventions.js';
import { formatForYear } from '../../formats/catalogue.js';
import { indexFormat, type Format } from '../../formats/define.js';
import type { Section } from '../../model/report.js';
import { looseLabel } from './labels.js';

// Patterns and helpers that the text and HTML importers share: headings, dates, the attachment's
// lines, the format from the labels a document prints, and sections matched to the template.
// All patterns are linear: bounded repetitions, no nested quantifiers.

const CN_DIGITS: Readonly<Record<string, number>> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** A numbered section heading: 一、总体情况. */
export const SECTION = /^([一二三四五六七八九十]{1,3})[ \u3000]*、[ \u3000]*([^\s\t][^\t]{0,59})$/u;
/** A numbered subsection heading: （一）主动公开. */
export const SUBSECTION = /^[（(][ \u3000]*([一二三四五六七八九十]{1,3})[ \u3000]*[)）][ \u3000]*([^\s\t][^\t]{0,79})$/u;
// These patterns are linear: an optional number (or 盖章 note) brings its own white space, so that
// no two runs of \s* meet (`件\s*\d{0,2}\s*：` backtracks quadratically over a long run of spaces).
/** The list of enclosures: 附件：政府信息公开情况统计表. */
export const ENCLOSURE = /^附\s*件(?:\s*\d{1,2})?\s*[:：]\s*(\S.{0,199})$/u;
/** The enclosures an 附件： line lists (`附件：1.政府信息公开情况统计表；2.…`), undefined for another line. */
export function enclosuresOf(line: string): string[] | undefined {
  const m = ENCLOSURE.exec(line);
  if (!m) return undefined;
  return m[1]!
    .split(/[；;]|\s+(?=\d{1,2}[.、．])/u)
    .map((item) => item.trim().replace(/^\d{1,2}\s*[.、．]\s*/u, ''))
    .filter(Boolean);
}
/** The heading of an attachment: 附件： or 附件1. */
export const ATTACHMENT_HEADER = /^附\s*件(?:\s*\d{1,2})?\s*[:：]?$/u;
/** The period line of an attachment: （2017年度）. */
export const PERIOD = /^[（(]\s*((?:19|20)\d{2}\s*年度?)\s*[)）]$/u;
/** The 填报单位 line of an attachment. */
export const FILLED_BY = /^填\s*报\s*单\s*位(?:\s*[（(]\s*盖\s*章\s*[)）])?\s*[:：]\s*(.{0,200})$/u;
const DATE = /^(\d{4})(?:年(\d{1,2})月(\d{1,2})日|[-/.](\d{1,2})[-/.](\d{1,2}))$/;
const DATE_IN_TEXT = /((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/u;
const DATE_CN = /^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$/;
/** A web address in running text. */
export const URL = /https?:\/\/[A-Za-z0-9\-._~:/?#@!$&*+,;=%]{1,500}/;
/** A year as a title prints it: 2022年. */
export const YEAR = /((?:19|20)\d{2})\s*年/;
/** Text that ends a sentence (a heading or a short organ name does not). */
export const TERMINAL = /(?:[。！？；：!?;:…]|[。！？!?]["”’』」)）])$/u;
/** Longest line read as a title or an organ name. */
export const SHORT_LINE = 60;
/** Longest line read as a date or a header (a few words padded with spaces, as published texts align them). */
export const MAX_PADDED_LINE = 200;

/** A Chinese numeral (一 … 九十九 …) as a number; NaN for anything else. */
export function chineseNumber(text: string): number {
  return parseChineseNumeral(text) ?? Number.NaN;
}

/** The number of code points of a text. */
export const length = (text: string): number => Array.from(text).length;
/** A text in NFKC without white space. */
export const squash = (text: string): string => text.normalize('NFKC').replace(/\s+/gu, '');

/** An ISO date if the numbers make a real date. */
export function isoDate(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!(m >= 1 && m <= 12 && d >= 1 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d)) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** An ISO date from a date line (`2018年3月20日`, `二〇一八年三月二十日`, `2018-03-20`, `2018/3/20`, `2018.3.20`), if it is a real date. */
export function readDate(line: string): string | undefined {
  // A date line is short, even padded with spaces: a paragraph is not normalised to find out.
  if (line.length > MAX_PADDED_LINE || !/[日\d\uff10-\uff19]/u.test(line.trimEnd().slice(-1))) return undefined;
  const text = squash(line);
  const arabic = DATE.exec(text);
  if (arabic) return isoDate(Number(arabic[1]), Number(arabic[2] ?? arabic[4]), Number(arabic[3] ?? arabic[5]));
  const cn = DATE_CN.exec(text);
  if (!cn) return undefined;
  return isoDate(Number(Array.from(cn[1]!, (c) => CN_DIGITS[c]).join('')), chineseNumber(cn[2]!), chineseNumber(cn[3]!));
}

/** The first date written inside a text (`发布时间：2022-01-20 10:00`), if it is a real date. */
export function findDate(text: string): string | undefined {
  const m = DATE_IN_TEXT.exec(text.normalize('NFKC'));
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** True for a line short enough to be a title or an organ name, and not a sentence. */
export function isShort(text: string): boolean {
  // Each code point takes at most two UTF-16 units: a longer text is not counted.
  if (text.length > 2 * SHORT_LINE) return false;
  return length(text) <= SHORT_LINE && !TERMINAL.test(text);
}

// ---------------------------------------------------------------------------------------------
// The format, from the labels a document prints
// ---------------------------------------------------------------------------------------------

const vocabularies = new WeakMap<Format, Map<string, Set<string>>>();

/** Loose label → the nodes (`row:id`, `column:id`) and sections (`section:id`) of a format that print it. */
export function vocabulary(format: Format): Map<string, Set<string>> {
  const cached = vocabularies.get(format);
  if (cached) return cached;
  const map = new Map<string, Set<string>>();
  const add = (text: string, id: string) => {
    const key = looseLabel(text);
    if (!key) return;
    const set = map.get(key) ?? new Set<string>();
    set.add(id);
    map.set(key, set);
  };
  const index = indexFormat(format);
  for (const table of index.tables) {
    for (const node of [...table.rows, ...table.columns]) {
      if (node.unlabeled) continue;
      for (const text of [node.label, ...node.aliases]) add(text, `${node.axis}:${node.id}`);
    }
  }
  for (const section of format.sections) for (const text of [section.title, ...(section.aliases ?? [])]) add(text, `section:${section.id}`);
  vocabularies.set(format, map);
  return map;
}

/**
 * The candidate format that names most of its distinct nodes and sections among `keys` (loose
 * labels as printed); on a tie, the official format of `year`. Undefined when none names any.
 */
export function bestFormat(keys: ReadonlySet<string>, candidates: readonly Format[], year: number | undefined): { format: Format; score: number } | undefined {
  let best: { format: Format; score: number } | undefined;
  for (const format of candidates) {
    const found = new Set<string>();
    for (const [key, ids] of vocabulary(format)) if (keys.has(key)) for (const id of ids) found.add(id);
    const score = found.size;
    if (score === 0) continue;
    if (!best || score > best.score || (score === best.score && year !== undefined && format === formatForYear(year) && best.format !== format)) {
      best = { format, score };
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

/** A section as read, before it is matched to the format's template. */
export interface RawSection {
  readonly title: string;
  readonly paragraphs: readonly { readonly text: string }[];
  readonly subsections: readonly RawSection[];
}

/** The report's sections: each top-level one takes the id of the template section its title names (`unknown` is told of the others). */
export function sectionsOf<R extends RawSection>(format: Format, raw: readonly R[], unknown: (section: R) => void): Section[] {
  const used = new Set<string>();
  return raw.map((r) => {
    const key = looseLabel(r.title);
    const template = format.sections.find(
      (t) => !used.has(t.id) && [t.title, ...(t.aliases ?? [])].some((title) => looseLabel(title) === key),
    );
    if (template) used.add(template.id);
    else unknown(r);
    const section: Section = template
      ? { id: template.id, title: r.title, paragraphs: r.paragraphs.map((p) => p.text) }
      : { title: r.title, paragraphs: r.paragraphs.map((p) => p.text) };
    if (r.subsections.length > 0) section.subsections = r.subsections.map(subsection);
    return section;
  });
}

function subsection(r: RawSection): Section {
  const section: Section = { title: r.title, paragraphs: r.paragraphs.map((p) => p.text) };
  if (r.subsections.length > 0) section.subsections = r.subsections.map(subsection);
  return section;
}

const METADATA_KEY: ReadonlyMap<string, PrintedMetadataKey> = new Map(
  Object.values(METADATA_LABELS).flatMap((labels) => Object.entries(labels).map(([key, label]) => [label, key as PrintedMetadataKey] as const)),
);
const METADATA_FIELD = /^([^:：]{1,12})[:：]\s*(.*)$/u;
/** A label of the metadata line and its colon inside a value: fields run together, no line of the renderers'. */
const METADATA_INSIDE = new RegExp(`(?:${[...METADATA_KEY.keys()].join('|')})\\s*[:：]`, 'u');

/**
 * The fields of a metadata line as the renderers print it under the title (发布机关：… | 报告年度：2022年 |
 * 发布日期：…; parts apart by ` | ` or a run of spaces), each part a label of theirs and its value;
 * undefined for any other line, a sentence (it ends with 。) or fields run together.
 */
export function metadataFields(line: string): Map<PrintedMetadataKey, string> | undefined {
  const text = line.trim();
  // A sentence is no metadata line (a field whose value did not fit ends with its colon: 来源：).
  if (text.length > 2000 || (TERMINAL.test(text) && !/[:：]$/u.test(text))) return undefined;
  const fields = new Map<PrintedMetadataKey, string>();
  for (const part of text.split(/\s+\|\s+|[ \u3000]{2,}/u)) {
    const m = METADATA_FIELD.exec(part.trim());
    const key = m ? METADATA_KEY.get(m[1]!.trim()) : undefined;
    const value = m ? m[2]!.trim() : '';
    if (!key || fields.has(key) || METADATA_INSIDE.test(value)) return undefined;
    fields.set(key, value);
  }
  return fields.size > 0 ? fields : undefined;
}

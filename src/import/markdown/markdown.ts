import { formatForYear, getFormat } from '../../formats/catalogue.js';
import { indexFormat, resolveCell, type Format, type FormatIndex, type ResolvedNode, type TableIndex } from '../../formats/define.js';
import {
  AGENCY_LEVELS,
  ReportSchema,
  SCHEMA_VERSION,
  isId,
  type AgencyLevel,
  type Attachment,
  type Metadata,
  type Report,
  type Section,
  type Signature,
  type TableValues,
} from '../../model/report.js';
import { DECIMAL_PATTERN, type CellValue } from '../../model/values.js';
import { cellLabelPath } from '../core/labels.js';
import { readDate } from '../core/conventions.js';
import {
  DERIVED_NOTE,
  HEADER_SEPARATOR,
  MARKDOWN_EMPTY,
  METADATA_LABELS,
  UNIT_HEADER,
  VALIDATION_TITLE,
  type PrintedMetadataKey,
} from '../../formats/conventions.js';
import { isAbsentText } from '../core/values.js';
import { IssueList, checkImportOptions, type ImportIssueData, type ImportOptions, type ImportResult } from '../core/issues.js';
import { preferOtherTools } from '../text/index.js';

// The reader of the Markdown that renderMarkdown writes. That Markdown is no published form but the
// project's own serialisation of a report: its hidden fields (format, section ids, level) and its
// exact values (a count of 12.5 or -3 as written, for validate to judge) make any valid report come
// back unchanged, key for key, as JSON does through parseReport. So it is read here, by the
// conventions renderMarkdown writes (formats/conventions.ts), and not laid out for `assemble`,
// which reads what publishers print and fills, checks and converts as it places. Markdown without
// the xxgk line (other converters' output) is read by the other tools' reader into a Layout.

/** Options of {@link importMarkdown}: the locale of messages and formats besides the official ones. */
export type ImportMarkdownOptions = ImportOptions;

/** The result of {@link importMarkdown}: the report (undefined when none could be read) and the issues. */
export type ImportMarkdownResult = ImportResult;

// ---------------------------------------------------------------------------------------------
// Fixed strings of the Markdown renderer (both locales), kept here so that the importer does not
// depend on the renderer.

const METADATA_KEYS: Readonly<Record<string, MetadataKey>> = Object.fromEntries(
  Object.values(METADATA_LABELS).flatMap((labels) => Object.entries(labels).map(([key, label]) => [label, key as MetadataKey])),
);
const NOTES: ReadonlySet<string> = new Set(Object.values(DERIVED_NOTE));
const VALIDATION_TITLES: ReadonlySet<string> = new Set(Object.values(VALIDATION_TITLE));
const EMPTY_PARAGRAPH = MARKDOWN_EMPTY;
/** The fields of the `<!-- xxgk … -->` line that renderMarkdown writes. */
const HIDDEN_FIELDS: ReadonlySet<string> = new Set(['format', 'level', 'title', 'ids']);

type MetadataKey = PrintedMetadataKey;

// ---------------------------------------------------------------------------------------------
// Blocks

type Block =
  | { readonly kind: 'comment'; readonly line: number; readonly text: string }
  | { readonly kind: 'heading'; readonly line: number; readonly level: number; readonly raw: string }
  | { readonly kind: 'rule'; readonly line: number }
  | { readonly kind: 'table'; readonly line: number; readonly rows: readonly { line: number; cells: string[] }[] }
  | { readonly kind: 'paragraph'; readonly line: number; readonly lines: readonly string[] };

const BLANK = /^[ \t]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const RULE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const DELIMITER_CELL = /^:?-+:?$/;

// Runs of spaces and tabs are trimmed by hand: a pattern such as /[ \t]+$/ backtracks
// quadratically over a long run that is not at the end of the line.
const isSpaceOrTab = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';

/** `text` without spaces and tabs at its start and end. */
function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpaceOrTab(text[start])) start++;
  while (end > start && isSpaceOrTab(text[end - 1])) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** How many characters at the end of `text` satisfy `test`. */
function trailing(text: string, test: (ch: string) => boolean): number {
  let n = 0;
  while (n < text.length && test(text[text.length - 1 - n]!)) n++;
  return n;
}

/**
 * True for the delimiter row of a pipe table (`| --- | :---: |`): cells of `:?-+:?` between pipes,
 * the outer pipes optional, a leading pipe indented by at most three spaces. Linear, unlike the
 * equivalent regular expression with its adjacent runs of optional white space.
 */
function isDelimiterRow(line: string): boolean {
  let start = 0;
  while (start < line.length && isSpaceOrTab(line[start])) start++;
  let text = trimSpaces(line.slice(start));
  if (text.startsWith('|')) {
    if (start > 3 || line.slice(0, start).includes('\t')) return false;
    text = text.slice(1);
  }
  if (text.endsWith('|')) text = text.slice(0, -1);
  if (text === '') return false;
  return text.split('|').every((cell) => DELIMITER_CELL.test(trimSpaces(cell)));
}

/** True when the line holds a `|` that is not backslash-escaped. */
function hasPipe(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i += 1;
    else if (line[i] === '|') return true;
  }
  return false;
}

/** Splits a table row at its unescaped pipes; cells keep their escapes. */
function splitRow(line: string): string[] {
  const text = trimSpaces(line);
  const cells: string[] = [];
  let current = '';
  let endsWithPipe = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    endsWithPipe = false;
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[i + 1];
      i += 1;
    } else if (ch === '|') {
      cells.push(current);
      current = '';
      endsWithPipe = true;
    } else {
      current += ch;
    }
  }
  if (!endsWithPipe) cells.push(current);
  if (text.startsWith('|')) cells.shift();
  return cells.map(trimSpaces);
}

function blocksOf(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  const startsBlock = (i: number): boolean => {
    const text = lines[i]!;
    return (
      BLANK.test(text) ||
      HEADING.test(text) ||
      RULE.test(text) ||
      /^ {0,3}<!--/.test(text) ||
      (hasPipe(text) && i + 1 < lines.length && isDelimiterRow(lines[i + 1]!))
    );
  };
  let i = 0;
  while (i < lines.length) {
    const text = lines[i]!;
    const line = i + 1;
    if (BLANK.test(text)) {
      i += 1;
      continue;
    }
    if (/^ {0,3}<!--/.test(text)) {
      let end = i;
      while (end < lines.length && !lines[end]!.includes('-->') && end - i < 50) end += 1;
      end = Math.min(end, lines.length - 1);
      blocks.push({ kind: 'comment', line, text: lines.slice(i, end + 1).join('\n') });
      i = end + 1;
      continue;
    }
    const heading = HEADING.exec(text);
    if (heading) {
      let raw = trimSpaces(heading[2] ?? '');
      if (/^#+$/.test(raw)) raw = '';
      else {
        // A closing sequence of #s after white space is not part of the heading.
        const hashes = trailing(raw, (ch) => ch === '#');
        const before = raw.slice(0, raw.length - hashes);
        const gap = trailing(before, isSpaceOrTab);
        if (hashes > 0 && gap > 0) raw = before.slice(0, before.length - gap);
      }
      blocks.push({ kind: 'heading', line, level: heading[1]!.length, raw });
      i += 1;
      continue;
    }
    if (RULE.test(text)) {
      blocks.push({ kind: 'rule', line });
      i += 1;
      continue;
    }
    if (hasPipe(text) && i + 1 < lines.length && isDelimiterRow(lines[i + 1]!)) {
      const rows = [{ line, cells: splitRow(text) }];
      i += 2;
      while (i < lines.length && !BLANK.test(lines[i]!) && hasPipe(lines[i]!)) {
        rows.push({ line: i + 1, cells: splitRow(lines[i]!) });
        i += 1;
      }
      blocks.push({ kind: 'table', line, rows });
      continue;
    }
    const paragraph = [text];
    i += 1;
    while (i < lines.length && !startsBlock(i)) {
      paragraph.push(lines[i]!);
      i += 1;
    }
    blocks.push({ kind: 'paragraph', line, lines: paragraph });
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Inline text

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
};
// Sticky patterns are made per call: their lastIndex is state.
const entityPattern = () => /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/y;
const refPattern = () => /\(#([A-Za-z][A-Za-z0-9.]{0,200}(?:\/[A-Za-z][A-Za-z0-9.]{0,200})?)\)/y;
const ASCII_PUNCTUATION = /^[!-/:-@[-`{-~]$/;

/** Reads escaped Markdown text back: backslash escapes, character references and (with `isRef`) links to cells as `{{ref}}`. */
function decodeInline(text: string, isRef?: (ref: string) => boolean): string {
  const ENTITY = entityPattern();
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length && ASCII_PUNCTUATION.test(text[i + 1]!)) {
      out += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '&') {
      ENTITY.lastIndex = i;
      const m = ENTITY.exec(text);
      if (m) {
        const decoded = decodeEntity(m);
        if (decoded !== undefined) {
          out += decoded;
          i += m[0].length;
          continue;
        }
      }
    }
    if (ch === '[' && isRef) {
      const link = matchRefLink(text, i, isRef);
      if (link) {
        out += `{{${link.ref}}}`;
        i = link.end;
        continue;
      }
    }
    out += ch;
    i += 1;
  }
  return out;
}

function decodeEntity(m: RegExpExecArray): string | undefined {
  if (m[3] !== undefined) return Object.hasOwn(NAMED, m[3]) ? NAMED[m[3]] : undefined; // never &constructor;
  const code = m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16);
  if (!(code >= 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return String.fromCodePoint(code);
}

/** A link `[value](#rowId/columnId)` at `start`, as the renderer writes embedded cell references. */
function matchRefLink(text: string, start: number, isRef: (ref: string) => boolean): { ref: string; end: number } | undefined {
  const limit = Math.min(text.length, start + 200);
  for (let i = start + 1; i < limit; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i += 1;
      continue;
    }
    if (ch === '[') return undefined;
    if (ch === ']') {
      const REF = refPattern();
      REF.lastIndex = i + 1;
      const m = REF.exec(text);
      if (!m || !isRef(m[1]!)) return undefined;
      return { ref: m[1]!, end: REF.lastIndex };
    }
  }
  return undefined;
}

/** The logical lines of a paragraph (split at hard breaks), still escaped. */
function logicalLines(raw: readonly string[]): string[] {
  const out: string[] = [];
  let current = '';
  raw.forEach((source, k) => {
    let text = source.replace(/^[ \t]+/, '');
    const spaces = trailing(text, isSpaceOrTab);
    text = text.slice(0, text.length - spaces);
    const last = k === raw.length - 1;
    const backslashes = trailing(text, (ch) => ch === '\\');
    if (!last && backslashes % 2 === 1) {
      out.push(current + text.slice(0, -1));
      current = '';
    } else if (!last && spaces >= 2) {
      out.push(current + text);
      current = '';
    } else if (!last) {
      const next = raw[k + 1]!.replace(/^[ \t]+/, '');
      const cjk = /[^\x00-\x7f]$/.test(text) || /^[^\x00-\x7f]/.test(next);
      current += text + (cjk ? '' : ' ');
    } else {
      current += text;
    }
  });
  out.push(current);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tables

interface ImportPart {
  readonly table: TableIndex;
  readonly block: ResolvedNode | undefined;
  readonly captions: ReadonlySet<string>;
  readonly rows: readonly ResolvedNode[];
  readonly columns: readonly ResolvedNode[];
  readonly stub: boolean;
}

const withUnit = (node: ResolvedNode, table: TableIndex): string[] => {
  const unit = node.definition.unit;
  const names = [node.label, ...node.aliases];
  if (!unit || unit === table.definition.unit) return names;
  return [...names, ...names.map((n) => `${n}（${unit}）`)];
};

function partsOf(table: TableIndex): ImportPart[] {
  const descendants = (node: ResolvedNode): ResolvedNode[] => node.children.flatMap((c) => [c, ...descendants(c)]);
  const blockTable = table.rows.some((r) => r.depth === 0 && (r.definition.columns !== undefined || r.definition.stubHeader !== undefined));
  const groups = blockTable
    ? table.rows.filter((r) => r.depth === 0).map((block) => ({ block, rows: block.valued ? [block, ...descendants(block)] : descendants(block) }))
    : [{ block: undefined, rows: [...table.rows] }];
  return groups.map(({ block, rows }) => ({
    table,
    block,
    captions: new Set(block ? withUnit(block, table) : []),
    rows,
    columns: table.valueColumns.filter((c) => !block?.columns || block.columns.includes(c.id)),
    stub: rows.some((r) => !r.unlabeled),
  }));
}

/** Every header text a column may be printed with: its label path from any level down, joined by `·`. */
function columnNames(column: ResolvedNode, table: TableIndex): Map<string, number> {
  const chain: ResolvedNode[] = [];
  for (let n: ResolvedNode | undefined = column; n; n = n.parent) if (!n.unlabeled) chain.unshift(n);
  const names = new Map<string, number>();
  const own = withUnit(column, table);
  for (let k = 0; k < chain.length; k++) {
    const prefix = chain.slice(k, -1).map((n) => n.label);
    for (const name of own) names.set([...prefix, name].join(HEADER_SEPARATOR), chain.length - k);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Reading

const CN = '[〇零一二三四五六七八九十百千]+';
const NUMBERS = [
  new RegExp(`^${CN}、`),
  new RegExp(`^（${CN}）`),
  /^\d{1,4}\./,
  /^（\d{1,4}）/,
  /^(?:[①-⑳]|\(\d{1,4}\))/,
];
/**
 * Reads a report back from the Markdown that `renderMarkdown` writes (see its conventions): the
 * `<!-- xxgk … -->` line, title, metadata line, preamble, numbered sections with their paragraphs
 * and tables, enclosures, signature, attachments and derived marks. Never throws on any string:
 * whatever it cannot place becomes an issue with its line number; `report` is undefined when the
 * format, the agency or the year cannot be found. Throws a TypeError when `markdown` is not a
 * string (or for options of the wrong type).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { importMarkdown, parseReport, renderMarkdown } from 'xxgk';
 * const parsed = parseReport(readFileSync('examples/qingshan-2022.json', 'utf8'));
 * if (!parsed.success) throw parsed.error;
 * const { report, issues } = importMarkdown(renderMarkdown(parsed.data));
 * console.log(issues.length, report?.metadata.agency); // 0 青山市自然资源和规划局
 * ```
 */
export function importMarkdown(markdown: string, options: ImportMarkdownOptions = {}): ImportMarkdownResult {
  if (typeof markdown !== 'string') throw new TypeError('importMarkdown expects a string; decode bytes with decodeText first');
  checkImportOptions(options, 'importMarkdown');
  const list = new IssueList(options.locale === 'en' ? 'en' : 'zh-CN');
  try {
    // Markdown that another tool converted from a PDF (its tables are no tables of renderMarkdown) is read by the other tools' reader.
    const own = read(markdown, options, list);
    return /<!--\s*xxgk\b/u.test(markdown) ? own : preferOtherTools(own, markdown, options);
  } catch (error) {
    list.add({ code: 'internal', severity: 'error', value: error instanceof Error ? error.message : String(error) });
    return { report: undefined, issues: list.items };
  }
}

function read(markdown: string, options: ImportMarkdownOptions, list: IssueList): ImportMarkdownResult {
  const issues = list.items;
  const issue = (data: ImportIssueData, line?: number) => list.add(line === undefined ? data : { ...data, line });
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks = blocksOf(lines);

  // The hidden fields, the title and the metadata line come first.
  const hidden = new Map<string, string>();
  let at = 0;
  while (at < blocks.length && blocks[at]!.kind === 'comment') {
    const comment = blocks[at] as Extract<Block, { kind: 'comment' }>;
    const m = /^\s*<!--\s*xxgk\b([\s\S]*?)-->\s*$/.exec(comment.text);
    if (m) {
      for (const field of m[1]!.trim().split(/\s+/)) {
        if (field === '') continue;
        const eq = field.indexOf('=');
        // A field that is not key=value, or whose key the renderer never writes, is named, not dropped.
        if (eq <= 0) {
          issue({ code: 'bad_comment', severity: 'warning', value: field }, comment.line);
          continue;
        }
        const key = field.slice(0, eq);
        if (!HIDDEN_FIELDS.has(key)) {
          issue({ code: 'unknown_field', severity: 'warning', key }, comment.line);
          continue;
        }
        try {
          hidden.set(key, decodeURIComponent(field.slice(eq + 1)));
        } catch {
          issue({ code: 'bad_comment', severity: 'warning', value: field }, comment.line);
        }
      }
    }
    at += 1;
  }
  let title: string | undefined;
  let titleLine: number | undefined;
  const first = blocks[at];
  if (first?.kind === 'heading' && first.level === 1) {
    title = decodeInline(first.raw);
    titleLine = first.line;
    at += 1;
  } else {
    issue({ code: 'missing_field', severity: 'warning', key: 'title' }, first?.line);
  }
  const fields = new Map<MetadataKey, { value: string; line: number }>();
  const next = blocks[at];
  if (next?.kind === 'paragraph') {
    const parsed = parseMetadata(next.lines.join(' '));
    if (parsed) {
      for (const [key, value] of parsed.fields) fields.set(key, { value, line: next.line });
      for (const unknown of parsed.unknown) issue({ code: 'unknown_field', severity: 'warning', key: unknown }, next.line);
      at += 1;
    }
  }
  if (fields.size === 0) issue({ code: 'missing_field', severity: 'error', key: '发布机关/报告年度' }, titleLine);

  // The metadata.
  const agency = fields.get('agency')?.value;
  const yearField = fields.get('year');
  const yearMatch = yearField ? /^(\d{4})年?$/.exec(yearField.value) : null;
  const year = yearMatch ? Number(yearMatch[1]) : undefined;
  if (yearField && year === undefined) issue({ code: 'bad_field', severity: 'error', key: '报告年度', value: yearField.value }, yearField.line);
  if (fields.size > 0 && agency === undefined) issue({ code: 'missing_field', severity: 'error', key: '发布机关' }, titleLine);
  if (fields.size > 0 && yearField === undefined) issue({ code: 'missing_field', severity: 'error', key: '报告年度' }, titleLine);

  // The format.
  let format: Format | undefined;
  const formatId = hidden.get('format');
  if (formatId !== undefined) {
    format = getFormat(formatId, options.formats ?? []);
    if (!format) issue({ code: 'unknown_format', severity: 'error', key: 'format', value: formatId }, blocks[0]?.line);
  } else if (options.formats?.length === 1) {
    format = options.formats[0];
  } else if (year !== undefined) {
    format = formatForYear(year);
    issue({ code: 'format_inferred', severity: 'info', key: String(year), value: format.id });
  } else {
    issue({ code: 'unknown_format', severity: 'error' });
  }
  let index: FormatIndex | undefined;
  if (format) {
    try {
      index = indexFormat(format);
    } catch (error) {
      issue({ code: 'unknown_format', severity: 'error', value: `${format.id}: ${(error as Error).message}` });
    }
  }
  if (!format || !index) return { report: undefined, issues };
  const fmt = format;
  const idx = index;
  const isRef = (ref: string) => resolveCell(idx, ref) !== undefined;
  const paragraphText = (raw: readonly string[]): string =>
    raw.length === 1 && raw[0]!.trim() === EMPTY_PARAGRAPH ? '' : logicalLines(raw).map((l) => decodeInline(l, isRef)).join('\n');

  // The body.
  const parts = idx.tables.flatMap(partsOf);
  const titles = new Set(idx.tables.map((t) => t.definition.title));
  const names = new Map(idx.tables.flatMap((t) => t.valueColumns.map((c) => [c, columnNames(c, t)] as const)));
  const tables: Record<string, TableValues> = {};
  const derived = new Set<string>();
  const seenTables = new Set<string>();
  const preamble: string[] = [];
  const sections: Section[] = [];
  const stack: Section[] = [];
  let enclosures: string[] | undefined;
  let signature: Signature | undefined;
  const attachments: Attachment[] = [];
  let attachment: { value: Attachment; tables: number } | undefined;
  let state: 'head' | 'body' | 'closing' | 'validation' = 'head';
  let caption: { text: string; raw: string; line: number } | undefined;

  const addParagraph = (text: string, line: number) => {
    if (state === 'head') preamble.push(text);
    else if (state === 'body' && stack.length > 0) stack[stack.length - 1]!.paragraphs.push(text);
    else issue({ code: 'unplaced_text', severity: 'warning', value: text }, line);
  };
  const flushCaption = () => {
    if (!caption) return;
    addParagraph(decodeInline(caption.raw, isRef), caption.line);
    caption = undefined;
  };

  const readTable = (block: Extract<Block, { kind: 'table' }>) => {
    const header = block.rows[0]!.cells.map((c) => decodeInline(c).trim());
    const body = block.rows.slice(1);
    const sectionTables = new Set(
      state === 'body' && stack[0]?.id ? (fmt.sections.find((s) => s.id === stack[0]!.id)?.tables ?? []) : [],
    );
    const captionText = caption?.text;
    const rank = (part: ImportPart) =>
      (captionText !== undefined && (part.captions.has(captionText) || part.table.definition.title === captionText) ? 0 : 2) +
      (sectionTables.has(part.table.id) ? 0 : 1);
    const ordered = [...parts].sort((a, b) => rank(a) - rank(b));
    let chosen: { part: ImportPart; offset: number; columns: ResolvedNode[] } | undefined;
    for (const part of ordered) {
      if (part.block && captionText !== undefined && !part.captions.has(captionText) && ordered.some((p) => p.captions.has(captionText))) continue;
      const mapped = mapHeader(part, header);
      if (!mapped) continue;
      // Without its block label, a table is recognised by its rows too (blocks may share columns).
      const captioned = captionText !== undefined && part.captions.has(captionText);
      if (part.stub && body.length > 0 && !captioned) {
        const labels = body.map((row) => decodeLabel(row.cells[0] ?? ''));
        if (!labels.some((label) => part.rows.some((r) => matchesRow(r, label, part.table)))) continue;
      }
      chosen = { part, ...mapped };
      break;
    }
    caption = undefined;
    if (!chosen) {
      issue({ code: 'unknown_table', severity: 'warning', label: header.join(' | ') }, block.line);
      return;
    }
    const { part, offset, columns } = chosen;
    const table = part.table;
    seenTables.add(table.id);
    if (state === 'closing' && attachment && !attachment.value.tables.includes(table.id)) attachment.value.tables.push(table.id);
    if (attachment) attachment.tables += 1;
    const values = (tables[table.id] ??= {});
    let cursor = 0;
    body.forEach(({ line, cells }, r) => {
      if (cells.length !== header.length) {
        issue({ code: 'row_shape', severity: 'warning', table: table.id, expected: header.length, actual: cells.length }, line);
      }
      let row: ResolvedNode | undefined;
      if (part.stub) {
        const label = decodeLabel(cells[0] ?? '');
        const found = findRow(part.rows, label, cursor, table) ?? findRow(part.rows, label, 0, table);
        if (found === undefined) {
          issue({ code: 'unknown_label', severity: 'warning', table: table.id, label, value: cells.slice(1).join(' | ') }, line);
          return;
        }
        row = part.rows[found];
        cursor = found + 1;
      } else {
        row = part.rows[r];
        if (!row) {
          issue({ code: 'unplaced_value', severity: 'warning', table: table.id, value: cells.join(' | ') }, line);
          return;
        }
      }
      columns.forEach((column, j) => {
        const raw = cells[offset + j];
        if (raw === undefined) return;
        let text = decodeInline(raw).trim();
        let mark = false;
        if (text.endsWith('*')) {
          mark = true;
          text = text.slice(0, -1).trim();
        }
        if (text === '') return;
        const ref = `${row!.id}/${column.id}`;
        const cell = idx.cellByRef.get(ref);
        if (!cell) {
          if (!isAbsentText(text)) issue({ code: 'unplaced_value', severity: 'warning', table: table.id, cell: ref, value: text }, line);
          return;
        }
        // Values are kept as written (a count of 12.5 or -3 too), so that what renderMarkdown wrote of
        // any report comes back unchanged and validate judges it; absent is the one absent of every importer.
        let value: CellValue;
        if (isAbsentText(text)) value = null;
        else {
          const number = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text;
          if (!DECIMAL_PATTERN.test(number) || number.length > 64) {
            issue({ code: 'bad_value', severity: 'warning', table: table.id, cell: ref, cellLabel: cellLabelPath(idx, cell), value: text, reason: 'not_a_number' }, line);
            return;
          }
          if (cell.kind === 'money' || number.includes('.')) value = number;
          else {
            const n = Number(number);
            value = Number.isSafeInteger(n) ? n + 0 : number;
          }
        }
        const own = (values[row!.id] ??= {});
        if (Object.prototype.hasOwnProperty.call(own, column.id)) {
          issue({ code: 'duplicate_cell', severity: 'warning', table: table.id, cell: ref, cellLabel: cellLabelPath(idx, cell), value: text }, line);
          return;
        }
        own[column.id] = value;
        if (mark) derived.add(ref);
      });
    });
  };

  const mapHeader = (part: ImportPart, header: readonly string[]): { offset: number; columns: ResolvedNode[] } | undefined => {
    let offset = part.stub ? 1 : 0;
    if (part.table.definition.unitColumn) {
      if (header[offset] !== UNIT_HEADER) return undefined;
      offset += 1;
    }
    if (header.length <= offset) return undefined;
    const used = new Set<ResolvedNode>();
    const columns: ResolvedNode[] = [];
    for (const text of header.slice(offset)) {
      let best: ResolvedNode | undefined;
      let bestScore = 0;
      for (const column of part.columns) {
        const score = names.get(column)?.get(text) ?? 0;
        if (score > bestScore || (score === bestScore && score > 0 && best && used.has(best) && !used.has(column))) {
          best = column;
          bestScore = score;
        }
      }
      if (!best) return undefined;
      used.add(best);
      columns.push(best);
    }
    return { offset, columns };
  };

  for (; at < blocks.length; at++) {
    const block = blocks[at]!;
    if (state === 'validation') continue;
    const bold = block.kind === 'paragraph' && block.lines.length === 1 && /^\*\*.+\*\*$/.test(block.lines[0]!.trim());
    if (block.kind !== 'table' && !bold && caption) flushCaption();
    switch (block.kind) {
      case 'comment':
        break;
      case 'rule':
        if (state === 'closing') issue({ code: 'unexpected_heading', severity: 'info', label: '---' }, block.line);
        state = 'closing';
        stack.length = 0;
        break;
      case 'heading': {
        const text = decodeInline(block.raw);
        if (block.level === 2 && VALIDATION_TITLES.has(text)) {
          state = 'validation';
          break;
        }
        if (block.level === 1) {
          issue({ code: 'unexpected_heading', severity: 'warning', label: text }, block.line);
          break;
        }
        if (state === 'closing') {
          if (block.level !== 2) {
            issue({ code: 'unexpected_heading', severity: 'warning', label: text }, block.line);
            break;
          }
          attachment = { value: { title: text, tables: [] }, tables: 0 };
          attachments.push(attachment.value);
          break;
        }
        state = 'body';
        let depth = block.level - 1;
        if (depth > stack.length + 1) {
          issue({ code: 'heading_level', severity: 'warning', label: text, expected: stack.length + 1, actual: block.level }, block.line);
          depth = stack.length + 1;
        }
        const number = NUMBERS[Math.min(depth, NUMBERS.length) - 1]!.exec(block.raw);
        if (!number) issue({ code: 'unnumbered_heading', severity: 'info', label: text }, block.line);
        const section: Section = { title: decodeInline(number ? block.raw.slice(number[0].length) : block.raw), paragraphs: [] };
        stack.length = depth - 1;
        const parent = stack[stack.length - 1];
        if (parent) (parent.subsections ??= []).push(section);
        else sections.push(section);
        stack.push(section);
        break;
      }
      case 'table':
        readTable(block);
        break;
      case 'paragraph': {
        const single = block.lines.length === 1 ? block.lines[0]!.trim() : undefined;
        const bold = single !== undefined ? /^\*\*(.+)\*\*$/.exec(single) : null;
        if (bold && trailing(bold[1]!, (ch) => ch === '\\') % 2 === 0) {
          // A table's title may precede the label of its first block.
          if (caption && !titles.has(caption.text)) flushCaption();
          caption = { text: decodeInline(bold[1]!), raw: single!, line: block.line };
          break;
        }
        const italic = single !== undefined ? /^\*(.+)\*$/.exec(single) : null;
        if (italic && NOTES.has(decodeInline(italic[1]!))) break;
        if (state !== 'closing') {
          addParagraph(paragraphText(block.lines), block.line);
          break;
        }
        const logical = logicalLines(block.lines);
        const head = logical[0]!;
        if (logical.length === 1 && /^附件\d*：$/.test(head)) break; // the heading of the attachment that follows
        if (attachment) {
          const period = /^（(.*)）$/.exec(head);
          if (logical.length === 1 && period && attachment.value.period === undefined && attachment.value.filledBy === undefined && attachment.tables === 0) {
            attachment.value.period = decodeInline(period[1]!);
          } else if (logical.length === 1 && /^填报单位(?:（盖章）)?：/.test(head) && attachment.value.filledBy === undefined && attachment.tables === 0) {
            attachment.value.filledBy = decodeInline(head.replace(/^填报单位(?:（盖章）)?：/, ''));
          } else {
            issue({ code: 'unplaced_text', severity: 'warning', value: paragraphText(block.lines) }, block.line);
          }
          break;
        }
        if (head.startsWith('附件：') && enclosures === undefined && signature === undefined) {
          const items = [head.slice(3), ...logical.slice(1)];
          enclosures = items.map((item, k) => {
            let text = item;
            if (items.length > 1) {
              const prefix = `${k + 1}.`;
              if (text.startsWith(prefix)) text = text.slice(prefix.length);
              else issue({ code: 'unnumbered_heading', severity: 'info', label: item }, block.line);
            }
            return text === EMPTY_PARAGRAPH ? '' : decodeInline(text);
          });
          break;
        }
        if (signature === undefined) {
          const organ = decodeInline(head);
          signature = { organ };
          if (logical.length > 1) {
            const date = readDate(decodeInline(logical[1]!).trim());
            if (date) signature.date = date;
            else issue({ code: 'bad_field', severity: 'warning', key: 'signature.date', value: logical[1] }, block.line);
          }
          if (logical.length > 2) issue({ code: 'unplaced_text', severity: 'warning', value: logical.slice(2).join('\n') }, block.line);
          break;
        }
        issue({ code: 'unplaced_text', severity: 'warning', value: paragraphText(block.lines) }, block.line);
        break;
      }
    }
  }
  flushCaption();

  // Section ids: from the template titles, then as the xxgk line says.
  for (const section of sections) {
    const id = fmt.sections.find((t) => t.title === section.title || (t.aliases ?? []).includes(section.title))?.id;
    if (id !== undefined) section.id = id;
  }
  const ids = hidden.get('ids');
  if (ids) {
    for (const entry of ids.split(',')) {
      let decoded = entry;
      try {
        decoded = decodeURIComponent(entry);
      } catch {
        /* kept as written */
      }
      const colon = decoded.indexOf(':');
      const path = decoded.slice(0, colon).split('.').map(Number);
      const id = decoded.slice(colon + 1);
      let list: Section[] | undefined = sections;
      let target: Section | undefined;
      for (const n of path) {
        target = list?.[n - 1];
        list = target?.subsections;
      }
      if (colon < 0 || !target || (id !== '' && !isId(id))) {
        issue({ code: 'bad_comment', severity: 'warning', value: decoded }, blocks[0]?.line);
        continue;
      }
      if (id === '') delete target.id;
      else target.id = id;
    }
  }
  // Sections keep the key order of the canonical document.
  const tidy = (list: Section[]): Section[] =>
    list.map((s) => {
      const out: Section = s.id === undefined ? { title: s.title, paragraphs: s.paragraphs } : { id: s.id, title: s.title, paragraphs: s.paragraphs };
      if (s.subsections && s.subsections.length > 0) out.subsections = tidy(s.subsections);
      return out;
    });

  for (const table of idx.tables) {
    if (!seenTables.has(table.id)) issue({ code: 'missing_table', severity: 'warning', table: table.id });
  }

  if (agency === undefined || year === undefined) return { report: undefined, issues };
  const metadata: Metadata = { agency, year };
  const region = fields.get('region')?.value;
  if (region !== undefined) metadata.region = region;
  const level = hidden.get('level');
  if (level !== undefined) {
    if ((AGENCY_LEVELS as readonly string[]).includes(level)) metadata.level = level as AgencyLevel;
    else issue({ code: 'bad_comment', severity: 'warning', key: 'level', value: level }, blocks[0]?.line);
  }
  const published = fields.get('publishedOn');
  if (published) {
    const date = readDate(published.value);
    if (date) metadata.publishedOn = date;
    else issue({ code: 'bad_field', severity: 'warning', key: '发布日期', value: published.value }, published.line);
  }
  const source = fields.get('sourceUrl')?.value;
  if (source !== undefined) metadata.sourceUrl = source;
  if (title !== undefined && (hidden.get('title') === '1' || title !== `${agency}${year}年政府信息公开工作年度报告`)) metadata.title = title;

  const order = new Map(idx.cells.map((c, i) => [c.ref, i]));
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    format: formatId ?? fmt.id,
    metadata,
    ...(preamble.length > 0 ? { preamble } : {}),
    sections: tidy(sections),
    ...(enclosures ? { enclosures } : {}),
    ...(signature ? { signature } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
    tables,
    ...(derived.size > 0 ? { derived: [...derived].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)) } : {}),
  };
  const checked = ReportSchema.safeParse(report);
  if (!checked.success) {
    for (const problem of checked.error.issues) {
      issue({ code: 'invalid_report', severity: 'error', key: problem.path.join('.'), value: problem.message });
    }
    return { report: undefined, issues };
  }
  return { report, issues };
}

/** The metadata line's fields, or undefined when the text is not a metadata line. */
function parseMetadata(raw: string): { fields: Map<MetadataKey, string>; unknown: string[] } | undefined {
  const parts = splitRow(`|${raw}|`);
  const fields = new Map<MetadataKey, string>();
  const unknown: string[] = [];
  parts.forEach((part) => {
    const m = /^([^：:]{1,20})(?:：|: ?)([\s\S]*)$/.exec(part);
    const key = m && Object.hasOwn(METADATA_KEYS, m[1]!) ? METADATA_KEYS[m[1]!] : undefined;
    if (!m || !key) {
      // Named by its label (or its start), wherever it stands: a metadata line loses nothing unnamed.
      unknown.push(m ? m[1]! : part.slice(0, 30));
      return;
    }
    const value = m[2]!.trim();
    const link = key === 'sourceUrl' ? /^<([^<>\s]*)>$/.exec(value) : null;
    fields.set(key, link ? link[1]! : decodeInline(value));
  });
  return fields.size > 0 && fields.has('agency') ? { fields, unknown } : undefined;
}

/** A row label cell without its indentation, unescaped. */
function decodeLabel(raw: string): string {
  return decodeInline(raw.replace(/^(?:&emsp;|&#8195;|&#x2003;|[ \t\u2003\u3000])+/i, '')).trim();
}

function matchesRow(row: ResolvedNode, label: string, table: TableIndex): boolean {
  if (row.unlabeled) return label === '';
  return withUnit(row, table).includes(label);
}

function findRow(rows: readonly ResolvedNode[], label: string, from: number, table: TableIndex): number | undefined {
  for (let i = from; i < rows.length; i++) if (matchesRow(rows[i]!, label, table)) return i;
  return undefined;
}

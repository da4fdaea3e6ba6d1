import { assemble, candidateFormats, type AssembleOptions } from '../core/assemble.js';
import { checkFormat } from '../../formats/check.js';
import { isUnit } from '../../model/units.js';
import { IssueList, checkImportOptions, type ImportResult } from '../core/issues.js';
import { pushAll } from '../core/arrays.js';
import { GridBuilder } from '../core/grid.js';
import type { Layout, LayoutBlock, Lexicon } from '../core/layout.js';
import { lexiconOf } from '../core/tables.js';
import { normalizeLabel } from '../core/labels.js';
import { isAbsentText, isValueCell } from '../core/values.js';
import { readTextTables } from './tables.js';
import { preferOtherTools } from './index.js';
import { ATTACHMENT_HEADER, MAX_PADDED_LINE, SECTION, SUBSECTION, TERMINAL, enclosuresOf, isShort, length, metadataFields, readDate, squash } from '../core/conventions.js';

// The reader of plain text in the layouts this project writes (renderText's box tables and row blocks)
// and the seed's (the statistics table printed one cell per tab-indented line, label, unit, value), and
// of rows copied from a web page: it turns the text into a Layout (paragraphs joined from their lines,
// the tables as grids, every block and cell with its lines) and `assemble` does the rest. Plain text
// has no markup to tell a table line from a sentence: the reader asks the lexicon of the candidate
// formats' labels (core/layout.ts `Lexicon`), never a format. Text that no such layout explains
// (pdftotext output, converters' Markdown) is read by the other tools' reader (index.ts).

/** Options of {@link importText}: those of every importer, a forced format and metadata the text does not state (`agency`, `year`, …). */
export type ImportTextOptions = AssembleOptions;

/** A paragraph at least this long that stops mid-sentence was broken across lines. */
const BROKEN_PARAGRAPH = 50;
/** The first-line indent of a paragraph (首行缩进): two ideographic spaces, or two to eight spaces, before text. */
const INDENT = /^(?:\u3000{1,4}| {2,8})(?=[^\s\u3000])/u;

/**
 * True when a paragraph is long and stops mid-sentence, so that the next line continues it. Looks
 * at the paragraph's end only, so that a paragraph broken across many lines is read in linear time.
 */
function isBroken(text: string, tail = text.slice(-3)): boolean {
  // A UTF-16 length of 2 × BROKEN_PARAGRAPH holds at least BROKEN_PARAGRAPH code points.
  if (text.length < 2 * BROKEN_PARAGRAPH && length(text) < BROKEN_PARAGRAPH) return false;
  return !TERMINAL.test(tail);
}

/** A line that ends a paragraph and the one-cell-per-line table: a section heading, a date, the 附件 header or list. */
function breaksText(text: string): boolean {
  return SECTION.test(text) || breaksTextBesidesHeading(text);
}

/** A line that breaks the text as a date or 附件 line does, whatever its start. */
function breaksTextBesidesHeading(text: string): boolean {
  return (text.length <= MAX_PADDED_LINE && ATTACHMENT_HEADER.test(squash(text))) || readDate(text) !== undefined || enclosuresOf(text) !== undefined;
}

/**
 * A line that stands alone: one that breaks the text, a subsection heading, or (in the head, before
 * the first section) a metadata line. It neither continues a paragraph nor is continued.
 */
function standsAlone(text: string, head: boolean): boolean {
  return breaksText(text) || SUBSECTION.test(text) || (head && metadataFields(text) !== undefined);
}

/** Longest line whose width is measured: a wrapped line is a few hundred columns at most. */
const MAX_WRAPPED_LINE = 400;
/** Fewest lines that must reach the wrap width for a text to count as wrapped at it. */
const MIN_FULL_LINES = 3;

/** A line's display columns, a wide (CJK) character two (near enough to tell full lines; no segmenter for every line). */
function columns(raw: string): number {
  if (raw.length > MAX_WRAPPED_LINE) return 0;
  let n = 0;
  for (const char of raw.trimEnd()) n += char.codePointAt(0)! >= 0x1100 ? 2 : 1;
  return n;
}

/**
 * The width a text's lines were wrapped at (renderText's, a word processor's): the width most lines
 * reach, to within a wide character (a full line stops one column short when a wide character does not
 * fit), when enough do; Infinity for text whose paragraphs are each one line.
 */
function wrapWidthOf(lines: readonly string[]): number {
  const counts = new Map<number, number>();
  let long = 0;
  for (const line of lines) {
    const w = columns(line);
    if (w < 20) continue;
    long += 1;
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  let best = Infinity;
  let most = 0;
  for (const [w, n] of counts) {
    const band = n + (counts.get(w - 1) ?? 0);
    if (band > most || (band === most && w > best)) {
      most = band;
      best = w;
    }
  }
  return most >= MIN_FULL_LINES && most >= long / 10 ? best : Infinity;
}


// ---------------------------------------------------------------------------------------------
// The seed's table: one cell per tab-indented line
// ---------------------------------------------------------------------------------------------

/** Most lines a table label is read across (the seed's labels take two). */
const MAX_LABEL_LINES = 8;
/** Most rows of one part of a table printed one cell per line: a longer table is read in parts, as one continued over pages. */
const PART_ROWS = 500;

/** A printed value: a number (with its unit, 12件), a dash, or nothing. */
const isValueText = (text: string): boolean => isAbsentText(text) || isValueCell(text);
const isUnitText = (text: string): boolean => isUnit(squash(text)) || isAbsentText(text);

/** A cell of a table printed one per line: its text and source line, and the lines without a tab that follow it. */
interface Token {
  readonly text: string;
  readonly line: number;
  readonly more: { readonly text: string; readonly line: number }[];
}

/**
 * The 0-based line where a table printed one cell per tab-indented line starts: a header word
 * (统计指标) on such a line after some text, or any such line after the 附件 header or the title of
 * an attachment that holds a format's tables.
 */
function tokenTableStart(lines: readonly string[], lexicon: Lexicon): number {
  let text = false;
  let attachment = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const t = raw.trim();
    if (t === '') continue;
    const tabbed = raw.startsWith('\t');
    if (text && tabbed && (attachment || lexicon.roles(t).header)) return i;
    if (text && !attachment && !tabbed && isShort(t) && (ATTACHMENT_HEADER.test(squash(t)) || lexicon.attachment(t))) attachment = true;
    text = true;
  }
  return -1;
}

/** The 0-based line after the one-cell-per-line table that starts at `from`: the next line without a tab that breaks the text (a section heading, a date, 附件), or the end. */
function tokenTableEnd(lines: readonly string[], from: number): number {
  for (let i = from + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!raw.includes('\t') && raw.trim() !== '' && breaksText(raw.trim())) return i;
  }
  return lines.length;
}

/** The cells of a table printed one per tab-indented line (lines from..to), each with the lines that continue it; lines before the first cell are their own. */
function tokensOf(lines: readonly string[], from: number, to: number): Token[] {
  const tokens: Token[] = [];
  for (let i = from; i < to; i++) {
    const raw = lines[i]!;
    const text = raw.trim();
    const line = i + 1;
    if (raw.includes('\t')) {
      const fields = raw.split('\t');
      if (fields[0]!.trim() === '') fields.shift();
      for (const field of fields) tokens.push({ text: field.trim(), line, more: [] });
    } else if (text !== '') {
      const last = tokens[tokens.length - 1];
      if (last) last.more.push({ text, line });
      else tokens.push({ text, line, more: [] });
    }
  }
  return tokens;
}

/**
 * The table printed one cell per tab-indented line (the seed's), as grids: each row its label, unit
 * and value in columns 0, 1 and 2 (blank lines say nothing: a row is a label, a unit if one follows,
 * and a value unless the next text is a row label), the header words in a row of their own, a label's
 * wrapped lines joined to it as far as they make a label, and every other line a row of its own, which
 * the assembler names. Every cell keeps its lines; a table longer than a grid holds is read in parts.
 */
function tokenTables(lines: readonly string[], from: number, to: number, lexicon: Lexicon): LayoutBlock[] {
  type Cell = { readonly text: string; readonly line: number; readonly endLine: number; readonly x: number };
  type Part = { readonly text: string; readonly line: number };
  type Table = { header: Cell[] | undefined; readonly rows: Cell[][] };
  const lone = (part: Part): Cell[] => [{ text: part.text, line: part.line, endLine: part.line, x: 0 }];
  const cell = (token: Token, x: number): Cell => ({ text: token.text, line: token.line, endLine: token.line, x });
  // A header printed again after rows opens another table (a table repeated, or a report's next one).
  const tables: Table[] = [{ header: undefined, rows: [] }];
  let rows = tables[0]!.rows;
  /** The row being read, and the lines that follow its cells but belong to none (each a row of its own, after it). */
  let row: { cells: Cell[]; after: Part[] } | undefined;
  let data = false;
  const flush = () => {
    if (row) {
      rows.push(row.cells);
      pushAll(rows, row.after.map(lone));
    }
    row = undefined;
  };
  /** Opens a row at a label: as many of its next lines as make a label the formats print (all of them, up to a few, when none does). */
  const open = (token: Token) => {
    data = true;
    const parts = [token, ...token.more.slice(0, MAX_LABEL_LINES - 1)];
    let used = parts.length;
    for (let k = parts.length; k >= 1; k--) {
      if (lexicon.roles(parts.slice(0, k).map((p) => p.text).join('')).row) {
        used = k;
        break;
      }
    }
    const text = parts.slice(0, used).map((p) => p.text).join('');
    row = { cells: [{ text, line: token.line, endLine: parts[used - 1]!.line, x: 0 }], after: token.more.slice(used - 1) };
  };
  for (const token of tokensOf(lines, from, to)) {
    const t = token.text;
    if (row === undefined) {
      const roles = t === '' ? undefined : lexicon.roles(t);
      const headerWord = roles !== undefined && !isValueText(t) && !roles.row && (roles.header || roles.column);
      if (headerWord && data && roles.stub) {
        // The label column's header again: another table (one printed again, or the next).
        tables.push({ header: undefined, rows: [] });
        rows = tables[tables.length - 1]!.rows;
        data = false;
      }
      const table = tables[tables.length - 1]!;
      // A header word after rows belongs to the header when the header lacks it (a cell moved), else it is a line of its own.
      if (headerWord && (!data || !table.header?.some((c) => c.text === t))) {
        table.header ??= [];
        table.header.push(cell(token, table.header.length));
        pushAll(rows, token.more.map(lone));
      } else if (t === '' || isValueText(t)) {
        // An empty cell, or a value with no label before it: rows of their own.
        if (t !== '') rows.push(lone(token));
        pushAll(rows, token.more.map(lone));
      } else open(token);
      continue;
    }
    const hasUnit = row.cells.some((c) => c.x === 1);
    if (!hasUnit && isUnitText(t)) {
      row.cells.push(cell(token, 1));
      pushAll(row.after, token.more);
      continue;
    }
    // The value: anything after a unit, unless it reads as the next row's label.
    if (isValueText(t) || (hasUnit && !lexicon.roles(t).row)) {
      row.cells.push(cell(token, 2));
      pushAll(row.after, token.more);
      flush();
      continue;
    }
    // A label without unit or value, or with a unit and no value: this token opens the next row.
    flush();
    open(token);
  }
  flush();

  // The grids: each table's header in its first part; parts of at most PART_ROWS rows.
  const blocks: LayoutBlock[] = [];
  for (const { header, rows: all } of tables) {
    for (let k = 0; k === 0 || k < all.length; k += PART_ROWS) {
      const b = new GridBuilder();
      const part = all.slice(k, k + PART_ROWS);
      const head = k === 0 && header ? header : [];
      if (head.length > 0) {
        const y = b.row(head[0]!.line);
        for (const c of head) b.put(y, c.x, c.text, 1, 1, c);
      }
      for (const r of part) {
        const y = b.row(r[0]!.line);
        for (const c of r) b.put(y, c.x, c.text, 1, 1, c);
      }
      const covered = [...head, ...part.flat()];
      if (covered.length === 0) break;
      for (const c of covered) {
        b.covers(c.line);
        b.covers(c.endLine);
      }
      const grid = b.grid();
      blocks.push({ kind: 'table', grid, at: { line: grid.source!.line, endLine: grid.source!.endLine } });
    }
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// The layout
// ---------------------------------------------------------------------------------------------

/** Reads text in the project's own layouts (and the seed's) into a Layout; a value no table column takes is an issue in `issues`. */
export function textLayout(text: string, lexicon: Lexicon, issues: IssueList): Layout {
  const lines = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').split('\n');
  const from = tokenTableStart(lines, lexicon);
  const tokens = from >= 0 ? { from, to: tokenTableEnd(lines, from) } : undefined;
  // The other lines, in place (the token table's blank).
  const body = tokens ? lines.map((line, i) => (i >= tokens.from && i < tokens.to ? '' : line)) : lines;
  const tables = readTextTables(body, lexicon, issues);
  const starts = new Map(tables.grids.map((t) => [t.start, t.grid]));

  const blocks: LayoutBlock[] = [];
  let open: { text: string; line: number; endLine: number; tail: string; alone: boolean; heading: boolean; indented: boolean } | undefined;
  /** True until the first section heading: a metadata line stands alone only in the head. */
  let head = true;
  // Of the running text only: a table's lines have widths of their own.
  const wrapWidth = wrapWidthOf(body.filter((_, i) => !tables.consumed.has(i)));
  let lastWidth = 0;
  const close = () => {
    if (open) blocks.push({ kind: 'paragraph', text: open.text, at: open.endLine > open.line ? { line: open.line, endLine: open.endLine } : { line: open.line } });
    open = undefined;
  };
  body.forEach((raw, i) => {
    if (tokens && i === tokens.from) {
      close();
      pushAll(blocks, tokenTables(lines, tokens.from, tokens.to, lexicon));
    }
    const grid = starts.get(i);
    if (grid) {
      close();
      blocks.push({ kind: 'table', grid, ...(grid.source && { at: { line: grid.source.line, endLine: grid.source.endLine } }) });
    }
    if (tables.consumed.has(i)) return;
    const t = raw.trim();
    if (t === '') return;
    if (head && SECTION.test(t)) head = false;
    const alone = standsAlone(t, head);
    const heading = SECTION.test(t) || SUBSECTION.test(t);
    const indented = INDENT.test(raw);
    const adjacent = open !== undefined && open.endLine === i;
    const full = lastWidth >= wrapWidth - 4;
    const midSentence = open !== undefined && !TERMINAL.test(open.tail);
    lastWidth = columns(raw);
    // A metadata field whose value did not fit on its line (来源：) takes the next line.
    if (open && open.alone && head && adjacent && /[:：]$/u.test(open.text) && metadataFields(open.text + t)) {
      open.text += t;
      open.endLine = i + 1;
      return;
    }
    // A paragraph (or heading) goes on on the line right under it, at the margin, when its line fills
    // the width and stops mid-sentence, even where that line looks like a heading (二、三楼…); a
    // paragraph whose first line is indented (首行缩进) also when only one of the two holds; a long
    // paragraph stopped mid-sentence on any line after it.
    const atMargin = !/^[\s\u3000]/u.test(raw) && !isValueCell(t);
    const byWidth = adjacent && atMargin && full && midSentence;
    const byIndent = adjacent && atMargin && open!.indented && (full || midSentence);
    const continuable = open !== undefined && (!open.alone || (open.heading && byWidth));
    const acceptable = !alone || (heading && byWidth && !breaksTextBesidesHeading(t));
    if (open && continuable && acceptable && (byWidth || byIndent || (!open.alone && !alone && isBroken(open.text, open.tail)))) {
      open.text += t;
      open.endLine = i + 1;
      // The last characters of a paragraph joined from several lines: reading them from the joined
      // text would flatten it on every line (quadratic for a paragraph broken across many lines).
      open.tail = `${open.tail}${t.slice(-3)}`.slice(-3);
      return;
    }
    close();
    open = { text: t, line: i + 1, endLine: i + 1, tail: t.slice(-3), alone, heading, indented };
  });
  close();
  return { blocks, facts: { addressless: true } };
}

// ---------------------------------------------------------------------------------------------
// The importer
// ---------------------------------------------------------------------------------------------

/**
 * Reads a published report given as plain text (the layout of the 2017 seed report: title,
 * preamble, sections 一、… with subsections （一）…, the 附件 list, the signature, and the
 * attachment with the statistics table printed one cell per tab-indented line). The format is
 * detected from the labels the text prints unless `options.format` names it. Whatever the reader
 * cannot place becomes an issue with its 1-based line number. Never throws on any string;
 * throws a TypeError when `text` is not a string (decode bytes with `decodeText` first).
 * The tables of multi-column formats (2019, 2021, any `defineFormat` format) are read from the
 * box tables and row blocks that `renderText` writes and from rows copied from a web page (cells
 * separated by tabs or runs of spaces, merged cells printed once), by their label paths; a value
 * marked `*` is listed in `report.derived`. What `renderText` writes at a width of 48 columns or more
 * reads back whole (all but the agency's level). Text that other tools wrote from a PDF (pdftotext,
 * with or without `-layout`, converters' pipe tables) is read too.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { importText } from 'xxgk';
 * const { report, issues } = importText(readFileSync('examples/jiangbei-2017.txt', 'utf8'));
 * console.log(report?.format, report?.sections.length, issues.length); // gov-2014 7 0
 * ```
 */
export function importText(text: string, options: ImportTextOptions = {}): ImportResult {
  if (typeof text !== 'string') throw new TypeError('importText expects a string; decode bytes with decodeText first');
  checkImportOptions(options, 'importText');
  if (options.format !== undefined && typeof options.format !== 'string') checkFormat(options.format, 'importText: options.format');
  const issues = new IssueList(options.locale === 'en' ? 'en' : 'zh-CN');
  const own = assemble(textLayout(text, lexiconOf(candidateFormats(options).candidates), issues), options, issues);
  // Text that no layout of this project's own explains (pdftotext output) is read by the other tools' reader.
  return preferOtherTools(own, text, options);
}

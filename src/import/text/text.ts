import { assemble, candidateFormats, type AssembleOptions } from '../core/assemble.js';
import { checkFormat } from '../../formats/check.js';
import { isUnit } from '../../model/units.js';
import { IssueList, checkImportOptions, type ImportResult } from '../core/issues.js';
import { GridBuilder } from '../core/grid.js';
import type { Layout, LayoutBlock, Lexicon } from '../core/layout.js';
import { lexiconOf } from '../core/tables.js';
import { normalizeLabel } from '../core/labels.js';
import { isAbsentText } from '../core/values.js';
import { readTextTables } from './tables.js';
import { preferOtherTools } from './index.js';
import { ATTACHMENT_HEADER, MAX_PADDED_LINE, SECTION, SUBSECTION, TERMINAL, enclosuresOf, isShort, length, readDate, squash } from '../core/conventions.js';

// The reader of plain text in the layouts this project writes (renderText's box tables and row blocks)
// and the seed's (the statistics table printed one cell per tab-indented line, label, unit, value), and
// of rows copied from a web page: it turns the text into a Layout (paragraphs joined from their lines,
// the tables as grids, every block with its lines) and `assemble` does the rest. Text that no such
// layout explains (pdftotext output, converters' Markdown) is read by the other tools' reader (index.ts).

/** Options of {@link importText}: those of every importer, a forced format and metadata the text does not state (`agency`, `year`, …). */
export type ImportTextOptions = AssembleOptions;

const NUMBERISH = /^[+-]?[\d,.]+(?:万元|元)?$/;
/** A paragraph at least this long that stops mid-sentence was broken across lines. */
const BROKEN_PARAGRAPH = 50;
/** Header words of the label, unit and value columns of a table printed one cell per line. */
const HEADER_WORDS = new Set(['统计指标', '指标名称', '指标', '单位', '计量单位', '统计数', '序号', '项目']);

/**
 * True when a paragraph is long and stops mid-sentence, so that the next line continues it. Looks
 * at the paragraph's end only, so that a paragraph broken across many lines is read in linear time.
 */
function isBroken(text: string, tail = text.slice(-3)): boolean {
  // A UTF-16 length of 2 × BROKEN_PARAGRAPH holds at least BROKEN_PARAGRAPH code points.
  if (text.length < 2 * BROKEN_PARAGRAPH && length(text) < BROKEN_PARAGRAPH) return false;
  return !TERMINAL.test(tail);
}

/** A line that stands alone: a numbered heading, a date, the 附件 header or list. It neither continues a paragraph nor is continued. */
function standsAlone(text: string): boolean {
  const header = text.length <= MAX_PADDED_LINE && ATTACHMENT_HEADER.test(squash(text));
  return header || SECTION.test(text) || SUBSECTION.test(text) || readDate(text) !== undefined || enclosuresOf(text) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// The seed's table: one cell per tab-indented line
// ---------------------------------------------------------------------------------------------

type TokenKind = 'text' | 'unit' | 'absent' | 'value';

function kindOf(text: string): TokenKind {
  if (isUnit(squash(text))) return 'unit';
  if (isAbsentText(text)) return 'absent';
  return NUMBERISH.test(squash(text)) ? 'value' : 'text';
}

/**
 * The 0-based line where a table printed one cell per tab-indented line starts: a header word
 * (统计指标) on such a line, or any such line after the 附件 header or a table's title.
 */
function tokenTableStart(lines: readonly string[], lexicon: Lexicon): number {
  let text = false;
  let attachment = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const t = raw.trim();
    if (t === '') continue;
    if (text && raw.startsWith('\t') && (attachment || HEADER_WORDS.has(normalizeLabel(t)) || lexicon.roles(t).header)) return i;
    if (text && !attachment && !raw.startsWith('\t') && isShort(t) && (ATTACHMENT_HEADER.test(squash(t)) || lexicon.roles(t).title)) attachment = true;
    text = true;
  }
  return -1;
}

/**
 * The table printed one cell per tab-indented line (the seed's): each row its label, unit and value
 * in columns 0, 1 and 2, a label's wrapped lines joined to it, the header words in a row of their own;
 * a line the table does not explain is a row of its own (the assembler names it). Every cell keeps its line.
 */
function tokenGrid(lines: readonly string[], from: number, lexicon: Lexicon): LayoutBlock {
  const b = new GridBuilder();
  type Cell = { text: string; readonly line: number; endLine: number; readonly kind: TokenKind };
  const rows: { line: number; cells: Cell[]; header: boolean }[] = [];
  let row: (typeof rows)[number] | undefined;
  let broken = true;
  let data = false;
  const start = (line: number, header = false) => {
    row = { line, cells: [], header };
    rows.push(row);
  };
  for (let i = from; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = i + 1;
    const text = raw.trim();
    const labelOnly = row !== undefined && !row.header && row.cells.length === 1 && row.cells[0]!.kind === 'text';
    if (text === '') {
      // A blank line ends a row, unless it falls inside a label wrapped over lines.
      if (!labelOnly) broken = true;
      continue;
    }
    if (!raw.includes('\t')) {
      // A wrapped label's next line; else a line of its own.
      if (labelOnly) {
        row!.cells[0]!.text += text;
        row!.cells[0]!.endLine = line;
      } else {
        start(line);
        row!.cells.push({ text, line, endLine: line, kind: 'text' });
        broken = true;
      }
      continue;
    }
    const fields = raw.split('\t');
    if (fields[0]!.trim() === '') fields.shift();
    for (const field of fields) {
      const t = field.trim();
      const kind = kindOf(t);
      if (!data && kind === 'text' && (HEADER_WORDS.has(normalizeLabel(t)) || lexicon.roles(t).header || (lexicon.roles(t).column && !lexicon.roles(t).row))) {
        if (!row?.header || broken) start(line, true);
        row!.cells.push({ text: t, line, endLine: line, kind });
        broken = false;
        continue;
      }
      const cells = row?.cells ?? [];
      const last = cells[cells.length - 1];
      // Label, unit, value: a text after a label is the next row's label, anything after a unit is the value.
      const fits =
        row !== undefined &&
        !row.header &&
        !broken &&
        cells.length > 0 &&
        cells[0]!.kind === 'text' &&
        ((cells.length === 1 && kind !== 'text') || (cells.length === 2 && (last!.kind === 'unit' || last!.kind === 'absent')));
      if (!fits) {
        start(line);
        data = true;
      }
      row!.cells.push({ text: t, line, endLine: line, kind });
      broken = false;
    }
  }
  for (const r of rows) {
    const y = b.row(r.line);
    if (r.header || r.cells[0]?.kind !== 'text') {
      r.cells.forEach((c, x) => b.put(y, x, c.text, 1, 1, c));
      continue;
    }
    const [label, ...rest] = r.cells;
    b.put(y, 0, label!.text, 1, 1, label!);
    rest.forEach((c, k) => {
      // A second cell that is a number (no unit printed) is the value.
      const x = k === 0 && c.kind === 'value' ? 2 : k + 1;
      b.put(y, x, c.text, 1, 1, c);
    });
  }
  b.covers(from + 1);
  b.covers(lines.length);
  const grid = b.grid();
  return { kind: 'table', grid, at: { line: grid.source!.line, endLine: grid.source!.endLine } };
}

// ---------------------------------------------------------------------------------------------
// The layout
// ---------------------------------------------------------------------------------------------

/** Reads text in the project's own layouts (and the seed's) into a Layout; a value no table column takes is an issue in `issues`. */
export function textLayout(text: string, lexicon: Lexicon, issues: IssueList): Layout {
  const lines = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').split('\n');
  const tokens = tokenTableStart(lines, lexicon);
  const body = tokens >= 0 ? lines.slice(0, tokens) : lines;
  const tables = readTextTables(body, lexicon, issues);
  const starts = new Map(tables.grids.map((t) => [t.start, t.grid]));

  const blocks: LayoutBlock[] = [];
  let open: { text: string; line: number; endLine: number; tail: string; alone: boolean } | undefined;
  const close = () => {
    if (open) blocks.push({ kind: 'paragraph', text: open.text, at: open.endLine > open.line ? { line: open.line, endLine: open.endLine } : { line: open.line } });
    open = undefined;
  };
  body.forEach((raw, i) => {
    const grid = starts.get(i);
    if (grid) {
      close();
      blocks.push({ kind: 'table', grid, ...(grid.source && { at: { line: grid.source.line, endLine: grid.source.endLine } }) });
    }
    if (tables.consumed.has(i)) return;
    const t = raw.trim();
    if (t === '') return;
    const alone = standsAlone(t);
    if (open && !open.alone && !alone && isBroken(open.text, open.tail)) {
      open.text += t;
      open.endLine = i + 1;
      // The last characters of a paragraph joined from several lines: reading them from the joined
      // text would flatten it on every line (quadratic for a paragraph broken across many lines).
      open.tail = `${open.tail}${t.slice(-3)}`.slice(-3);
      return;
    }
    close();
    open = { text: t, line: i + 1, endLine: i + 1, tail: t.slice(-3), alone };
  });
  close();
  if (tokens >= 0) blocks.push(tokenGrid(lines, tokens, lexicon));
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
 * marked `*` is listed in `report.derived`. Text that other tools wrote from a PDF (pdftotext, with
 * or without `-layout`, converters' pipe tables) is read too.
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

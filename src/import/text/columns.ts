// Text that other tools wrote from a published PDF, as a Layout: `pdftotext -layout` output (table
// columns as runs of spaces, labels wrapped over lines with the row's numbers on one of them, page
// numbers such as `- 3 -` between the parts of a table, a header repeated or not on the next page,
// blank cells simply missing) and pipe tables of PDF-to-Markdown converters (see pipes.ts). Only the
// medium is read here: which label a number belongs to is the assembler's business.
import { pushAll } from '../core/arrays.js';
import type { LayoutBlock } from '../core/layout.js';
import { GridBuilder, MAX_GRID_HEIGHT, MAX_GRID_WIDTH, type Grid, type GridCell } from '../core/grid.js';
import { isUnit } from '../../model/units.js';
import { cellTextKind } from '../core/values.js';

/** A page number or page mark between the parts of a text: `- 3 -`, `— 3 —`, `第 3 页`, `3 / 12`. */
export const PAGE_MARK = /^\s*(?:[-—–－‐―]\s*\d{1,4}\s*[-—–－‐―]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4})\s*$/u;
/** A line that starts an outline item: 一、 （一） 1. 1、 其中：. */
export const OUTLINE = /^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|\d{1,2}\s*[.、．](?!\d)|其中\s*[:：])/u;
const VALUE = /^(?:[+-]?\d[\d,，]*(?:\.\d+)?|[-‐‑‒–—―−﹣~～]{1,6}|\/)$/u;
const SECTION_LIKE = /^\s*[一二三四五六七八九十]{1,3}\s*、/u;
/** Most lines between two value lines of one table. */
const MAX_GAP = 8;
/** Most header lines read above a table's first row. */
const MAX_HEADER = 10;

/** A run of non-space characters of a line and the character columns it covers. */
interface Frag {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The runs of a line, split at every space. Positions count characters (as pdftotext lays them out). */
function fragments(line: string): Frag[] {
  const out: Frag[] = [];
  let column = 0;
  let current = '';
  let start = 0;
  for (const char of line) {
    if (char === ' ' || char === '\t' || char === '\u3000' || char === '\u00a0') {
      if (current) out.push({ text: current, start, end: column });
      current = '';
    } else {
      if (!current) start = column;
      current += char;
    }
    column += 1;
  }
  if (current) out.push({ text: current, start, end: column });
  return out;
}

/** True for a printed value: a number (with a unit, 12件, 3.5万元, too), or a dash or slash for an absent cell. */
export function isValueText(text: string): boolean {
  return VALUE.test(text.normalize('NFKC')) || cellTextKind(text) === 'num';
}

/** A line of the text, classified. */
interface Line {
  readonly index: number;
  readonly raw: string;
  readonly kind: 'blank' | 'page' | 'values' | 'text';
  readonly frags: readonly Frag[];
  /** For a value line: the values (and a unit) at its end. */
  readonly tail: readonly Frag[];
  /** The text before the values (the row's label, or a part of it). */
  readonly stub: string;
  /** True when the line has a run of two or more spaces inside it, or a deep indentation (a header line). */
  readonly gapped: boolean;
}

/** Header words a table's stub column prints, that a converter runs into the next column's header (信息内容本年处理决定数量). */
const STUB_WORD = /^(信息内容|统计指标|指标名称)(?=\S)/u;
/** Longest line read as `label value` with one space between (a converter's text, which keeps no columns). */
const MAX_LOOSE_ROW = 24;

/**
 * Classifies a line. `loose`: the text comes from a converter that collapsed runs of spaces, so a short
 * `label value` line is a table row, and a header run together with the stub's header word is split.
 */
export function classify(raw: string, index: number, loose = false): Line {
  if (loose && STUB_WORD.test(raw.trim()) && !/\d\s*$/u.test(raw)) raw = raw.trim().replace(STUB_WORD, '$1    ');
  const frags = fragments(raw);
  const base = { index, raw, frags, tail: [] as Frag[], stub: '', gapped: false };
  if (frags.length === 0) return { ...base, kind: 'blank' };
  if (PAGE_MARK.test(raw)) return { ...base, kind: 'page' };
  let k = frags.length;
  while (k > 0 && isValueText(frags[k - 1]!.text)) k -= 1;
  let tailStart = k;
  const values = frags.length - k;
  if (values > 0 && k > 0 && isUnit(frags[k - 1]!.text) && k - 1 > 0) tailStart = k - 1;
  const gapped = frags.some((f, i) => i > 0 && f.start - frags[i - 1]!.end >= 2) || (frags[0]!.start >= 8 && frags.length >= 2);
  if (values > 0) {
    const first = frags[tailStart]!;
    const before = tailStart > 0 ? first.start - frags[tailStart - 1]!.end : first.start;
    // One value needs a gap before it (a sentence may end with a number); several need only a space.
    const looseRow = loose && values === 1 && tailStart > 0 && [...raw.trim()].length <= MAX_LOOSE_ROW && !/[\d。；，,.;]/u.test(frags.slice(0, tailStart).map((f) => f.text).join(''));
    if (values + (tailStart < k ? 1 : 0) >= 2 || before >= 2 || tailStart === 0 || looseRow) {
      const stub = frags.slice(0, tailStart).map((f) => f.text).join(' ');
      return { ...base, kind: 'values', tail: frags.slice(tailStart), stub, gapped };
    }
  }
  return { ...base, kind: 'text', gapped };
}

/** A table found in the text: its line range and the grid read from it. */
export interface TextTable {
  readonly from: number;
  readonly to: number;
  readonly grids: readonly Grid[];
}

const center = (f: Frag): number => (f.start + f.end) / 2;

/** The value columns of a part of a table: the spans of the values of its fullest rows. */
export function columnsOf(rows: readonly Line[]): { start: number; end: number }[] {
  let most = 0;
  for (const r of rows) most = Math.max(most, r.tail.length);
  const columns: { start: number; end: number }[] = [];
  for (const row of rows) {
    if (row.tail.length !== most) continue;
    row.tail.forEach((f, j) => {
      const c = columns[j];
      if (c) {
        c.start = Math.min(c.start, f.start);
        c.end = Math.max(c.end, f.end);
      } else columns[j] = { start: f.start, end: f.end };
    });
  }
  return columns;
}

/** The column of each of `frags` (left to right, in order, each its own), nearest by centre. */
function assign(frags: readonly Frag[], columns: readonly { start: number; end: number }[]): number[] {
  const n = frags.length;
  const k = columns.length;
  // More values than columns, or more columns than any table of a report has: in order.
  if (n >= k || k > MAX_GRID_WIDTH) return frags.map((_, i) => Math.min(i, k - 1));
  // Least total distance with the order kept: a small dynamic programme (n ≤ k ≤ MAX_GRID_WIDTH).
  const cost = (i: number, j: number) => Math.abs(center(frags[i]!) - (columns[j]!.start + columns[j]!.end) / 2);
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(k + 1).fill(Infinity));
  for (let j = 0; j <= k; j++) best[0]![j] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = i; j <= k; j++) best[i]![j] = Math.min(best[i]![j - 1]!, best[i - 1]![j - 1]! + cost(i - 1, j - 1));
  }
  const out = new Array<number>(n);
  let j = k;
  for (let i = n; i >= 1; i--) {
    while (j > i && best[i]![j - 1]! === best[i]![j]!) j -= 1;
    out[i - 1] = j - 1;
    j -= 1;
  }
  return out;
}

/** The header lines of a part as grid rows: the texts over each value column, wrapped lines joined. */
export function headerCells(lines: readonly Line[], values: readonly { start: number; end: number }[], stubSpan: { start: number; end: number }): { stub: string; groups: { text: string; from: number; to: number; line: number }[]; leaves: string[] } {
  // The stub column takes part as column 0: pdftotext moves header words left of where the values stand.
  const columns = [stubSpan, ...values];
  const groups: { text: string; from: number; to: number; line: number }[] = [];
  // Bottom up: a run over two or more header words of the lines below it is a group label over their
  // columns (法人或其他组织 over 社会公益组织, 法律服务机构, …), as is a run over the centres of several columns.
  const placed: { frag: Frag; column: number }[][] = lines.map(() => []);
  const below: { frag: Frag; column: number }[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    const frags = line.frags;
    const singles: Frag[] = [];
    for (const f of frags) {
      const under = below.filter((b) => b.column > 0 && b.frag.start < f.end && f.start < b.frag.end);
      const covered = columns.map((c, j) => ({ j, mid: (c.start + c.end) / 2 })).filter((c) => c.j > 0 && c.mid >= f.start && c.mid < f.end);
      const spanned = new Set([...under.map((b) => b.column), ...covered.map((c) => c.j)]);
      if (spanned.size >= 2 && frags.length < columns.length) {
        const from = Math.min(...spanned) - 1;
        const to = Math.max(...spanned) - 1;
        const same = groups.find((g) => g.from === from && g.to === to && g.line === line.index + 1);
        if (same) {
          same.text = f.text + same.text;
          same.line = line.index;
        } else groups.push({ text: f.text, from, to, line: line.index });
      } else singles.push(f);
    }
    const at = assign(singles, columns);
    singles.forEach((f, k) => placed[i]!.push({ frag: f, column: at[k]! }));
    below.push(...placed[i]!);
  }
  let stub = '';
  const leaves = values.map(() => '');
  for (const line of placed) {
    for (const { frag, column } of line) {
      if (column === 0) stub += frag.text;
      else leaves[column - 1] += frag.text;
    }
  }
  return { stub, groups, leaves };
}

/** One part of a table (a header and the rows under it) as a grid. */
function partGrid(header: readonly Line[], body: readonly Line[]): Grid | undefined {
  const rows = body.filter((l) => l.kind === 'values');
  if (rows.length === 0) return undefined;
  const columns = columnsOf(rows);
  const b = new GridBuilder();
  const first = (header[0] ?? body[0]!).index + 1;
  const last = body[body.length - 1]!.index + 1;
  const labelled = rows.filter((r) => r.stub !== '');
  const stubSpan = { start: Infinity, end: 0 };
  for (const r of labelled) {
    stubSpan.start = Math.min(stubSpan.start, r.frags[0]!.start);
    stubSpan.end = Math.max(stubSpan.end, r.frags[r.frags.length - r.tail.length - 1]!.end);
  }
  if (labelled.length === 0) stubSpan.start = 0;
  const read = header.length > 0 ? headerCells(header, columns, stubSpan) : undefined;
  // A value column left without a header means the header's words could not be told apart: no header is
  // better than a wrong one (the values are then reported, not placed in another column).
  const grouped = (j: number) => read?.groups.some((g) => g.from <= j && j <= g.to) ?? false;
  // Values one space apart stand in columns too narrow for pdftotext to keep their header words in place.
  let gaps = 0;
  let tight = 0;
  for (const row of rows) {
    if (row.tail.length !== columns.length) continue;
    for (let i = 1; i < row.tail.length; i++) {
      gaps += 1;
      if (row.tail[i]!.start - row.tail[i - 1]!.end <= 1) tight += 1;
    }
  }
  if (read && (read.leaves.some((leaf, j) => leaf === '' && !grouped(j)) || (gaps > 0 && tight * 2 > gaps))) {
    for (const line of header) b.row(line.index + 1);
    b.put(0, 0, header.map((l) => l.raw.trim()).join(' '));
  } else if (read) {
    const { stub, groups, leaves } = read;
    // Group rows (outermost first), then the leaves; a column without a group has its leaf span them.
    const levels: { text: string; from: number; to: number }[][] = [];
    for (const g of [...groups].sort((a, c) => (c.to - c.from) - (a.to - a.from))) {
      let level = 0;
      while (levels[level]?.some((o) => !(o.to < g.from || o.from > g.to))) level += 1;
      (levels[level] ??= []).push(g);
    }
    const depth = levels.length + 1;
    const ys: number[] = [];
    for (let d = 0; d < depth; d++) ys.push(b.row(header[Math.min(d, header.length - 1)]!.index + 1));
    b.put(ys[0]!, 0, stub, 1, depth);
    levels.forEach((level, d) => {
      for (const g of level) b.put(ys[d]!, g.from + 1, g.text, g.to - g.from + 1);
    });
    leaves.forEach((text, j) => {
      let d = 0;
      while (d < levels.length && levels[d]!.some((g) => g.from <= j && j <= g.to)) d += 1;
      if (b.rows[ys[d]!]?.[j + 1] === undefined) b.put(ys[d]!, j + 1, text, 1, depth - d);
    });
  }
  // Rows: a label may start above its values (an outline number opens it) and continue below them.
  let pending: { text: string; line: number } | undefined;
  let lastRow: { y: number; cell: { text: string } } | undefined;
  const labels = new Map<number, { text: string }>();
  const flush = () => {
    if (!pending) return;
    const y = b.row(pending.line);
    labels.set(y, { text: pending.text });
    pending = undefined;
    lastRow = undefined;
  };
  for (const line of body) {
    if (line.kind === 'blank' || line.kind === 'page') continue;
    const stub = line.kind === 'values' ? line.stub : line.frags.map((f) => f.text).join(' ');
    if (line.kind === 'text') {
      if (OUTLINE.test(stub)) {
        flush();
        pending = { text: stub, line: line.index + 1 };
      } else if (pending) pending.text += stub;
      else if (lastRow) lastRow.cell.text += stub;
      else pending = { text: stub, line: line.index + 1 };
      continue;
    }
    let text = stub;
    if (pending && (stub === '' || !OUTLINE.test(stub))) {
      text = pending.text + stub;
      pending = undefined;
    } else flush();
    const y = b.row(line.index + 1);
    const cell = { text };
    labels.set(y, cell);
    const at = assign(line.tail, columns);
    line.tail.forEach((f, i) => b.put(y, at[i]! + 1, f.text));
    lastRow = { y, cell };
  }
  flush();
  for (const [y, cell] of labels) if (y >= 0) b.put(y, 0, cell.text);
  // Cells were put out of order (labels last): the grid lists them by row, then column.
  b.cells.sort((a, c) => a.row - c.row || a.column - c.column);
  b.covers(first);
  b.covers(last);
  return b.grid();
}

/**
 * Reads `pdftotext -layout` text: the tables (columns as runs of spaces) as grids, every other line
 * as paragraphs (lines of one paragraph joined). Returns the blocks in reading order.
 */
export function columnBlocks(text: string): LayoutBlock[] {
  // A form feed (pdftotext's page break) starts a line of its own, which keeps the number of the text's line.
  const lines: string[] = [];
  const origin: number[] = [];
  text
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((line, i) => {
      for (const part of line.split('\f')) {
        lines.push(part);
        origin.push(i);
      }
    });
  return columnLines(lines, 0, false, origin);
}

/** {@link columnBlocks} of some lines of a text; `offset` is the 0-based index of the first in the whole text, `origin` each line's own where lines were split. */
export function columnLines(raw: readonly string[], offset: number, loose = false, origin?: readonly number[]): LayoutBlock[] {
  const lines = raw.map((line, i) => classify(line, origin?.[i] ?? i + offset, loose));
  // The width of the page's running text: the length most lines of text reach (a few longer lines are page furniture).
  const lengths = lines.filter((l) => l.kind === 'text').map((l) => [...l.raw.trimEnd()].length).sort((a, b) => b - a);
  const width = lengths[Math.floor(lengths.length / 10)] ?? 0;
  const prose = (l: Line) => l.kind === 'text' && !l.gapped && [...l.raw.trim()].length >= Math.max(20, width * 0.7);
  // pdftotext without -layout: the cells of a table one per line, the numbers of a row on lines of their own.
  let bare = 0;
  let valueLines = 0;
  for (const l of lines) {
    if (l.kind !== 'values') continue;
    valueLines += 1;
    if (l.stub === '') bare += 1;
  }
  const plain = bare >= 3 && bare >= valueLines * 0.7;
  const tables: { from: number; to: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.kind !== 'values') continue;
    // Extend over the value lines that follow within a few lines, no paragraph between.
    let to = i;
    let j = i + 1;
    let gap = 0;
    while (j < lines.length && gap <= MAX_GAP) {
      const l = lines[j]!;
      if (prose(l)) break;
      if (l.kind === 'values') {
        to = j;
        gap = 0;
      } else if (l.kind === 'text') gap += 1;
      j += 1;
    }
    // Label lines right under the last row that continue its label.
    let end = to;
    for (let k = to + 1; k < lines.length && k <= to + 3; k++) {
      const l = lines[k]!;
      if (l.kind !== 'text' || prose(l) || OUTLINE.test(l.raw) || l.gapped) break;
      end = k;
    }
    // Header lines above the first row: lines with columns, up to a paragraph or a heading.
    let from = i;
    for (let k = i - 1; k >= 0 && i - k <= MAX_HEADER; k--) {
      const l = lines[k]!;
      if (l.kind === 'blank' || l.kind === 'page') continue;
      if (l.kind !== 'text' || (!l.gapped && !plain) || prose(l) || (plain && /[。：:；;]$/u.test(l.raw.trim()))) break;
      from = k;
    }
    const previous = tables[tables.length - 1];
    if (previous && from <= previous.to) previous.to = end;
    else tables.push({ from, to: end });
    i = end;
  }
  const blocks: LayoutBlock[] = [];
  let para: { text: string; line: number; endLine: number; last: string } | undefined;
  const endPara = () => {
    if (para) blocks.push({ kind: 'paragraph', text: para.text, at: { line: para.line, endLine: para.endLine } });
    para = undefined;
  };
  const addText = (l: Line) => {
    const t = l.raw.trim();
    const length = [...l.raw.trimEnd()].length;
    // A line continues the paragraph when the one before filled the width and this one opens no heading.
    if (para && !OUTLINE.test(t) && !SECTION_LIKE.test(t) && [...para.last.trimEnd()].length >= width - 3 && !l.gapped) {
      para.text += t;
      para.endLine = l.index + 1;
      para.last = l.raw;
      return;
    }
    endPara();
    para = { text: t.replace(/\s{2,}/gu, ' '), line: l.index + 1, endLine: l.index + 1, last: length >= width - 3 ? l.raw : '' };
  };
  let t = 0;
  for (let i = 0; i < lines.length; i++) {
    const table = tables[t];
    if (table && i === table.from) {
      endPara();
      pushAll(blocks, plain ? plainBlocks(lines.slice(table.from, table.to + 1)) : tableBlocks(lines.slice(table.from, table.to + 1)));
      i = table.to;
      t += 1;
      continue;
    }
    const l = lines[i]!;
    if (l.kind === 'blank' || l.kind === 'page') {
      if (l.kind === 'page' || (para && para.last === '')) endPara();
      continue;
    }
    addText(l);
  }
  endPara();
  return blocks;
}

/** The parts of a table: each header (printed again after a page break, or another table's) opens a part; lines above a header are its caption. */
function tableBlocks(lines: readonly Line[]): LayoutBlock[] {
  const blocks: LayoutBlock[] = [];
  let header: Line[] = [];
  let body: Line[] = [];
  let valued = false;
  const close = () => {
    const grid = partGrid(header, body);
    if (grid) blocks.push({ kind: 'table', grid, at: { line: grid.source!.line, endLine: grid.source!.endLine } });
    header = [];
    body = [];
    valued = false;
  };
  for (const l of lines) {
    const headerLine = l.kind === 'text' && l.gapped;
    if (headerLine && valued) {
      // Text lines right above a header (no page break between) are its caption, not the last row's label.
      const caption: Line[] = [];
      while (body.length > 0 && body[body.length - 1]!.kind === 'text') caption.unshift(body.pop()!);
      close();
      body = caption;
    }
    if (headerLine && !valued) {
      for (const b of body) if (b.kind === 'text') blocks.push({ kind: 'paragraph', text: b.raw.trim(), at: { line: b.index + 1 } });
      header.push(l);
      body = [];
      continue;
    }
    body.push(l);
    if (l.kind === 'values') valued = true;
  }
  close();
  return blocks;
}

/**
 * A table of pdftotext without -layout: a row's label on lines of text, then its numbers on lines of
 * their own (several to a line at times). A label opens with an outline number (一、 （一） 1.) or
 * continues the label before it; header lines (several words, or text after a page break that opens no
 * label) are rows of text. Which column each number stands in the text does not say: the numbers of a
 * row are in order, and the header is left to the reader of the format.
 */
function plainBlocks(lines: readonly Line[]): LayoutBlock[] {
  const b = new GridBuilder();
  const labels = new Map<number, { text: string }>();
  let pending: { text: string; line: number } | undefined;
  let row: { y: number; x: number; label: { text: string } } | undefined;
  let open = false;
  let page = false;
  const flush = () => {
    if (!pending) return;
    const y = b.row(pending.line);
    labels.set(y, { text: pending.text });
    pending = undefined;
  };
  for (const l of lines) {
    if (l.kind === 'blank') continue;
    if (l.kind === 'page') {
      page = true;
      open = false;
      continue;
    }
    if (l.kind === 'values') {
      if (!open || l.stub !== '') {
        let text = l.stub;
        if (pending && (l.stub === '' || !OUTLINE.test(l.stub))) {
          text = pending.text + l.stub;
          pending = undefined;
        } else flush();
        const y = b.row(l.index + 1);
        const label = { text };
        labels.set(y, label);
        row = { y, x: 1, label };
        open = true;
        page = false;
      }
      for (const f of l.tail) b.put(row!.y, row!.x++, f.text);
      continue;
    }
    open = false;
    const text = l.frags.map((f) => f.text).join(' ');
    const header = l.frags.length >= 3 || (page && !OUTLINE.test(text));
    if (header) {
      flush();
      row = undefined;
      labels.set(b.row(l.index + 1), { text });
    } else if (OUTLINE.test(text)) {
      flush();
      pending = { text, line: l.index + 1 };
      page = false;
    } else if (pending) pending.text += text;
    else if (row) row.label.text += text;
    else pending = { text, line: l.index + 1 };
  }
  flush();
  for (const [y, cell] of labels) if (y >= 0) b.put(y, 0, cell.text);
  b.cells.sort((a, c) => a.row - c.row || a.column - c.column);
  if (b.rows.length === 0) return [];
  b.covers(lines[0]!.index + 1);
  b.covers(lines[lines.length - 1]!.index + 1);
  const grid = b.grid();
  return [{ kind: 'table', grid, at: { line: grid.source!.line, endLine: grid.source!.endLine } }];
}

// Pipe tables as PDF-to-Markdown converters write them: `| a | b |` rows, `|---|` rules (a converter
// writes one under whatever row it took for a header, often a broken one), a table cut into several at
// page breaks or where a label spans rows, `# title` lines. Each run of pipe rows becomes a grid; the
// lines between runs are read as pdftotext text (columns.ts).
import { pushAll } from '../core/arrays.js';
import type { LayoutBlock } from '../core/layout.js';
import { MAX_GRID_HEIGHT, MAX_GRID_WIDTH, type Grid, type GridCell } from '../core/grid.js';
import { PAGE_MARK, columnLines, isValueText } from './columns.js';

const PIPE_ROW = /^\s*\|.*\|\s*$/u;
const RULE_ROW = /^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$/u;
/** A section heading (一、…), which ends a table. */
const SECTION = /^[一二三四五六七八九十]{1,3}、\S/u;
/** Most lines of text between two parts of one table. */
const MAX_BETWEEN = 12;
const ATX = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/u;

/** True when the text holds a pipe table row (what a converter's Markdown has and pdftotext's text has not). */
export function hasPipeTable(lines: readonly string[]): boolean {
  return lines.some((l) => PIPE_ROW.test(l) && !RULE_ROW.test(l) && l.split('|').length >= 4);
}

/** The cells of a pipe row (escaped pipes `\|` kept in their cell). */
function cellsOf(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === '\\' && inner[i + 1] === '|') {
      current += '|';
      i += 1;
    } else if (c === '|') {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out.map((t) => t.replace(/<br\s*\/?>/giu, '').replace(/&emsp;|&nbsp;/gu, '').trim());
}

/** A row of a converter's table: its cells, and the text lines between pipe rows (kept as one-cell rows). */
interface PipeRow {
  readonly cells: readonly string[];
  readonly line: number;
  /** A line of text between the parts of the table, not a pipe row. */
  readonly text?: boolean;
}

/**
 * A converter's table as a grid. A value row keeps its label cells (the leading texts) in the stub
 * columns and its values in order after them, the empty cells a converter adds at the end dropped; a
 * row without values keeps its cells where they stand when it has as many as the table has columns (a
 * header row), and is one cell of text otherwise (a header broken apart, a label split off its row).
 */
function gridOf(rows: readonly PipeRow[]): Grid {
  const split = rows.map((r) => {
    const cells = [...r.cells];
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    let k = 0;
    while (k < cells.length && !isValueText(cells[k]!)) k += 1;
    const values = cells.slice(k);
    return { row: r, cells, labels: cells.slice(0, k), values: values.some((v) => v !== '' && isValueText(v)) && !r.text ? values : [] };
  });
  let stub = 0;
  const widths = new Set<number>();
  for (const r of split) {
    if (r.values.length === 0) continue;
    stub = Math.max(stub, r.labels.length);
    if (r.labels.length > 0) widths.add(r.labels.length + r.values.length);
  }
  let header = 0;
  const b: GridCell[] = [];
  const grid: (GridCell | undefined)[][] = [];
  const lines: number[] = [];
  let width = 0;
  let oversized = false;
  const put = (y: number, x: number, text: string) => {
    if (x >= MAX_GRID_WIDTH) {
      oversized = true;
      return;
    }
    const cell: GridCell = { text, row: y, column: x, rowSpan: 1, colSpan: 1 };
    b.push(cell);
    grid[y]![x] = cell;
    width = Math.max(width, x + 1);
  };
  for (const r of split) {
    if (grid.length >= MAX_GRID_HEIGHT) {
      oversized = true;
      break;
    }
    const y = grid.length;
    grid.push([]);
    lines.push(r.row.line);
    if (r.values.length > 0) {
      r.labels.forEach((text, x) => put(y, x, text));
      // A row with fewer cells than its header lost one: which, the text does not say. Its values stand
      // outside the header's columns, for the assembler to report, not in a column they may not belong to.
      const lost = header > 0 && r.labels.length > 0 && r.labels.length + r.values.length < header;
      r.values.forEach((text, j) => put(y, (lost ? header : stub) + j, text));
    } else if (!r.row.text && widths.has(r.cells.length) && r.cells.length > 1) {
      header = r.cells.length;
      r.cells.forEach((text, x) => put(y, x, text));
    } else put(y, 0, r.cells.filter((c) => c !== '').join(' '));
  }
  const first = rows[0]?.line ?? 1;
  const last = rows[rows.length - 1]?.line ?? first;
  return { rows: grid, width, height: grid.length, cells: b, caption: undefined, oversized, lines, source: { line: first, endLine: last } };
}

/** Reads a converter's Markdown: pipe tables as grids, `#` lines as headings, the rest as pdftotext text. */
export function pipeBlocks(text: string): LayoutBlock[] {
  const lines = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').replace(/\f/g, '\n').split('\n');
  const blocks: LayoutBlock[] = [];
  let from = 0;
  const flushText = (to: number) => {
    if (to > from) pushAll(blocks, columnLines(lines.slice(from, to), from, true));
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = ATX.exec(line);
    if (heading) {
      flushText(i);
      blocks.push({ kind: 'heading', text: heading[2]!, level: heading[1]!.length, at: { line: i + 1 } });
      from = i + 1;
      continue;
    }
    if (!PIPE_ROW.test(line)) continue;
    flushText(i);
    // The table runs on over the text between its parts (labels a converter split off, page marks),
    // up to a heading, a section heading or a long stretch of text.
    const rows: PipeRow[] = [];
    let j = i;
    let end = i;
    let text: PipeRow[] = [];
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (PIPE_ROW.test(l)) {
        rows.push(...text);
        text = [];
        if (!RULE_ROW.test(l)) rows.push({ cells: cellsOf(l), line: j + 1 });
        end = j;
        continue;
      }
      const t = l.trim();
      if (t === '' || PAGE_MARK.test(t)) continue;
      if (ATX.test(l) || SECTION.test(t) || text.length >= MAX_BETWEEN) break;
      text.push({ cells: [t], line: j + 1, text: true });
    }
    if (rows.length > 0) blocks.push({ kind: 'table', grid: gridOf(rows), at: { line: i + 1, endLine: end + 1 } });
    i = end;
    from = end + 1;
  }
  flushText(lines.length);
  return blocks;
}

// Pipe tables as PDF-to-Markdown converters write them: `| a | b |` rows, `|---|` rules (a converter
// writes one under whatever row it took for a header, often a broken one), a table cut into several at
// page breaks or where a label spans rows, `# title` lines. Each run of pipe rows becomes a grid; the
// lines between runs are read as pdftotext text (columns.ts).
import type { LayoutBlock } from '../core/layout.js';
import { MAX_GRID_HEIGHT, MAX_GRID_WIDTH, type Grid, type GridCell } from '../grid.js';
import { columnLines } from './columns.js';

const PIPE_ROW = /^\s*\|.*\|\s*$/u;
const RULE_ROW = /^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$/u;
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

function gridOf(rows: readonly { cells: string[]; line: number }[]): Grid {
  const height = Math.min(rows.length, MAX_GRID_HEIGHT);
  const cells: GridCell[] = [];
  const grid: (GridCell | undefined)[][] = [];
  let width = 0;
  for (let y = 0; y < height; y++) {
    const row: (GridCell | undefined)[] = [];
    rows[y]!.cells.slice(0, MAX_GRID_WIDTH).forEach((text, x) => {
      const cell: GridCell = { text, row: y, column: x, rowSpan: 1, colSpan: 1 };
      cells.push(cell);
      row.push(cell);
    });
    width = Math.max(width, row.length);
    grid.push(row);
  }
  const oversized = rows.length > MAX_GRID_HEIGHT || rows.some((r) => r.cells.length > MAX_GRID_WIDTH);
  const first = rows[0]?.line ?? 1;
  const last = rows[rows.length - 1]?.line ?? first;
  return { rows: grid, width, height, cells, caption: undefined, oversized, lines: rows.slice(0, height).map((r) => r.line), source: { line: first, endLine: last } };
}

/** Reads a converter's Markdown: pipe tables as grids, `#` lines as headings, the rest as pdftotext text. */
export function pipeBlocks(text: string): LayoutBlock[] {
  const lines = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').replace(/\f/g, '\n').split('\n');
  const blocks: LayoutBlock[] = [];
  let from = 0;
  const flushText = (to: number) => {
    if (to > from) blocks.push(...columnLines(lines.slice(from, to), from));
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
    const rows: { cells: string[]; line: number }[] = [];
    let j = i;
    for (; j < lines.length && PIPE_ROW.test(lines[j]!); j++) {
      if (!RULE_ROW.test(lines[j]!)) rows.push({ cells: cellsOf(lines[j]!), line: j + 1 });
    }
    if (rows.length > 0) {
      const grid = gridOf(rows);
      blocks.push({ kind: 'table', grid, at: { line: i + 1, endLine: j } });
    }
    i = j - 1;
    from = j;
  }
  flushText(lines.length);
  return blocks;
}

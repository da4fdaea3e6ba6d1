// Tables printed without a usable header (a converter lost it), with some rows cut off their labels:
// the order of the format's table says where their values go, when it makes that certain. A step of
// the assembler, for every reader: it rewrites such a grid with the format's own header and each row's
// official labels, and leaves everything else as it was.
import type { Format, ResolvedNode, TableIndex } from '../../formats/define.js';
import type { Layout, LayoutBlock } from './layout.js';
import type { Grid, GridCell } from './grid.js';
import { labelMatcher, normalizeLabel, stripNumbering } from './labels.js';
import { isValueCell } from './values.js';

interface Row {
  readonly y: number;
  readonly labels: string[];
  readonly values: string[];
}

/** The cells of a grid row in order, each once. */
function cellsOf(grid: Grid, y: number): GridCell[] {
  const out: GridCell[] = [];
  for (const cell of grid.rows[y] ?? []) if (cell && cell.row === y && out[out.length - 1] !== cell) out.push(cell);
  return out;
}

function rowsOf(grid: Grid): Row[] {
  const rows: Row[] = [];
  for (let y = 0; y < grid.height; y++) {
    const cells = cellsOf(grid, y).map((c) => c.text).filter((t) => t !== '');
    let k = 0;
    while (k < cells.length && !isValueCell(cells[k]!)) k += 1;
    rows.push({ y, labels: cells.slice(0, k), values: cells.slice(k) });
  }
  return rows;
}

/** A header row: two or more cells and no value. */
const hasHeader = (rows: readonly Row[]) => rows.some((r) => r.values.length === 0 && r.labels.length >= 2);

/** The rows of a table by their labels (normalised, and without their numbering), in print order. */
function rowIndex(table: TableIndex): Map<string, ResolvedNode[]> {
  const index = new Map<string, ResolvedNode[]>();
  for (const row of table.rows) {
    for (const text of [row.label, ...row.aliases]) {
      const key = normalizeLabel(text);
      for (const k of new Set([key, stripNumbering(key)])) {
        if (!k) continue;
        const list = index.get(k) ?? [];
        if (!list.includes(row)) list.push(row);
        index.set(k, list);
      }
    }
  }
  return index;
}

/** The first row of the table after `after` (print order) that a row's labels name: its last label, else all of them joined. */
function rowOf(index: ReadonlyMap<string, ResolvedNode[]>, labels: readonly string[], after: number, order: ReadonlyMap<ResolvedNode, number>): ResolvedNode | undefined {
  for (const text of [labels[labels.length - 1] ?? '', labels.join('')]) {
    const key = normalizeLabel(text);
    for (const k of [key, stripNumbering(key)]) {
      const next = (index.get(k) ?? []).filter((r) => (order.get(r) ?? -1) > after);
      if (next.length > 0) return next.sort((a, b) => order.get(a)! - order.get(b)!)[0];
    }
  }
  return undefined;
}

/**
 * The layout with every table printed without a header (a converter's broken one) rewritten where the
 * format's table makes the reading certain: a row with one value per column of the table takes them in
 * the table's column order; a row cut off its label takes the one row of the table left between the
 * labelled rows around it, when as many rows are left as rows without labels stand there. Rows that
 * stay uncertain keep their values outside the table's columns, for the assembler to report.
 */
export function byOrder(layout: Layout, format: Format): Layout {
  const matcher = labelMatcher(format);
  let changed = false;
  const blocks = layout.blocks.map((block): LayoutBlock => {
    if (block.kind !== 'table' || block.grid.oversized) return block;
    const rows = rowsOf(block.grid);
    if (hasHeader(rows) || !rows.some((r) => r.values.length > 0)) return block;
    // The format table whose rows the grid's labels name most.
    let best: { table: TableIndex; hits: number } | undefined;
    for (const table of matcher.index.tables) {
      const order = new Map(table.rows.map((r, i) => [r, i] as const));
      const index = rowIndex(table);
      const hits = rows.filter((r) => r.values.length > 0 && r.labels.length > 0 && rowOf(index, r.labels, -1, order)).length;
      if (hits > (best?.hits ?? 0)) best = { table, hits };
    }
    // No label at all: the one table of the format with as many rows and columns as the grid's values.
    if (!best) {
      const valued = rows.filter((r) => r.values.length > 0);
      const fits = matcher.index.tables.filter((table) => {
        const printed = table.rows.filter((r) => table.cells.some((c) => c.row === r && c.printed));
        const m = table.valueColumns.filter((c) => table.cells.some((x) => x.column === c && x.printed)).length;
        return printed.length === valued.length && valued.every((r) => r.labels.length === 0 && r.values.length === m);
      });
      if (fits.length === 1) best = { table: fits[0]!, hits: 0 };
    }
    if (!best) return block;
    const grid = rewrite(block.grid, rows, best.table);
    if (!grid) return block;
    changed = true;
    return { ...block, grid };
  });
  return changed ? { ...layout, blocks } : layout;
}

function rewrite(grid: Grid, rows: readonly Row[], table: TableIndex): Grid | undefined {
  const index = rowIndex(table);
  const printed = table.rows.filter((r) => table.cells.some((c) => c.row === r && c.printed));
  const order = new Map(printed.map((r, i) => [r, i] as const));
  const columns = table.valueColumns.filter((c) => table.cells.some((x) => x.column === c && x.printed));
  const m = columns.length;
  if (m === 0) return undefined;
  // Anchors: labelled value rows, in the table's order.
  const valued = rows.filter((r) => r.values.length > 0);
  const named = new Map<Row, ResolvedNode>();
  let after = -1;
  let uncertain = false;
  for (const r of valued) {
    if (r.labels.length === 0) continue;
    const node = rowOf(index, r.labels, after, order);
    if (node) {
      named.set(r, node);
      after = order.get(node)!;
    } else uncertain = true;
  }
  // Rows without labels between two anchors: certain when as many rows of the table lie between them.
  let previous = -1;
  let waiting: Row[] = [];
  const anchored = named.size > 0;
  const settle = (next: number) => {
    const between = printed.slice(previous + 1, next);
    // Rows before the first labelled row of a part (a table continued from another part) are certain only
    // when no row of the part has a label: then the part is the whole table.
    const bounded = !anchored || previous >= 0;
    if (!uncertain && bounded && waiting.length > 0 && between.length === waiting.length) waiting.forEach((r, i) => named.set(r, between[i]!));
    waiting = [];
  };
  for (const r of valued) {
    const node = named.get(r);
    if (node) {
      settle(order.get(node)!);
      previous = order.get(node)!;
    } else if (r.labels.length === 0 && r.values.length === m) waiting.push(r);
  }
  settle(printed.length);

  const stub = Math.max(1, ...printed.map((r) => r.labelPath.length));
  const depth = Math.max(1, ...columns.map((c) => c.labelPath.length));
  const out: (GridCell | undefined)[][] = [];
  const cells: GridCell[] = [];
  const lines: (number | undefined)[] = [];
  let width = 0;
  const put = (y: number, x: number, text: string, rowSpan = 1) => {
    const cell: GridCell = { text, row: y, column: x, rowSpan, colSpan: 1 };
    cells.push(cell);
    for (let dy = 0; dy < rowSpan; dy++) out[y + dy]![x] = cell;
    width = Math.max(width, x + 1);
  };
  const firstLine = grid.lines?.find((l) => l !== undefined);
  for (let d = 0; d < depth; d++) {
    out.push([]);
    lines.push(firstLine);
  }
  put(0, 0, table.definition.stubHeader ?? '', depth);
  columns.forEach((column, j) => {
    const path = column.labelPath;
    path.forEach((label, d) => put(d, stub + j, label, d === path.length - 1 ? depth - d : 1));
  });
  let text: { y: number; cell: GridCell } | undefined;
  for (const r of rows) {
    const node = named.get(r);
    if (r.values.length === 0) {
      // Text rows between value rows (a broken header, labels split off their rows) are one cell of text,
      // so that none of them reads as a header over the format's own.
      if (r.labels.length === 0) continue;
      if (text) {
        (text.cell as { text: string }).text += ` ${r.labels.join(' ')}`;
        continue;
      }
      const y = out.length;
      out.push([]);
      lines.push(grid.lines?.[r.y]);
      put(y, 0, r.labels.join(' '));
      text = { y, cell: cells[cells.length - 1]! };
      continue;
    }
    text = undefined;
    const y = out.length;
    out.push([]);
    lines.push(grid.lines?.[r.y]);
    const labels = node ? node.labelPath : r.labels;
    if (labels.length > stub) put(y, 0, labels.join(''));
    else labels.forEach((label, x) => put(y, x, label));
    // One value per column: in the table's column order. Otherwise outside the columns, to be reported.
    const at = node && r.values.length === m ? stub : stub + m;
    r.values.forEach((value, j) => put(y, at + j, value));
  }
  return { ...grid, rows: out, cells, width, height: out.length, lines };
}

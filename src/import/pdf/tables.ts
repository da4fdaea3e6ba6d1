// Tables drawn with rules: the rules that touch one another make one table; their distinct positions
// make the grid's lines; two neighbouring grid boxes with no rule between them are one merged cell
// (a span). Every text run whose middle falls inside a cell is that cell's text.
import { MAX_GRID_HEIGHT, MAX_GRID_WIDTH, type Grid, type GridCell } from '../core/grid.js';
import { isCjk, joinText, linesOf, middleOf, tidy, type Rule, type TextRun } from './geometry.js';

/** A cell of a ruled table, placed in its table's grid. */
export interface RuledCell {
  text: string;
  readonly row: number;
  readonly column: number;
  rowSpan: number;
  readonly colSpan: number;
}

/** A table found on a page: its box, its grid lines, its cells, and the runs it took. */
export interface RuledTable {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
  /** The x of each column line, left to right (one more than the columns). */
  readonly xs: readonly number[];
  /** The number of grid rows. */
  readonly height: number;
  readonly cells: RuledCell[];
  /** The runs read into the cells. */
  readonly taken: ReadonlySet<TextRun>;
  /** No rule drawn along the top (bottom) edge: the table's rules stop there (a page break cut it). */
  readonly openTop: boolean;
  readonly openBottom: boolean;
}

/** A cell holding a number (a value, not a label). */
const NUMBER = /^[\d.,，%\s-]+$/u;

/** A label that starts with its own number: （四）…, 4.…, 四、… — an item of its own, never the rest of another. */
const NUMBERED = /^\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*、|\d{1,2}\s*[.、．])/u;

/**
 * True when `next` reads as a label of its own beside `above` rather than its rest: it starts a
 * numbered item, or starts as `above` does (第二十条第（六）项 / 第二十条第（八）项).
 */
function sibling(above: string, next: string): boolean {
  if (!above || !next) return false;
  return NUMBERED.test(next) || (next.length >= 2 && above.startsWith(next.slice(0, 2)));
}

/** Most rules of a page read as table borders (a page of a report draws a few hundred). */
const MAX_RULES = 4000;

/** How far apart two rule positions may be and still be one grid line; and how far a rule may stop short. */
const SNAP = 2.5;

/** The tables drawn by the rules of one page, top to bottom, each holding the runs inside its cells. */
export function ruledTables(rules: readonly Rule[], runs: readonly TextRun[]): RuledTable[] {
  const groups = connected(rules.filter((r) => r.b - r.a >= 3).slice(0, MAX_RULES));
  const tables: RuledTable[] = [];
  for (const group of groups) {
    const table = tableOf(group, runs);
    if (table) tables.push(table);
  }
  return tables.sort((p, q) => p.top - q.top || p.left - q.left);
}

/** Rules that cross or touch, grouped (union-find). */
function connected(rules: readonly Rule[]): Rule[][] {
  const parent = rules.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const horizontal = rules.map((r, i) => [r, i] as const).filter(([r]) => r.horizontal);
  const vertical = rules.map((r, i) => [r, i] as const).filter(([r]) => !r.horizontal);
  // Rules are few (a few hundred a page; at most MAX_RULES are read): the pairwise test is cheap.
  for (const [h, i] of horizontal) {
    for (const [v, j] of vertical) {
      if (v.at >= h.a - SNAP && v.at <= h.b + SNAP && h.at >= v.a - SNAP && h.at <= v.b + SNAP) parent[find(i)] = find(j);
    }
  }
  // A rule drawn in pieces (one piece a cell) is one rule: pieces on one line that meet.
  for (const list of [horizontal, vertical]) {
    const sorted = [...list].sort(([p], [q]) => p.at - q.at || p.a - q.a);
    for (let k = 0; k < sorted.length; k++) {
      const [r, i] = sorted[k]!;
      for (let m = k + 1; m < sorted.length && sorted[m]![0].at - r.at <= SNAP; m++) {
        const [q, j] = sorted[m]!;
        if (q.a <= r.b + SNAP && r.a <= q.b + SNAP) parent[find(i)] = find(j);
      }
    }
  }
  const groups = new Map<number, Rule[]>();
  rules.forEach((r, i) => {
    const root = find(i);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = []));
    g.push(r);
  });
  return [...groups.values()];
}

/** Distinct positions, those within SNAP of each other merged into their mean. */
function snap(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  for (const v of sorted) {
    if (group.length > 0 && v - group[group.length - 1]! > SNAP) {
      out.push(group.reduce((s, x) => s + x, 0) / group.length);
      group = [];
    }
    group.push(v);
  }
  if (group.length > 0) out.push(group.reduce((s, x) => s + x, 0) / group.length);
  return out;
}

const nearest = (lines: readonly number[], v: number): number => {
  let best = 0;
  for (let i = 1; i < lines.length; i++) if (Math.abs(lines[i]! - v) < Math.abs(lines[best]! - v)) best = i;
  return best;
};

function tableOf(rules: readonly Rule[], runs: readonly TextRun[]): RuledTable | undefined {
  const hs = rules.filter((r) => r.horizontal);
  const vs = rules.filter((r) => !r.horizontal);
  if (hs.length < 2 || vs.length < 2) return undefined;
  const ys = snap(hs.map((r) => r.at));
  const xs = snap(vs.map((r) => r.at));
  // An edge the table does not draw (a row cut by a page break has no rule where the page cuts it; a
  // table may have no outer frame): where the rules across it end.
  const edges = { top: false, bottom: false, left: false, right: false };
  const top = Math.min(...vs.map((r) => r.a));
  const bottom = Math.max(...vs.map((r) => r.b));
  const left = Math.min(...hs.map((r) => r.a));
  const right = Math.max(...hs.map((r) => r.b));
  if (top < ys[0]! - SNAP) (ys.unshift(top), (edges.top = true));
  if (bottom > ys[ys.length - 1]! + SNAP) (ys.push(bottom), (edges.bottom = true));
  if (left < xs[0]! - SNAP) (xs.unshift(left), (edges.left = true));
  if (right > xs[xs.length - 1]! + SNAP) (xs.push(right), (edges.right = true));
  if (ys.length < 2 || xs.length < 2) return undefined;
  const height = ys.length - 1;
  const width = xs.length - 1;
  if (height > MAX_GRID_HEIGHT || width > MAX_GRID_WIDTH) return undefined;

  // Which grid lines each rule covers: a rule is on its snapped line, from box edge to box edge.
  const hCover = ys.map(() => new Array<boolean>(width).fill(false));
  const vCover = xs.map(() => new Array<boolean>(height).fill(false));
  for (const r of hs) {
    const line = hCover[nearest(ys, r.at)]!;
    for (let c = 0; c < width; c++) {
      const mid = (xs[c]! + xs[c + 1]!) / 2;
      if (r.a - SNAP <= mid && mid <= r.b + SNAP) line[c] = true;
    }
  }
  for (const r of vs) {
    const line = vCover[nearest(xs, r.at)]!;
    for (let c = 0; c < height; c++) {
      const mid = (ys[c]! + ys[c + 1]!) / 2;
      if (r.a - SNAP <= mid && mid <= r.b + SNAP) line[c] = true;
    }
  }

  if (edges.top) hCover[0]!.fill(true);
  if (edges.bottom) hCover[height]!.fill(true);
  if (edges.left) vCover[0]!.fill(true);
  if (edges.right) vCover[width]!.fill(true);

  // Boxes joined where no rule parts them; each joined region is a cell spanning its bounds.
  const owner: (number | undefined)[][] = Array.from({ length: height }, () => new Array<number | undefined>(width));
  const cells: { row: number; column: number; rowSpan: number; colSpan: number }[] = [];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      if (owner[r]![c] !== undefined) continue;
      // Flood the region, then take its bounding rectangle.
      let r0 = r;
      let r1 = r;
      let c0 = c;
      let c1 = c;
      const seen = new Set<number>([r * width + c]);
      const todo: [number, number][] = [[r, c]];
      while (todo.length > 0) {
        const [y, x] = todo.pop()!;
        r0 = Math.min(r0, y);
        r1 = Math.max(r1, y);
        c0 = Math.min(c0, x);
        c1 = Math.max(c1, x);
        const next: [number, number, boolean][] = [
          [y, x + 1, x + 1 < width && !vCover[x + 1]![y]],
          [y, x - 1, x > 0 && !vCover[x]![y]],
          [y + 1, x, y + 1 < height && !hCover[y + 1]![x]],
          [y - 1, x, y > 0 && !hCover[y]![x]],
        ];
        for (const [ny, nx, open] of next) {
          const key = ny * width + nx;
          if (open && !seen.has(key) && owner[ny]![nx] === undefined) {
            seen.add(key);
            todo.push([ny, nx]);
          }
        }
      }
      const index = cells.length;
      for (let y = r0; y <= r1; y++) for (let x = c0; x <= c1; x++) owner[y]![x] ??= index;
      cells.push({ row: r0, column: c0, rowSpan: r1 - r0 + 1, colSpan: c1 - c0 + 1 });
    }
  }

  // The runs inside each cell.
  const inCell: TextRun[][] = cells.map(() => []);
  const taken = new Set<TextRun>();
  for (const run of runs) {
    const mid = middleOf(run);
    const cx = (run.x0 + Math.max(run.x0, run.x1)) / 2;
    if (mid < ys[0]! || mid > ys[height]! || cx < xs[0]! || cx > xs[width]!) continue;
    const r = lineIndex(ys, mid);
    const c = lineIndex(xs, cx);
    const index = owner[r]?.[c];
    if (index === undefined) continue;
    inCell[index]!.push(run);
    taken.add(run);
  }
  // A frame around text with no inner rules (a boxed paragraph) is no table.
  if (cells.length < 2) return undefined;

  const ruled: RuledCell[] = cells.map((cell, i) => ({ ...cell, text: cellText(inCell[i]!) }));
  return { top: ys[0]!, bottom: ys[height]!, left: xs[0]!, right: xs[width]!, xs, height, cells: ruled, taken, openTop: edges.top, openBottom: edges.bottom };
}

/** The grid of a table's cells (a cell covers every position of its spans). */
export function gridOf(cells: readonly RuledCell[], width: number, height: number, pages?: readonly number[]): Grid {
  const frozen: GridCell[] = cells.map((c) => ({ text: c.text, row: c.row, column: c.column, rowSpan: c.rowSpan, colSpan: c.colSpan }));
  const rows: (GridCell | undefined)[][] = Array.from({ length: height }, () => new Array<GridCell | undefined>(width));
  for (const cell of frozen) {
    for (let y = cell.row; y < Math.min(height, cell.row + cell.rowSpan); y++) {
      for (let x = cell.column; x < Math.min(width, cell.column + cell.colSpan); x++) rows[y]![x] ??= cell;
    }
  }
  return { rows, width, height, cells: frozen, caption: undefined, oversized: false, ...(pages !== undefined && { pages }) };
}

/**
 * One table printed in parts across page breaks, as one: the column lines of all parts together,
 * the rows of each part after the last; a cell cut by the page break (a label wrapped onto the next
 * page, a group label spanning rows on both pages) made one again. A later part's column lines
 * are among the first part's.
 */
export function joinParts(parts: readonly RuledTable[]): { cells: RuledCell[]; width: number; height: number; rowParts: number[] } {
  const xs = snap(parts.flatMap((p) => p.xs));
  const at = (x: number) => nearest(xs, x);
  const cells: RuledCell[] = [];
  // The part (0 for the first page's) each grid row was printed in; a row cut by a break keeps its first part.
  const rowParts: number[] = [];
  let height = 0;
  let previous: RuledCell[] = [];
  let before: RuledTable | undefined;
  // Columns of group labels: where some part has a cell spanning rows.
  const groupColumns = new Set<number>();
  for (const p of parts) for (const c of p.cells) if (c.rowSpan > 1) groupColumns.add(at(p.xs[c.column]!));
  const signature = (p: RuledTable, row: number) =>
    p.cells
      .filter((c) => c.row === row)
      .map((c) => `${c.text}/${c.rowSpan}/${p.xs[c.column]!.toFixed(0)}-${p.xs[c.column + c.colSpan]!.toFixed(0)}`)
      .join('|');
  for (const part of parts) {
    // The header printed again at the top of this part: its rows are left out.
    let repeated = 0;
    if (before && parts[0]) {
      const head = parts[0];
      while (repeated < part.height - 1 && repeated < head.height && signature(part, repeated) !== '' && signature(part, repeated) === signature(head, repeated)) repeated++;
      // Whole rows only: no cell of the repeated rows reaches below them.
      while (repeated > 0 && part.cells.some((c) => c.row < repeated && c.row + c.rowSpan > repeated)) repeated--;
    }
    const placed = part.cells
      .filter((c) => c.row >= repeated)
      .map((c) => {
        const column = at(part.xs[c.column]!);
        return { text: c.text, row: c.row - repeated, column, rowSpan: c.rowSpan, colSpan: at(part.xs[c.column + c.colSpan]!) - column };
      });
    const continued = height > 0;
    const aboveOf = (cell: RuledCell) =>
      continued && cell.row === 0 ? previous.find((p) => p.row + p.rowSpan === height && p.column === cell.column && p.colSpan === cell.colSpan) : undefined;
    // A row cut by the page break: each cell of the part's first row continues one above it, no two
    // halves both hold a number, no half starts a numbered item, and either no rule was drawn at the
    // cut or one half holds all the row's numbers. Its two halves are one grid row.
    const first = placed.filter((c) => c.row === 0);
    const halves = first.map((c) => [aboveOf(c), c] as const);
    const numbers = (side: 0 | 1) => halves.filter((h) => h[side] !== undefined && NUMBER.test(h[side].text)).length;
    const rowCut =
      halves.length > 0 &&
      halves.every(([above, c]) => above !== undefined && !(NUMBER.test(above.text) && NUMBER.test(c.text)) && !sibling(above.text, c.text)) &&
      ((part.openTop && before?.openBottom === true && repeated === 0) || numbers(0) === 0 || numbers(1) === 0);
    const base = rowCut ? height - 1 : height;
    const mine: RuledCell[] = [];
    for (const cell of placed) {
      // A cell continued from the page before: the same columns, ending at the break and starting after
      // it, in a row cut by the break or a group label (spanning rows, or in a column of such labels).
      const above = aboveOf(cell);
      const label = above !== undefined && !NUMBER.test(above.text) && !NUMBER.test(cell.text) && !sibling(above.text, cell.text);
      if (above && (rowCut || (label && (above.rowSpan > 1 || cell.rowSpan > 1 || groupColumns.has(cell.column))))) {
        above.text = joinText(above.text, cell.text, !(isCjk(above.text[above.text.length - 1]) || isCjk(cell.text[0])));
        above.rowSpan += rowCut ? cell.rowSpan - 1 : cell.rowSpan;
        mine.push(above);
        continue;
      }
      const own = { ...cell, row: cell.row + base };
      cells.push(own);
      mine.push(own);
    }
    const partHeight = part.height - repeated;
    // Columns left or right of this part (a group label's border not drawn again on the next page):
    // the cells above them run on down through this part.
    const from = at(part.xs[0]!);
    const to = at(part.xs[part.xs.length - 1]!);
    for (const p of previous) {
      if (p.row + p.rowSpan === height && (p.column + p.colSpan <= from || p.column >= to) && !mine.includes(p)) {
        p.rowSpan += base + partHeight - height;
        mine.push(p);
      }
    }
    height = base + partHeight;
    while (rowParts.length < height) rowParts.push(parts.indexOf(part));
    // The cells that reach the end of this part (a group label from an earlier part among them).
    previous = mine.concat(previous.filter((p) => !mine.includes(p) && p.row + p.rowSpan === height));
    before = part;
  }
  return { cells, width: xs.length - 1, height, rowParts };
}

/** The index of the band between consecutive lines that holds v. */
function lineIndex(lines: readonly number[], v: number): number {
  for (let i = 0; i < lines.length - 1; i++) if (v < lines[i + 1]!) return i;
  return lines.length - 2;
}

/** A cell's text: its lines top to bottom (a label wrapped over lines, one character a line when printed vertically). */
export function cellText(runs: readonly TextRun[]): string {
  let text = '';
  for (const line of linesOf(runs)) {
    let part = '';
    let prev: TextRun | undefined;
    for (const run of line) {
      part = joinText(part, run.text, prev !== undefined && run.x0 - prev.x1 > Math.min(prev.size, run.size) * 0.15);
      prev = run;
    }
    part = part.trim();
    text = joinText(text, part, !(isCjk(text[text.length - 1]) || isCjk(part[0])));
  }
  return tidy(text);
}

// Tables drawn with rules: the rules that touch one another make one table; their distinct positions
// make the grid's lines; two neighbouring grid boxes with no rule between them are one merged cell
// (a span). Every text run whose middle falls inside a cell is that cell's text.
import { MAX_GRID_HEIGHT, MAX_GRID_WIDTH, type Grid, type GridCell } from '../grid.js';
import { isCjk, joinText, linesOf, middleOf, tidy, type Rule, type TextRun } from './geometry.js';

/** A table found on a page: its box, its grid, and the runs it took. */
export interface RuledTable {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
  readonly grid: Grid;
  /** The runs read into the grid's cells. */
  readonly taken: ReadonlySet<TextRun>;
}

/** How far apart two rule positions may be and still be one grid line; and how far a rule may stop short. */
const SNAP = 2.5;

/** The tables drawn by the rules of one page, top to bottom, each holding the runs inside its cells. */
export function ruledTables(rules: readonly Rule[], runs: readonly TextRun[]): RuledTable[] {
  const groups = connected(rules.filter((r) => r.b - r.a >= 3));
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
  // Rules are few (a few hundred a page): the pairwise test is cheap.
  for (const [h, i] of horizontal) {
    for (const [v, j] of vertical) {
      if (v.at >= h.a - SNAP && v.at <= h.b + SNAP && h.at >= v.a - SNAP && h.at <= v.b + SNAP) parent[find(i)] = find(j);
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
  const top = ys[0]!;
  const bottom = ys[height]!;
  const left = xs[0]!;
  const right = xs[width]!;
  const inCell: TextRun[][] = cells.map(() => []);
  const taken = new Set<TextRun>();
  for (const run of runs) {
    const mid = middleOf(run);
    const cx = (run.x0 + Math.max(run.x0, run.x1)) / 2;
    if (mid < top || mid > bottom || cx < left || cx > right) continue;
    const r = lineIndex(ys, mid);
    const c = lineIndex(xs, cx);
    const index = owner[r]?.[c];
    if (index === undefined) continue;
    inCell[index]!.push(run);
    taken.add(run);
  }
  // A frame around text with no inner rules (a boxed paragraph) is no table.
  if (cells.length < 2) return undefined;

  const gridCells: GridCell[] = cells.map((cell, i) => ({ ...cell, text: cellText(inCell[i]!) }));
  // Rows and columns with no cell starting in them and no text hold nothing: they come from rules a
  // fraction of a point apart, not from the table's design; they are kept (spans cover them).
  const rows: (GridCell | undefined)[][] = owner.map((line) => line.map((i) => (i === undefined ? undefined : gridCells[i])));
  const grid: Grid = { rows, width, height, cells: gridCells, caption: undefined, oversized: false };
  return { top, bottom, left, right, grid, taken };
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

// Tables printed without rules: lines split into chunks at wide gaps, the chunks of the fullest
// lines making the columns, every chunk placed in the column it stands under (a blank cell is simply
// missing there). A line holding only a label continues the label of the row above (a label wrapped
// over lines, its row's values on its first line).
import { lineText, type TextRun } from './geometry.js';
import type { RuledCell, RuledTable } from './tables.js';

/** A run of text set apart from the next by at least an em: one cell's text on one line. */
interface Chunk {
  readonly x0: number;
  readonly x1: number;
  readonly text: string;
  readonly runs: readonly TextRun[];
}

/** A table found among a page's lines: the lines it covers (indices into the lines given) and the table. */
export interface ColumnTable {
  readonly from: number;
  readonly to: number;
  readonly table: RuledTable;
}

const NUMBER = /^[-+]?[\d０-９][\d０-９.,，%\s]*$/u;
/** A label that starts an item of its own (一、 （二） 3. 其中：), never the rest of the one above. */
const ITEM = /^\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*、|\d{1,2}\s*[.、．]|其中)/u;

function chunksOf(line: readonly TextRun[]): Chunk[] {
  const chunks: Chunk[] = [];
  let current: TextRun[] = [];
  for (const run of line) {
    const prev = current[current.length - 1];
    if (prev && run.x0 - prev.x1 > Math.min(prev.size, run.size)) {
      chunks.push(chunkOf(current));
      current = [];
    }
    current.push(run);
  }
  if (current.length > 0) chunks.push(chunkOf(current));
  return chunks.filter((c) => c.text !== '');
}

function chunkOf(runs: readonly TextRun[]): Chunk {
  return { x0: Math.min(...runs.map((r) => r.x0)), x1: Math.max(...runs.map((r) => r.x1)), text: lineText(runs), runs };
}

/**
 * Tables among a page's lines (top to bottom, each its runs left to right): at least three
 * consecutive lines of two chunks or more, most of whose chunks right of the first are numbers,
 * with the header lines above them and the label lines between them.
 */
export function columnTables(lines: readonly (readonly TextRun[])[]): ColumnTable[] {
  const chunked = lines.map(chunksOf);
  const isRow = (i: number) => {
    const c = chunked[i]!;
    return c.length >= 2 && c.slice(1).filter((x) => NUMBER.test(x.text)).length * 2 >= c.length - 1;
  };
  const found: ColumnTable[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!isRow(i)) {
      i++;
      continue;
    }
    // The rows, with the label-only lines between them; then the header lines just above.
    let end = i;
    let rows = 1;
    for (let k = i + 1; k < lines.length; k++) {
      if (isRow(k)) (rows++, (end = k));
      else if (chunked[k]!.length === 1 && k - end <= 2 && chunked[k]![0]!.x0 < chunked[i]![1]!.x0) continue;
      else break;
    }
    if (rows < 3) {
      i = end + 1;
      continue;
    }
    // Above the first row: group labels on lines of their own, then the header lines.
    let first = i;
    while (first > 0 && i - first < 2 && chunked[first - 1]!.length === 1 && ITEM.test(chunked[first - 1]![0]!.text)) first--;
    let start = first;
    while (start > 0 && chunked[start - 1]!.length >= 2 && !isRow(start - 1) && first - start < 3) start--;
    const table = tableOf(chunked.slice(start, end + 1), first - start);
    if (table) found.push({ from: start, to: end, table });
    i = end + 1;
  }
  return found;
}

function tableOf(lines: readonly Chunk[][], headerLines: number): RuledTable | undefined {
  // The columns: the chunks of the lines with the most chunks, each position's extent over those lines.
  const most = Math.max(...lines.map((l) => l.length));
  const full = lines.filter((l) => l.length === most);
  const bands = Array.from({ length: most }, (_, k) => ({
    x0: Math.min(...full.map((l) => l[k]!.x0)),
    x1: Math.max(...full.map((l) => l[k]!.x1)),
  }));
  for (let k = 1; k < bands.length; k++) if (bands[k]!.x0 <= bands[k - 1]!.x1) return undefined;
  const bandOf = (c: Chunk) => {
    let best = 0;
    let bestScore = -Infinity;
    bands.forEach((b, k) => {
      const overlap = Math.min(b.x1, c.x1) - Math.max(b.x0, c.x0);
      const score = overlap > 0 ? overlap : -Math.abs((b.x0 + b.x1) / 2 - (c.x0 + c.x1) / 2);
      if (score > bestScore) (best = k), (bestScore = score);
    });
    return best;
  };
  const xs = [bands[0]!.x0 - 2, ...bands.slice(1).map((b, k) => (bands[k]!.x1 + b.x0) / 2), bands[bands.length - 1]!.x1 + 2];

  // Rows: one grid row a header line (chunks spanning the columns they cover), one a table row; a
  // line holding only a label continues the row above it.
  const cells: RuledCell[] = [];
  const taken = new Set<TextRun>();
  let row = -1;
  let lastLabel: RuledCell | undefined;
  lines.forEach((line, n) => {
    for (const c of line) for (const r of c.runs) taken.add(r);
    if (n >= headerLines && line.length === 1 && lastLabel && bandOf(line[0]!) === 0 && !ITEM.test(line[0]!.text)) {
      lastLabel.text += line[0]!.text;
      return;
    }
    row++;
    const used = new Set<number>();
    for (const c of line) {
      const from = n < headerLines ? bands.findIndex((b) => b.x1 >= c.x0) : bandOf(c);
      let to = from;
      if (n < headerLines) while (to + 1 < bands.length && bands[to + 1]!.x0 <= c.x1) to++;
      if (from < 0 || used.has(from)) continue;
      for (let k = from; k <= to; k++) used.add(k);
      const cell: RuledCell = { text: c.text, row, column: from, rowSpan: 1, colSpan: to - from + 1 };
      cells.push(cell);
      if (from === 0 && n >= headerLines) lastLabel = cell;
    }
    for (let k = 0; k < bands.length; k++) if (!used.has(k)) cells.push({ text: '', row, column: k, rowSpan: 1, colSpan: 1 });
  });
  const runs = [...taken];
  const top = Math.min(...runs.map((r) => r.y - r.size));
  const bottom = Math.max(...runs.map((r) => r.y));
  return { top, bottom, left: xs[0]!, right: xs[xs.length - 1]!, xs, height: row + 1, cells, taken, openTop: false, openBottom: false };
}

// A table as a grid of cells: what the HTML importer reads from <table> elements and the text
// importer from tables printed as text, and what core/tables.ts maps to a format's cells.

/** Most grid columns and rows read: a statistics table has a few dozen of each (a larger grid is `oversized`). */
export const MAX_GRID_WIDTH = 200;
export const MAX_GRID_HEIGHT = 1000;

/** One cell of a table, placed in the table's grid. */
export interface GridCell {
  readonly text: string;
  /** 0-based grid row and column of the cell's top left corner. */
  readonly row: number;
  readonly column: number;
  readonly rowSpan: number;
  readonly colSpan: number;
  /** The 1-based source line the cell was printed on, when it differs from its row's (a text table printed one cell per line). */
  readonly line?: number;
  /** The 1-based last line of a cell printed over several lines. */
  readonly endLine?: number;
  /** True when the value was printed with the derived mark (`12*`): the report lists its cell in `derived`. */
  readonly marked?: boolean;
}

/** What a reader knows of a cell besides its text and place: its own source line, a derived mark. */
export interface CellSource {
  readonly line?: number;
  readonly endLine?: number;
  readonly marked?: boolean;
}

/** A table with rowspan and colspan expanded: `rows[y][x]` is the cell covering that position. */
export interface Grid {
  readonly rows: readonly (readonly (GridCell | undefined)[])[];
  readonly width: number;
  readonly height: number;
  /** Every cell, in page order. */
  readonly cells: readonly GridCell[];
  /** The text of the table's `<caption>`, if any. */
  readonly caption: string | undefined;
  /** True when the table is larger than any statistics table (its grid then holds only a part). */
  readonly oversized: boolean;
  /** The 1-based source line of each grid row, for tables read from plain text (issues then name the line). */
  readonly lines?: readonly (number | undefined)[];
  /** The 1-based PDF page of each grid row, for tables read from a PDF (issues then name the page). */
  readonly pages?: readonly (number | undefined)[];
  /** The 1-based source lines the whole table was read from (text only; more than `lines` holds when oversized). */
  readonly source?: { readonly line: number; readonly endLine: number };
  /** True when each row prints its values' column labels itself (row blocks read from text): no header of an earlier part applies. */
  readonly selfLabeled?: boolean;
}

/** Builds a grid row by row, to the limits above (a larger one is `oversized`), for readers of tables printed as text. */
export class GridBuilder {
  readonly rows: (GridCell | undefined)[][] = [];
  readonly cells: GridCell[] = [];
  readonly lines: (number | undefined)[] = [];
  width = 0;
  private oversized = false;
  private first: number | undefined;
  private last: number | undefined;
  /** Starts a row read from the 1-based line; -1 (a row whose cells are dropped) past the most rows. */
  row(line: number): number {
    this.covers(line);
    if (this.rows.length >= MAX_GRID_HEIGHT) {
      this.oversized = true;
      return -1;
    }
    this.rows.push([]);
    this.lines.push(line);
    return this.rows.length - 1;
  }
  /** Counts the 1-based line as a line of the table (a rule line or a header line holds no row). */
  covers(line: number): void {
    this.first = Math.min(this.first ?? line, line);
    this.last = Math.max(this.last ?? line, line);
  }
  /** True when nothing covers the position (always past the most rows: nothing is kept there). */
  free(y: number, x: number): boolean {
    return this.rows[y]?.[x] === undefined;
  }
  /** Puts a cell (its text trimmed) at row y, column x; undefined when it falls past the limits. */
  put(y: number, x: number, text: string, colSpan = 1, rowSpan = 1, source: CellSource = {}): GridCell | undefined {
    if (y < 0) return undefined;
    if (x >= MAX_GRID_WIDTH) {
      this.oversized = true;
      return undefined;
    }
    const cell: GridCell = {
      text: text.trim(),
      row: y,
      column: x,
      rowSpan: Math.min(rowSpan, this.rows.length - y),
      colSpan: Math.min(colSpan, MAX_GRID_WIDTH - x),
      ...(source.line !== undefined && { line: source.line }),
      ...(source.endLine !== undefined && source.endLine !== source.line && { endLine: source.endLine }),
      ...(source.marked && { marked: true }),
    };
    this.cells.push(cell);
    for (let dy = 0; dy < cell.rowSpan; dy++) {
      const target = this.rows[y + dy]!;
      for (let dx = 0; dx < cell.colSpan; dx++) target[x + dx] = cell;
    }
    this.width = Math.max(this.width, x + cell.colSpan);
    return cell;
  }
  /** The grid built, naming the lines it covers. */
  grid(selfLabeled = false): Grid {
    const source = this.first !== undefined && this.last !== undefined ? { line: this.first, endLine: this.last } : undefined;
    const grid: Grid = { rows: this.rows, width: this.width, height: this.rows.length, cells: this.cells, caption: undefined, oversized: this.oversized, lines: this.lines, ...(source && { source }) };
    return selfLabeled ? { ...grid, selfLabeled } : grid;
  }
}

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

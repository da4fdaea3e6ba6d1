// The Layout: what every reader (html, text, markdown, pdf, docx) turns its input into, and the only
// thing the assembler reads. A reader knows its medium and nothing of the formats; the assembler
// knows the formats and nothing of the medium.
import type { Grid } from './grid.js';

export type { Grid, GridCell } from './grid.js';

/** Where a block stands in the source: a 1-based line (text), or a 1-based page with x/y in points (PDF). */
export interface SourceLocation {
  /** 1-based first line (text, Markdown). */
  readonly line?: number;
  /** 1-based last line of the block, when it covers several. */
  readonly endLine?: number;
  /** 1-based page (PDF). */
  readonly page?: number;
  /** Left edge and top (distance from the page's top), in PDF points. */
  readonly x?: number;
  readonly y?: number;
}

/** A paragraph of running text, joined from its source lines. */
export interface LayoutParagraph {
  readonly kind: 'paragraph';
  readonly text: string;
  /** A leading run set apart (bold), when more text follows it: a run-in heading such as （一）主动公开. */
  readonly lead?: string;
  /** The text after `lead`. */
  readonly rest?: string;
  readonly at?: SourceLocation;
}

/** A line the source marks as a heading (an HTML h1–h6, a Markdown `#`, a Word heading style). */
export interface LayoutHeading {
  readonly kind: 'heading';
  readonly text: string;
  /** 1 for the document title level, 2 for sections, …, when the source says. */
  readonly level?: number;
  readonly at?: SourceLocation;
}

/** A table with its spans resolved into a grid. */
export interface LayoutTable {
  readonly kind: 'table';
  readonly grid: Grid;
  readonly at?: SourceLocation;
}

/** One block of the document, in reading order. */
export type LayoutBlock = LayoutParagraph | LayoutHeading | LayoutTable;

/** What the document states about itself outside its running text (a page's meta tags, a PDF's info). */
export interface LayoutFacts {
  /** The document's own title (an HTML `<title>` or article title, a PDF's Title), when it states one. */
  readonly title?: string;
  /** The document's publication date (ISO), when stated outside the text (a meta tag, a 发布日期 line). */
  readonly publishedOn?: string;
  /** The document's own address, when it states it (a saved page's URL, a canonical link). */
  readonly sourceUrl?: string;
  /** The publishing organ as the document's metadata names it (ContentSource). */
  readonly source?: string;
  /** True for a medium with no address of its own (plain text): an address the report's preamble gives stands for its source. */
  readonly addressless?: boolean;
}

/** A document as a reader sees it: blocks in reading order, plus what it says about itself. */
export interface Layout {
  readonly blocks: readonly LayoutBlock[];
  readonly facts: LayoutFacts;
}

/** What a text can be in some table of a format: a row label, a column label, a table title, or a header word (统计指标, 单位, …). */
export interface LabelRoles {
  readonly row: boolean;
  readonly column: boolean;
  readonly title: boolean;
  readonly header: boolean;
  /** The header of the label column (统计指标, 指标名称): it opens a table. */
  readonly stub: boolean;
}

/** A column label of some format table: the table (`format/table`), how many value columns the label spans, and whether it has no sub-columns. */
export interface ColumnSpan {
  readonly table: string;
  readonly leaves: number;
  readonly leaf: boolean;
}

/**
 * What a reader of unmarked text (no markup tells a table from a paragraph) may ask of the labels the
 * formats print, never a format itself: the assembler gives it (`lexiconOf` the candidate formats).
 */
export interface Lexicon {
  /** The roles `text` has as a label of any table of the candidate formats. */
  roles(text: string): LabelRoles;
  /** For each column label of a candidate format's table that `text` prints, its span. */
  spans(text: string): readonly ColumnSpan[];
  /** True when `text` is the title of an attachment that holds a candidate format's tables (政府信息公开情况统计表). */
  attachment(text: string): boolean;
}

import { indexFormat, resolveCell, type CellInfo, type Format } from './define.js';

/** A cell reference embedded in a paragraph: `{{rowId/columnId}}` (or `{{rowId}}` in a one-column table). */
export interface EmbeddedReference {
  /** The reference between the braces, trimmed. */
  readonly ref: string;
  /** Offset of `{{` in the text. */
  readonly start: number;
  /** Offset just after `}}`. */
  readonly end: number;
  /** The cell it names, or `undefined` when the format has no such cell. */
  readonly cell: CellInfo | undefined;
}

// Linear: a bounded run of reference characters between literal braces.
const EMBEDDED = /\{\{\s*([A-Za-z][A-Za-z0-9.]{0,200}(?:\/[A-Za-z][A-Za-z0-9.]{0,200})?)\s*\}\}/g;

/** Finds the `{{rowId/columnId}}` cell references embedded in a text, in order. */
export function findReferences(text: string, format: Format): EmbeddedReference[] {
  const index = indexFormat(format);
  const out: EmbeddedReference[] = [];
  for (const match of text.matchAll(EMBEDDED)) {
    const ref = match[1]!;
    out.push({ ref, start: match.index, end: match.index + match[0].length, cell: resolveCell(index, ref) });
  }
  return out;
}

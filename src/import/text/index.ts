// The reader of text that other tools wrote from published reports: pdftotext (with and without
// -layout) and PDF-to-Markdown converters. It turns the text into a Layout; `assemble` does the rest.
import type { Layout } from '../core/layout.js';
import { columnBlocks } from './columns.js';

/** Reads text that another tool wrote from a published report (pdftotext output, a converter's Markdown) into a Layout. */
export function otherToolsLayout(text: string): Layout {
  return { blocks: columnBlocks(text), facts: {} };
}

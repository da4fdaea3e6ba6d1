// The reader of text that other tools wrote from published reports: pdftotext output (with and
// without -layout) and the pipe tables of PDF-to-Markdown converters. It turns the text into a
// Layout and knows nothing of the formats; `assemble` does the rest.
import { assemble, type AssembleOptions } from '../core/assemble.js';
import type { Layout } from '../core/layout.js';
import type { ImportResult } from '../core/issues.js';
import { columnBlocks } from './columns.js';
import { hasPipeTable, pipeBlocks } from './pipes.js';

/** Reads text that another tool wrote from a published report (pdftotext output, a converter's Markdown) into a Layout. */
export function otherToolsLayout(text: string): Layout {
  const lines = text.split(/\r\n?|\n/, 200_000);
  return { blocks: hasPipeTable(lines) ? pipeBlocks(text) : columnBlocks(text), facts: { addressless: true } };
}

/** How many cells of a result's report hold a value. */
function placed(result: ImportResult): number {
  let n = 0;
  for (const rows of Object.values(result.report?.tables ?? {})) {
    for (const cells of Object.values(rows)) for (const value of Object.values(cells)) if (value !== null && value !== undefined) n += 1;
  }
  return n;
}

/** Issues of a reader that met text it does not know (the table lines of another tool's layout, values it could not place). */
const FOREIGN = new Set(['unsupported_format', 'unknown_table', 'unknown_format', 'unplaced_value', 'unknown_label']);

/** How many issues of a result are errors. */
const errors = (result: ImportResult): number => result.issues.filter((i) => i.severity === 'error').length;

/**
 * The result of an importer of the project's own text layouts, or, when that reader did not know the
 * text (no report, tables or values it could not place) and the other tools' reader places more cells
 * (or as many with fewer errors), that one.
 */
export function preferOtherTools(own: ImportResult, text: string, options: AssembleOptions): ImportResult {
  // A table missing is foreign only when nothing was placed (a report of only some tables is the own reader's).
  const clean = own.report && !own.issues.some((i) => FOREIGN.has(i.code)) && !(placed(own) === 0 && own.issues.some((i) => i.code === 'missing_table'));
  if (clean) return own;
  const layout = otherToolsLayout(text);
  const other = assemble(layout, options);
  // Only a whole reading that places more values wins: text with no table keeps the own reader's answer.
  if (!other.report || other.issues.some((i) => i.code === 'missing_field' || i.code === 'bad_field')) return own;
  const [mine, theirs] = [placed(own), placed(other)];
  return theirs > mine || (theirs === mine && theirs > 0 && errors(other) < errors(own)) ? other : own;
}

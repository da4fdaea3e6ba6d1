// importPdf: a PDF's bytes → the Layout (source.ts reads the pages, layout.ts lays them out) → the
// one assembler. The PDF engine is loaded on the first call only.
import type { Format } from '../../formats/define.js';
import type { Metadata } from '../../model/report.js';
import { assemble } from '../core/assemble.js';
import type { Layout } from '../core/layout.js';
import { IssueList, checkImportOptions, type ImportIssue, type ImportOptions, type ImportResult } from '../core/issues.js';
import { layoutOf } from './layout.js';
import { readPdfContent } from './source.js';

/** Most pages read by default: a report is a few dozen pages at most. */
export const DEFAULT_MAX_PAGES = 200;
/** Default time bound of one document, in milliseconds. */
export const DEFAULT_TIME_LIMIT_MS = 30_000;

/** Options of {@link importPdf}: those of every importer, plus the limits of the PDF's reading. */
export interface ImportPdfOptions extends ImportOptions {
  /** Read the report as this format (a format, id or edition) instead of detecting it from the labels. */
  readonly format?: Format | string;
  /** Metadata that wins over what the report states (e.g. `agency`, `year`, `sourceUrl`, `region`). */
  readonly metadata?: Partial<Metadata>;
  /** Most pages read (200 by default); later pages are left out with a warning. */
  readonly maxPages?: number;
  /** Most milliseconds spent reading the PDF (30 000 by default), checked between the engine's steps (the engine runs in this thread); past it the import stops with an error. */
  readonly timeLimitMs?: number;
}

/** What {@link readPdfLayout} returns: the Layout (undefined when the PDF could not be read) and the reading's issues. */
export interface PdfLayoutResult {
  readonly layout: Layout | undefined;
  readonly issues: ImportIssue[];
}

/** True when the bytes start like a PDF (`%PDF-`, possibly after a little junk, as readers allow). */
export function isPdf(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

function checkPdfOptions(options: ImportPdfOptions, name: string): void {
  checkImportOptions(options, name);
  for (const key of ['maxPages', 'timeLimitMs'] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) throw new TypeError(`${name}: options.${key} must be a positive integer`);
  }
}

/**
 * Reads a PDF into the Layout every importer shares: paragraphs (lines joined across line and page
 * breaks, page numbers and running headers left out), and tables (from the rules drawn around their
 * cells; a table split by page breaks is one). Resolves with the reading's issues (a PDF that cannot
 * be read, has no text layer, or is cut at the page cap or the time bound). Never rejects for any
 * bytes; throws a TypeError for input that is not bytes.
 */
export async function readPdfLayout(pdf: Uint8Array, options: ImportPdfOptions = {}): Promise<PdfLayoutResult> {
  if (!(pdf instanceof Uint8Array)) throw new TypeError('readPdfLayout expects the PDF as bytes (Uint8Array)');
  checkPdfOptions(options, 'readPdfLayout');
  const issues = new IssueList(options.locale);
  return { layout: await layoutFrom(pdf, options, issues), issues: issues.items };
}

async function layoutFrom(pdf: Uint8Array, options: ImportPdfOptions, issues: IssueList): Promise<Layout | undefined> {
  const fail = (value: string): undefined => {
    issues.add({ code: 'bad_input', severity: 'error', value });
    return undefined;
  };
  if (!isPdf(pdf)) return fail('not a PDF (no %PDF- header)');
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  let content;
  try {
    content = await readPdfContent(pdf, { maxPages, timeLimitMs });
  } catch (error) {
    return fail(`the PDF could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if ('kind' in content) {
    if (content.kind === 'encrypted') return fail('the PDF is encrypted and needs a password');
    if (content.kind === 'timeout') return fail(`reading the PDF took longer than the time limit of ${timeLimitMs} ms (timeLimitMs)`);
    return fail(`the PDF is damaged or not a PDF: ${content.detail}`);
  }
  if (content.pageCount > content.pages.length) {
    issues.add({ code: 'bad_input', severity: 'warning', value: `the PDF has ${content.pageCount} pages; only the first ${maxPages} were read (maxPages)` });
  }
  // A scan carries at most a few characters a page in its text layer (a page number, a stamp's text).
  const characters = content.pages.reduce((n, p) => n + p.runs.reduce((m, r) => m + r.text.replace(/[\s\d\-—–－]/gu, '').length, 0), 0);
  if (content.pages.length > 0 && characters < 20 * content.pages.length) {
    return fail('the PDF has no text layer (a scanned document?): its text cannot be read without OCR, which xxgk does not do');
  }
  if (content.pages.length === 0) return fail('the PDF has no pages');
  try {
    return layoutOf(content.pages, content.title);
  } catch (error) {
    issues.add({ code: 'internal', severity: 'error', value: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

/**
 * Reads a published report from its PDF, as exported by a word processor or printed by a browser:
 * the text runs and the table rules of each page (pdfjs-dist, its CJK character maps read from the
 * installed package, never the network) laid out into paragraphs and table grids, then assembled
 * like every other import — title, sections, signature, format detected from the labels, every
 * statistics cell read by its labels. Whatever cannot be placed is an issue naming the table, row and
 * column of the grid; nothing is dropped silently. A PDF without a text layer (a scan), an encrypted
 * or damaged one resolves with an error issue and no report; the page cap and the time bound are
 * options. Never rejects for any bytes; throws a TypeError for other input. Import it from
 * `xxgk/pdf`: `const { report, issues } = await importPdf(readFileSync('report.pdf'))`.
 */
export async function importPdf(pdf: Uint8Array, options: ImportPdfOptions = {}): Promise<ImportResult> {
  if (!(pdf instanceof Uint8Array)) throw new TypeError('importPdf expects the PDF as bytes (Uint8Array)');
  checkPdfOptions(options, 'importPdf');
  const issues = new IssueList(options.locale);
  const layout = await layoutFrom(pdf, options, issues);
  if (!layout) return { report: undefined, issues: issues.items };
  try {
    return assemble(layout, options, issues);
  } catch (error) {
    issues.add({ code: 'internal', severity: 'error', value: error instanceof Error ? error.message : String(error) });
    return { report: undefined, issues: issues.items };
  }
}

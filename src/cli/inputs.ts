import { readFileSync, statSync } from 'node:fs';
import { decodeHtml, decodeText } from '../import/core/decode.js';
import { importHtml } from '../import/html/html.js';
import { fromLabels } from '../import/labels/labels.js';
import { importMarkdown } from '../import/markdown/markdown.js';
import { importText } from '../import/text/text.js';
import { parseReport, type Report } from '../model/report.js';

/** What kind of document a file held, judged by its content. */
export type InputKind = 'json' | 'labels' | 'markdown' | 'html' | 'text';

/** An issue an importer raised while reading a file. */
export interface InputIssue {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly line?: number;
  /** An HTML page's table (1-based, in page order), and the row and column of its grid. */
  readonly tableNumber?: number;
  readonly row?: number;
  readonly column?: number;
}

/** A file read into a report, or the one-line reason it could not be. */
export type Loaded =
  | { readonly ok: true; readonly file: string; readonly kind: InputKind; readonly report: Report; readonly issues: readonly InputIssue[] }
  | { readonly ok: false; readonly file: string; readonly error: string };

/** Thrown for an input that cannot be used at all; the command prints it on one line. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

const MAX_BYTES = 64 * 1024 * 1024;

/** Reads a file's bytes (or standard input for `-`) with a clear error for what cannot be read. */
export function readBytes(file: string, stdin: () => Uint8Array): Uint8Array {
  if (file === '-') return stdin();
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new InputError(`${file}: is a directory; give a report file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: ${describeFsError(error)}`);
  }
  if (size > MAX_BYTES) throw new InputError(`${file}: larger than 64 MB; is this a report?`);
  try {
    return readFileSync(file);
  } catch (error) {
    throw new InputError(`${file}: ${describeFsError(error)}`);
  }
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied; check the file\'s permissions';
  if (code === 'EISDIR') return 'is a directory; give a report file';
  return error instanceof Error ? error.message : String(error);
}

/** Decodes a file's bytes to text (UTF-8, UTF-16 with BOM, GB18030/GBK), or fails with a clear message. */
export function decode(file: string, bytes: Uint8Array): string {
  if (bytes.length === 0) throw new InputError(`${file}: the file is empty`);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const head = new TextDecoder('latin1').decode(bytes.subarray(bom, bom + 4096));
  // A web page may declare its encoding (<meta charset=gbk>); decodeHtml honours it.
  const decoded = looksLikeHtml(head) ? decodeHtml(bytes) : decodeText(bytes);
  if ('error' in decoded) throw new InputError(`${file}: ${decoded.error}`);
  if (decoded.text.includes('\u0000')) throw new InputError(`${file}: a binary file, not a report (it holds NUL bytes)`);
  return decoded.text;
}

// A web page starts with a doctype or an HTML element, perhaps after an XML declaration and
// comments (a saved page's <!-- saved from url=… -->).
const HTML_START =
  /^(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!--[\s\S]{0,4000}?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|link|style|script|div|table|p|span|font|center)\b/i;

/** True when a text (or the start of one) is an HTML page. */
export function looksLikeHtml(text: string): boolean {
  const start = text.trimStart();
  return !start.startsWith('<!-- xxgk') && HTML_START.test(start);
}

/** The kind of document a text is, judged by its content (not its file name). */
export function detectKind(text: string): InputKind {
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    try {
      const value = JSON.parse(start) as Record<string, unknown>;
      if (value && typeof value === 'object' && !Array.isArray(value) && 'cells' in value && !('schemaVersion' in value)) return 'labels';
    } catch {
      return 'json'; // reported as broken JSON by the JSON reader
    }
    return 'json';
  }
  if (start.startsWith('<!-- xxgk') || /^#\s/m.test(start.slice(0, 2000)) && /^\|.*\|\s*$/m.test(start)) return 'markdown';
  if (looksLikeHtml(start)) return 'html';
  return 'text';
}

/** Reads one document text into a report with the importer its content calls for. */
export function load(file: string, text: string): Loaded {
  const kind = detectKind(text);
  if (kind === 'json') {
    const parsed = parseReport(text);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
      return { ok: false, file, error: `not a valid xxgk report${where}: ${first?.message ?? 'unknown problem'}` };
    }
    return { ok: true, file, kind, report: parsed.data, issues: [] };
  }
  const imported =
    kind === 'labels'
      ? fromLabels(JSON.parse(text) as unknown)
      : kind === 'markdown'
        ? importMarkdown(text)
        : kind === 'html'
          ? importHtml(text)
          : importText(text);
  const issues: InputIssue[] = imported.issues.map((i) => ({
    code: i.code,
    severity: i.severity,
    message: i.message,
    ...('line' in i && typeof i.line === 'number' ? { line: i.line } : {}),
    ...(i.tableNumber !== undefined ? { tableNumber: i.tableNumber } : {}),
    ...(i.row !== undefined ? { row: i.row } : {}),
    ...(i.column !== undefined ? { column: i.column } : {}),
  }));
  if (!imported.report) {
    const first = issues.find((i) => i.severity === 'error') ?? issues[0];
    return { ok: false, file, error: `could not read it as ${kind}: ${first?.message ?? 'no report found'}` };
  }
  return { ok: true, file, kind, report: imported.report, issues };
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportIssue } from '../import/core/issues.js';
import { readReport, type ReadReportOptions, type ReportForm } from '../import/read.js';
import type { Report } from '../model/report.js';
import { messages, type CliLocale } from './messages.js';

/** A file read into a report, perhaps a partial one (import errors name what was not placed), or the reason it could not be. */
export type Loaded =
  | { readonly ok: true; readonly file: string; readonly form: ReportForm | undefined; readonly report: Report; readonly issues: readonly ImportIssue[] }
  | { readonly ok: false; readonly file: string; readonly error: string; readonly issues: readonly ImportIssue[] };

/** Thrown for an input that cannot be used at all; the command prints it on one line and exits 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

const MAX_BYTES = 64 * 1024 * 1024;

/** The extensions of report files looked for in a directory given as an input. */
export const REPORT_EXTENSIONS = ['.json', '.html', '.htm', '.md', '.markdown', '.txt', '.pdf', '.docx', '.doc'] as const;

/**
 * The files named by the inputs: files as given, directories searched recursively for report
 * files (by extension, sorted by path; hidden entries skipped). An empty directory is an error.
 */
export function expandInputs(inputs: readonly string[], locale: CliLocale): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      files.push(input);
      continue;
    }
    let directory = false;
    try {
      directory = statSync(input).isDirectory();
    } catch {
      // reported when the file is read
    }
    if (!directory) {
      files.push(input);
      continue;
    }
    const found: string[] = [];
    walk(input, found);
    if (found.length === 0) throw new InputError(`${input}: ${messages(locale).noReports}`);
    files.push(...found.sort());
  }
  return files;
}

function walk(directory: string, found: string[]): void {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    found.push(directory); // read, and reported, as a file
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else if (entry.isFile() && REPORT_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) found.push(path);
  }
}

/** Reads a file's bytes (or standard input for `-`) with a clear error for what cannot be read. */
export function readBytes(file: string, stdin: () => Uint8Array, locale: CliLocale): Uint8Array {
  const m = messages(locale);
  if (file === '-') return stdin();
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new InputError(`${file}: ${m.isDirectory}`);
    size = stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: ${describeFsError(error, locale)}`);
  }
  if (size > MAX_BYTES) throw new InputError(`${file}: ${m.tooLarge}`);
  try {
    return readFileSync(file);
  } catch (error) {
    throw new InputError(`${file}: ${describeFsError(error, locale)}`);
  }
}

function describeFsError(error: unknown, locale: CliLocale): string {
  const m = messages(locale);
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return m.noSuchFile;
  if (code === 'EACCES' || code === 'EPERM') return m.permission;
  if (code === 'EISDIR') return m.isDirectory;
  return code ?? (error instanceof Error ? error.message : String(error));
}

// ── Heavy readers of the command ───────────────────────────────────────────────────────────────
// The command loads the PDF and DOCX readers when it meets such a file (the library's core entry
// never does: apps pass them to readReport themselves).
/** The readers of PDF and DOCX the command passes to {@link readReport}. */
export const COMMAND_READERS: NonNullable<ReadReportOptions['readers']> = {
  pdf: async (bytes, options) => (await import('../pdf.js')).importPdf(bytes, options),
  docx: async (bytes, options) => (await import('../docx.js')).importDocx(bytes, options),
};

/** Reads one file into a report with {@link readReport}; never throws for what the file holds. */
export async function loadFile(file: string, bytes: () => Uint8Array, options: ReadReportOptions & { locale: CliLocale }): Promise<Loaded> {
  let data: Uint8Array;
  try {
    data = bytes();
  } catch (error) {
    if (error instanceof InputError) return { ok: false, file, error: error.message.replace(`${file}: `, ''), issues: [] };
    throw error;
  }
  const result = await readReport(data, { readers: COMMAND_READERS, ...options, filename: file });
  if (!result.report) {
    const first = result.issues.find((i) => i.severity === 'error') ?? result.issues[0];
    return { ok: false, file, error: first?.message ?? messages(options.locale).unexpected('no report'), issues: result.issues };
  }
  return { ok: true, file, form: result.form, report: result.report, issues: result.issues };
}

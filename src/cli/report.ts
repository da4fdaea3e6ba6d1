/** One line of `validate --report`: a file and what was found in it, for evaluators to sort. */
export interface FileRow {
  readonly file: string;
  readonly agency: string;
  readonly year: number | null;
  readonly format: string;
  /** `ok`, `errors` (a report with errors, or one read only in part) or `unusable`. */
  readonly status: 'ok' | 'errors' | 'unusable';
  readonly errors: number;
  readonly warnings: number;
  /** The first error (else warning) as `[rule] message`; for an unusable file, why. */
  readonly firstFinding: string;
}

/** The columns of a {@link FileRow}, in output order. */
export const FILE_ROW_COLUMNS = ['file', 'agency', 'year', 'format', 'status', 'errors', 'warnings', 'firstFinding'] as const;

/** A writer of per-file rows: `header` before the first row, `row` for each, `footer` at the end. */
export interface RowWriter {
  header(): string;
  row(row: FileRow, index: number): string;
  footer(): string;
}

const csvField = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading = + - @ would be read as a formula by spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * The per-file report forms of `validate --report`, by name. Adding a form (e.g. `html`) is adding
 * one entry here; the command offers every key.
 */
export const REPORT_WRITERS: Readonly<Record<string, () => RowWriter>> = {
  csv: () => ({
    // A byte order mark lets spreadsheet programs read the Chinese as UTF-8.
    header: () => `\ufeff${FILE_ROW_COLUMNS.join(',')}\n`,
    row: (row) => `${FILE_ROW_COLUMNS.map((c) => csvField(row[c])).join(',')}\n`,
    footer: () => '',
  }),
  json: () => ({
    header: () => '[\n',
    row: (row, index) => `${index > 0 ? ',\n' : ''}  ${JSON.stringify(row)}`,
    footer: () => '\n]\n',
  }),
};

/** The forms `--report` accepts. */
export const REPORT_FORMS = Object.keys(REPORT_WRITERS);

import { getFormat } from '../formats/catalogue.js';
import { MetadataSchema, parseReport, type Metadata, type Report } from '../model/report.js';
import { decodeHtml, decodeText } from './core/decode.js';
import { importHtml } from './html/html.js';
import type { ImportIssue, ImportIssueData, ImportLocale, ImportOptions, ImportResult } from './core/issues.js';
import { fromLabels } from './labels/labels.js';
import { importMarkdown } from './markdown/markdown.js';
import { importText } from './text/text.js';

/** The forms of document {@link readReport} tells apart by their content. */
export type ReportForm = 'json' | 'labels' | 'markdown' | 'html' | 'text' | 'pdf' | 'docx' | 'doc' | 'zip';

/** A reader of a heavy medium (PDF, DOCX), imported from its own package entry point. */
export type HeavyReader = (bytes: Uint8Array, options: ImportOptions & { readonly metadata?: Partial<Metadata> }) => ImportResult | Promise<ImportResult>;

/** Options of {@link readReport}. */
export interface ReadReportOptions extends ImportOptions {
  /** The file's name: a hint where the content alone is ambiguous (`.md`), and named in messages. */
  readonly filename?: string;
  /** Metadata the input may not state (agency, year): given to the importers, and filled in where the report lacks it. */
  readonly metadata?: Partial<Metadata>;
  /** Readers of the heavy media, e.g. `{ pdf: importPdf }` from `xxgk/pdf`, `{ docx: importDocx }` from `xxgk/docx`. */
  readonly readers?: Partial<Record<HeavyForm, HeavyReader>>;
}

/** What {@link readReport} returns: the import result and the form the bytes were read as. */
export interface ReadReportResult extends ImportResult {
  /** The form the content was recognised as; undefined when it is none of them. */
  readonly form: ReportForm | undefined;
}

/** The media whose readers live behind their own entry points. */
export type HeavyForm = 'pdf' | 'docx';

// ── Heavy readers ──────────────────────────────────────────────────────────────────────────────
// The one table of readers that the core entry must not load. Each names the package entry point
// that provides it; `readReport` uses the reader passed in `options.readers`, and without one
// answers with a clear `bad_input` issue. To plug a reader in by default, give the entry a `load`.
/** Where the reader of a heavy medium lives. */
export interface HeavyReaderEntry {
  /** The package entry point that exports it, e.g. `xxgk/pdf`. */
  readonly entry: string;
  /** The name it is exported as, e.g. `importPdf`. */
  readonly exportName: string;
  /** Loads the reader by default (a dynamic import of the entry), when the lead plugs it in. */
  readonly load?: () => Promise<HeavyReader>;
}

/** The readers of the heavy media: the entry point and the function each is exported as. */
export const HEAVY_READERS: Readonly<Record<HeavyForm, HeavyReaderEntry>> = {
  pdf: { entry: 'xxgk/pdf', exportName: 'importPdf' },
  docx: { entry: 'xxgk/docx', exportName: 'importDocx' },
};

const MESSAGES = {
  'zh-CN': {
    empty: '文件为空',
    heavy: (form: string, entry: string, name: string) => `读取 ${form.toUpperCase()} 文件需要 ${entry}（import { ${name} } from '${entry}'）`,
    doc: '这是旧版 Word 二进制文件（.doc），无法读取；请用 Word 或 LibreOffice 另存为 .docx 后再试',
    zip: 'ZIP 压缩文件（不是 .docx 报告）；请解压后逐个文件处理',
    binary: '二进制文件，不是报告（含有 NUL 字节）',
    notText: '不是 UTF-8、UTF-16 或 GB18030/GBK 文本文件',
    damaged: '不是有效的 UTF-8 文本：文件中有损坏的字节序列',
    invalid: (where: string, problem: string) => `不是有效的 xxgk 报告${where ? `（${where}）` : ''}：${problem}`,
    unknownFormat: (id: string) => `未知的报告格式“${id}”；运行 xxgk formats 查看可用的格式`,
    failed: (error: string) => `读取失败：${error}`,
  },
  en: {
    empty: 'the file is empty',
    heavy: (form: string, entry: string, name: string) => `reading ${form.toUpperCase()} needs ${entry} (import { ${name} } from '${entry}')`,
    doc: 'a legacy binary Word document (.doc), which cannot be read; save it as .docx in Word or LibreOffice and try again',
    zip: 'a ZIP archive (not a .docx report); unpack it and give its files',
    binary: 'a binary file, not a report (it holds NUL bytes)',
    notText: 'not a text file in UTF-8, UTF-16 or GB18030/GBK',
    damaged: 'not valid UTF-8: the file has damaged byte sequences',
    invalid: (where: string, problem: string) => `not a valid xxgk report${where ? ` at ${where}` : ''}: ${problem}`,
    unknownFormat: (id: string) => `unknown report format "${id}"; run "xxgk formats" to list them`,
    failed: (error: string) => `cannot read it: ${error}`,
  },
} as const;

const HTML_START =
  /^(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!--[\s\S]{0,4000}?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|link|style|script|div|table|p|span|font|center)\b/i;

/** True when a text (or the start of one) is an HTML page. */
export function looksLikeHtml(text: string): boolean {
  const start = text.trimStart();
  return !start.startsWith('<!-- xxgk') && HTML_START.test(start);
}

/** The form of a decoded text, judged by its content (and the file name's extension where the content is ambiguous). */
export function textForm(text: string, filename?: string): 'json' | 'labels' | 'markdown' | 'html' | 'text' {
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    try {
      if (isLabelDocument(JSON.parse(start))) return 'labels';
    } catch {
      return 'json'; // reported as broken JSON by the JSON reader
    }
    return 'json';
  }
  if (start.startsWith('<!-- xxgk') || (/^#\s/m.test(start.slice(0, 2000)) && /^\|.*\|\s*$/m.test(start))) return 'markdown';
  if (looksLikeHtml(start)) return 'html';
  if (filename !== undefined && /\.(?:md|markdown)$/i.test(filename)) return 'markdown';
  return 'text';
}

/** True when a JSON value is a label document (`cells` keyed by labels) rather than the canonical document. */
function isLabelDocument(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'cells' in value && !('schemaVersion' in value);
}

/** The form of a document's bytes: the binary media by their signatures, text by its content. */
export function sniffForm(bytes: Uint8Array): 'pdf' | 'docx' | 'doc' | 'zip' | undefined {
  const head = latin1(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0 && bytes[4] === 0xa1 && bytes[5] === 0xb1 && bytes[6] === 0x1a && bytes[7] === 0xe1) return 'doc';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    // The zip's file names are stored in plain bytes in its local headers and central directory.
    return latin1(bytes).includes('word/document.xml') ? 'docx' : 'zip';
  }
  return undefined;
}

function latin1(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes);
}

function readIssue(data: ImportIssueData, message: string): ImportIssue {
  return { ...data, message };
}

function decodeProblem(error: string, m: (typeof MESSAGES)[ImportLocale]): string {
  if (/^not valid UTF-8/.test(error)) return m.damaged;
  if (/control character U\+0000/.test(error)) return m.binary;
  return m.notText;
}

/**
 * Reads a report from a file's bytes: recognises the form by content (canonical JSON, label-keyed
 * JSON, Markdown, an HTML page, plain text in UTF-8, UTF-16 or GB18030; PDF and DOCX through
 * `options.readers`), decodes it and imports it. Never throws on the bytes: what cannot be read is
 * an error issue and `report` is undefined; a report with error issues is a partial one.
 */
export async function readReport(bytes: Uint8Array, options: ReadReportOptions = {}): Promise<ReadReportResult> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('readReport expects the file as bytes (a Uint8Array)');
  const locale: ImportLocale = options.locale === 'en' ? 'en' : 'zh-CN';
  const m = MESSAGES[locale];
  const fail = (form: ReportForm | undefined, data: ImportIssueData, message: string): ReadReportResult => ({
    form,
    report: undefined,
    issues: [readIssue(data, message)],
  });
  if (bytes.length === 0) return fail(undefined, { code: 'bad_input', severity: 'error', value: 'empty' }, m.empty);
  const { filename: _filename, readers, ...importOptions } = options;
  const binary = sniffForm(bytes);
  if (binary === 'doc') return fail('doc', { code: 'bad_input', severity: 'error', value: 'doc' }, m.doc);
  if (binary === 'zip') return fail('zip', { code: 'bad_input', severity: 'error', value: 'zip' }, m.zip);
  if (binary === 'pdf' || binary === 'docx') {
    const heavy = HEAVY_READERS[binary];
    const reader = readers?.[binary] ?? (heavy.load ? await heavy.load() : undefined);
    if (!reader) return fail(binary, { code: 'bad_input', severity: 'error', value: binary }, m.heavy(binary, heavy.entry, heavy.exportName));
    return finish(binary, await reader(bytes, importOptions), options, m);
  }
  const head = latin1(bytes.subarray(0, 4096)).replace(/^\xef\xbb\xbf/, '');
  const decoded = looksLikeHtml(head) ? decodeHtml(bytes) : decodeText(bytes);
  if ('error' in decoded) return fail(undefined, { code: 'bad_input', severity: 'error', value: decoded.error }, decodeProblem(decoded.error, m));
  const text = decoded.text;
  if (text.includes('\u0000')) return fail(undefined, { code: 'bad_input', severity: 'error', value: 'binary' }, m.binary);
  // JSON is parsed once: the value tells label JSON from the canonical document.
  let json: { value: unknown } | undefined;
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    try {
      json = { value: JSON.parse(start) };
    } catch {
      json = undefined; // parseReport(text) below says why
    }
  }
  const form = json ? (isLabelDocument(json.value) ? 'labels' : 'json') : textForm(text, options.filename);
  if (form === 'json') {
    const parsed = parseReport(json ? json.value : text);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first && first.path.length > 0 ? first.path.join('.') : '';
      const problem = first?.message ?? 'unknown problem';
      return fail('json', { code: 'invalid_report', severity: 'error', key: where, value: problem }, m.invalid(where, problem));
    }
    return finish('json', { report: parsed.data, issues: [] }, options, m);
  }
  const withMetadata = { ...importOptions, ...(options.metadata ? { metadata: options.metadata } : {}) };
  let result: ImportResult;
  try {
    result =
      form === 'labels'
        ? fromLabels(labelsWithMetadata(json!.value, options.metadata), importOptions)
        : form === 'markdown'
          ? importMarkdown(text, withMetadata)
          : form === 'html'
            ? importHtml(text, withMetadata)
            : importText(text, withMetadata);
  } catch (error) {
    if (error instanceof TypeError) throw error; // wrong options: the caller's mistake
    const message = error instanceof Error ? error.message : String(error);
    return fail(form, { code: 'internal', severity: 'error', value: message }, m.failed(message));
  }
  return finish(form, result, options, m);
}

/** A label document with the given agency and year where it states none. */
function labelsWithMetadata(input: unknown, metadata: Partial<Metadata> | undefined): unknown {
  if (!metadata || input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const document = { ...(input as Record<string, unknown>) };
  if (document.agency === undefined && metadata.agency !== undefined) document.agency = metadata.agency;
  if (document.year === undefined && metadata.year !== undefined) document.year = metadata.year;
  return document;
}

function finish(form: ReportForm, result: ImportResult, options: ReadReportOptions, m: (typeof MESSAGES)[ImportLocale]): ReadReportResult {
  let report = result.report;
  if (report === undefined) return { form, report, issues: result.issues };
  // A format id no catalogue knows makes the report unusable: nothing can be checked or rendered.
  if (getFormat(report.format, options.formats) === undefined) {
    return {
      form,
      report: undefined,
      issues: [...result.issues, readIssue({ code: 'unknown_format', severity: 'error', value: report.format }, m.unknownFormat(report.format))],
    };
  }
  report = fillMetadata(report, options.metadata);
  return { form, report, issues: result.issues };
}

function fillMetadata(report: Report, metadata: Partial<Metadata> | undefined): Report {
  if (!metadata) return report;
  const filled: Record<string, unknown> = { ...report.metadata };
  let changed = false;
  for (const key of ['agency', 'year'] as const) {
    const value = metadata[key];
    if (value !== undefined && (filled[key] === undefined || filled[key] === '') && MetadataSchema.shape[key].safeParse(value).success) {
      filled[key] = value;
      changed = true;
    }
  }
  return changed ? { ...report, metadata: filled as Metadata } : report;
}

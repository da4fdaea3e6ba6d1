import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { formats, getFormat } from '../formats/catalogue.js';
import { indexFormat, type Format, type ResolvedNode } from '../formats/define.js';
import type { ImportIssue } from '../import/core/issues.js';
import { toLabels } from '../import/labels/labels.js';
import type { ReadReportOptions } from '../import/read.js';
import type { Metadata } from '../model/report.js';
import { toJSONSchema, type Report } from '../model/report.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderText } from '../render/text.js';
import { FormatMismatchError, aggregate, aggregateStream, type AggregateResult } from '../rollup/aggregate.js';
import { checkHierarchy } from '../rollup/hierarchy.js';
import type { Severity } from '../formats/types.js';
import type { Issue } from '../issues/issues.js';
import { validate, type ValidateOptions, type Waiver } from '../validate/validate.js';
import { UsageError, choice, parseArgs, positiveInteger, stringOption, yearOption, type ParsedArgs } from './args.js';
import { carrySubtotals, type CarriedSubtotal } from './carry.js';
import { COMMANDS, commandHelp, mainHelp } from './help.js';
import { InputError, expandInputs, loadFile, readBytes, type Loaded } from './inputs.js';
import { inCommandTerms, localeOf, messages, type CliLocale, type CliMessages, type Summary } from './messages.js';
import { REPORT_FORMS, REPORT_WRITERS, type FileRow } from './report.js';
import { knownRuleIds } from './rules.js';
import { version } from './version.js';

/** Where the command reads and writes; the process's streams in `main`, buffers in tests. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input, whole. */
  stdin(): Uint8Array;
  /** Standard input as lines, for NDJSON. */
  stdinLines(): AsyncIterable<string>;
  /** True when stderr is a terminal (progress is shown only then). */
  readonly stderrIsTTY: boolean;
  /** Milliseconds from some fixed point (for the progress line); `Date.now` by default. */
  now?(): number;
}

/** Runs the command with its arguments; resolves to the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const locale = localeOf(args);
  const m = messages(locale);
  const [command, ...rest] = args;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(mainHelp(locale));
      return 0;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${version}\n`);
      return 0;
    }
    if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(m.unknownCommand(command));
    const end = rest.indexOf('--');
    if ((end < 0 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h')) {
      io.stdout(commandHelp(command, locale));
      return 0;
    }
    switch (command) {
      case 'validate':
        return await validateCommand(rest, io, locale);
      case 'render':
        return await renderCommand(rest, io, locale);
      case 'import':
        return await importCommand(rest, io, locale);
      case 'aggregate':
        return await aggregateCommand(rest, io, locale);
      case 'check-hierarchy':
        return await checkHierarchyCommand(rest, io, locale);
      case 'schema':
        choice(parseArgs(rest, ['locale'], [], {}, locale), 'locale', ['zh-CN', 'en'] as const, 'zh-CN');
        io.stdout(`${JSON.stringify(toJSONSchema(), null, 2)}\n`);
        return 0;
      default:
        return formatsCommand(rest, io, locale);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError) {
      io.stderr(`xxgk: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`xxgk: ${debug ? inCommandTerms(message, locale) : m.unexpected(inCommandTerms(message, locale))}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 2;
  }
}

// ── reading ─────────────────────────────────────────────────────────────────────────────────────

/** Options every reading command shares: the locale, and the metadata `--agency`/`--year` supply. */
function readOptions(args: ParsedArgs, withMetadata: boolean): ReadReportOptions & { locale: CliLocale } {
  const metadata: Partial<Metadata> = {};
  if (withMetadata) {
    const agency = stringOption(args, 'agency');
    const year = yearOption(args);
    if (agency) metadata.agency = agency;
    if (year !== undefined) metadata.year = year;
  }
  return { locale: args.locale, ...(Object.keys(metadata).length > 0 ? { metadata } : {}) };
}

function load(file: string, io: Io, options: ReadReportOptions & { locale: CliLocale }): Promise<Loaded> {
  return loadFile(file, () => readBytes(file, io.stdin, options.locale), options);
}

async function loadOne(file: string, io: Io, options: ReadReportOptions & { locale: CliLocale }): Promise<Extract<Loaded, { ok: true }>> {
  const loaded = await load(file, io, options);
  if (!loaded.ok) throw new InputError(`${file}: ${loaded.error}`);
  return loaded;
}

/** Where a command's main output goes: standard output, or the file of `-o`/`--output`. */
interface Sink {
  write(text: string): void;
  close(): void;
}

function sink(args: ParsedArgs, io: Io): Sink {
  const out = stringOption(args, 'o') ?? stringOption(args, 'output');
  if (out === undefined || out === '-') return { write: (text) => io.stdout(text), close: () => {} };
  const m = messages(args.locale);
  let fd: number;
  try {
    fd = openSync(out, 'w');
  } catch (error) {
    throw new InputError(m.cannotWrite(out, (error as { code?: string }).code ?? String(error)));
  }
  return {
    write: (text) => {
      try {
        writeSync(fd, text);
      } catch (error) {
        throw new InputError(m.cannotWrite(out, (error as { code?: string }).code ?? String(error)));
      }
    },
    close: () => closeSync(fd),
  };
}

function output(args: ParsedArgs, io: Io, text: string): void {
  const s = sink(args, io);
  try {
    s.write(text);
  } finally {
    s.close();
  }
}

/** A progress line on a terminal: drawn once a run has taken more than half a second, cleared before other output. */
interface Progress {
  tick(done: number): void;
  /** Clears a drawn line so that a line of output does not run into it. */
  clear(): void;
}

function progress(io: Io, total: number, m: CliMessages): Progress {
  if (!io.stderrIsTTY || total <= 1) return { tick: () => {}, clear: () => {} };
  const now = io.now ?? Date.now;
  const start = now();
  let shown = false;
  let last = 0;
  return {
    tick: (done) => {
      const t = now();
      if (done < total && (t - start < 500 || t - last < 100)) return;
      if (done === total && !shown) return;
      last = t;
      shown = true;
      const width = 30;
      const filled = Math.round((done / total) * width);
      io.stderr(`\r\x1b[K[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${m.progress(done, total)}${done === total ? '\n' : ''}`);
    },
    clear: () => {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

function importLine(file: string, issue: ImportIssue, m: CliMessages): string {
  return `${file}${issue.line !== undefined ? `:${issue.line}` : ''}: ${m.severity[issue.severity]}: ${issue.message}\n`;
}

// ── validate ────────────────────────────────────────────────────────────────────────────────────

/** A finding of a file: an import issue (what could not be read or placed) or a validation issue. */
type Finding = (ImportIssue & { readonly source: 'import'; readonly rule: string }) | (Issue & { readonly source: 'validate' });

interface FileOutcome {
  readonly file: string;
  readonly format?: string;
  readonly agency?: string;
  readonly year?: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly findings: readonly Finding[];
}

const SEVERITIES = ['error', 'warning', 'info', 'off'] as const;

function severityOverrides(args: ParsedArgs): Record<string, Severity | 'off'> | undefined {
  const values = args.all.get('severity');
  if (!values) return undefined;
  const m = messages(args.locale);
  const known = knownRuleIds();
  const overrides: Record<string, Severity | 'off'> = {};
  for (const part of values.flatMap((v) => v.split(','))) {
    const match = /^\s*([\w.-]+)\s*=\s*(\w+)\s*$/.exec(part);
    if (!match || !SEVERITIES.includes(match[2] as (typeof SEVERITIES)[number])) throw new UsageError(m.badSeverity(part));
    if (!known.has(match[1]!)) throw new UsageError(m.unknownRule(match[1]!));
    overrides[match[1]!] = match[2] as Severity | 'off';
  }
  return overrides;
}

function readWaivers(args: ParsedArgs, io: Io): Waiver[] | undefined {
  const file = stringOption(args, 'waivers');
  if (file === undefined) return undefined;
  const m = messages(args.locale);
  const bytes = readBytes(file, io.stdin, args.locale);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new InputError(`${file}: ${m.badWaivers(error instanceof Error ? error.message : String(error))}`);
  }
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? (value as { waivers?: unknown }).waivers : undefined;
  if (!Array.isArray(list)) throw new InputError(`${file}: ${m.badWaivers(m.waiverJson)}`);
  return list.map((item: unknown, i) => {
    const w = item as Record<string, unknown> | null;
    const keys = ['fingerprint', 'rule', 'code', 'cell'] as const;
    const ok =
      w !== null &&
      typeof w === 'object' &&
      typeof w.reason === 'string' &&
      w.reason.trim() !== '' &&
      keys.some((k) => typeof w[k] === 'string' && w[k] !== '') &&
      keys.every((k) => w[k] === undefined || typeof w[k] === 'string');
    if (!ok) throw new InputError(`${file}: ${m.badWaivers(m.waiverShape(i + 1))}`);
    const waiver: Record<string, string> = { reason: w.reason as string };
    for (const k of keys) if (typeof w[k] === 'string') waiver[k] = w[k] as string;
    return waiver as unknown as Waiver;
  });
}

async function validateCommand(argv: readonly string[], io: Io, locale: CliLocale): Promise<number> {
  const args = parseArgs(
    argv,
    ['locale', 'previous', 'absent', 'waivers', 'severity', 'report', 'o', 'output', 'agency', 'year'],
    ['json', 'quiet'],
    {},
    locale,
  );
  const m = messages(locale);
  if (args.positionals.length === 0) throw new UsageError(m.needsFiles('validate'));
  choice(args, 'locale', ['zh-CN', 'en'] as const, 'zh-CN');
  const absent = choice(args, 'absent', ['skip', 'zero', 'error'] as const, 'skip');
  const reportForm = args.options.has('report') ? choice(args, 'report', REPORT_FORMS, 'csv') : undefined;
  const json = args.options.has('json');
  if (json && reportForm) throw new UsageError(m.jsonAndReport);
  const quiet = args.options.has('quiet');
  const read = readOptions(args, true);
  const severity = severityOverrides(args);
  const waivers = readWaivers(args, io);
  const previousFile = stringOption(args, 'previous');
  const previous = previousFile ? (await loadOne(previousFile, io, { locale })).report : undefined;
  const options: ValidateOptions = { locale, absent, ...(previous ? { previous } : {}), ...(severity ? { severity } : {}), ...(waivers ? { waivers } : {}) };
  const files = expandInputs(args.positionals, locale);

  const summary: Summary = { files: 0, ok: 0, filesWithErrors: 0, filesWithWarnings: 0, unusable: 0, errors: 0, warnings: 0, infos: 0, waived: 0 };
  const out = json || reportForm ? sink(args, io) : undefined;
  const writer = reportForm ? REPORT_WRITERS[reportForm]!() : undefined;
  if (writer) out!.write(writer.header());
  if (json) out!.write('{\n  "files": [');
  const bar = progress(io, files.length, m);
  try {
    for (let i = 0; i < files.length; i++) {
      const outcome = await validateFile(files[i]!, io, read, options);
      count(summary, outcome);
      if (writer) out!.write(writer.row(fileRow(outcome), i));
      else if (json) out!.write(`${i > 0 ? ',' : ''}\n${indent(JSON.stringify(jsonOutcome(outcome), null, 2), 4)}`);
      else if (!quiet || outcome.error !== undefined || outcome.findings.some((f) => !isWaived(f) && (f.severity === 'error' || f.severity === 'warning'))) {
        bar.clear();
        io.stdout(humanOutcome(outcome, m, quiet));
      }
      bar.tick(i + 1);
    }
    if (writer) out!.write(writer.footer());
    else if (json) out!.write(`${files.length > 0 ? '\n  ' : ''}],\n  "summary": ${JSON.stringify(summary)}\n}\n`);
  } finally {
    out?.close();
  }
  if (!json) (reportForm ? io.stderr : io.stdout)(`${m.summary(summary)}\n`);
  if (summary.unusable > 0) return 2;
  return summary.errors > 0 ? 1 : 0;
}

const indent = (text: string, n: number): string => text.replace(/^/gm, ' '.repeat(n));
const isWaived = (f: Finding): boolean => 'waived' in f && f.waived !== undefined;

async function validateFile(file: string, io: Io, read: ReadReportOptions & { locale: CliLocale }, options: ValidateOptions): Promise<FileOutcome> {
  const loaded = await load(file, io, read);
  const importFindings: Finding[] = loaded.issues.map((issue) => ({ source: 'import', rule: `import.${issue.code}`, ...issue }));
  if (!loaded.ok) return { file, ok: false, error: loaded.error, findings: importFindings };
  const result = validate(loaded.report, options);
  const findings: Finding[] = [...importFindings, ...result.issues.map((issue) => ({ source: 'validate' as const, ...issue }))];
  return {
    file,
    format: result.format ?? loaded.report.format,
    agency: loaded.report.metadata.agency,
    year: loaded.report.metadata.year,
    ok: result.ok && !importFindings.some((f) => f.severity === 'error'),
    findings,
  };
}

function count(summary: Summary, o: FileOutcome): void {
  summary.files += 1;
  if (o.error !== undefined) {
    // An unusable file is counted as such; the issue that made it so is its `error`.
    summary.unusable += 1;
    return;
  }
  let errors = 0;
  let warnings = 0;
  for (const f of o.findings) {
    if (isWaived(f)) {
      summary.waived += 1;
      continue;
    }
    if (f.severity === 'error') errors += 1;
    else if (f.severity === 'warning') warnings += 1;
    else summary.infos += 1;
  }
  summary.errors += errors;
  summary.warnings += warnings;
  if (errors > 0) summary.filesWithErrors += 1;
  if (warnings > 0) summary.filesWithWarnings += 1;
  if (o.ok) summary.ok += 1;
}

function fileRow(o: FileOutcome): FileRow {
  const live = o.findings.filter((f) => !isWaived(f));
  const errors = live.filter((f) => f.severity === 'error').length;
  const warnings = live.filter((f) => f.severity === 'warning').length;
  const first = live.find((f) => f.severity === 'error') ?? live.find((f) => f.severity === 'warning');
  return {
    file: o.file,
    agency: o.agency ?? '',
    year: o.year ?? null,
    format: o.format ?? '',
    status: o.error !== undefined ? 'unusable' : errors > 0 ? 'errors' : 'ok',
    errors,
    warnings,
    firstFinding: o.error !== undefined ? o.error : first ? `[${first.rule}] ${first.message}` : '',
  };
}

/** A file's outcome as JSON: every field of every finding, as the library gives it. */
function jsonOutcome(o: FileOutcome) {
  return {
    file: o.file,
    format: o.format ?? null,
    agency: o.agency ?? null,
    year: o.year ?? null,
    ok: o.ok,
    ...(o.error !== undefined ? { error: o.error } : {}),
    issues: o.findings,
  };
}

function humanOutcome(o: FileOutcome, m: CliMessages, quiet: boolean): string {
  if (o.error !== undefined) return `${o.file}: ${o.error}\n`;
  const shown = quiet ? o.findings.filter((f) => f.severity !== 'info') : o.findings;
  const lines = [`${o.file} (${o.format})${o.findings.length === 0 ? `: ${m.noIssues}` : ''}`];
  for (const f of shown) {
    const label = m.severity[f.severity];
    const line = f.source === 'import' && f.line !== undefined ? ` (${m.line(f.line)})` : '';
    const waived = isWaived(f) ? ` (${m.waived}: ${(f as Issue).waived!.reason})` : '';
    lines.push(`  ${label} [${f.rule}] ${f.message}${line}${waived}`);
  }
  return `${lines.join('\n')}\n`;
}

// ── render, import ──────────────────────────────────────────────────────────────────────────────

async function renderCommand(argv: readonly string[], io: Io, locale: CliLocale): Promise<number> {
  const args = parseArgs(argv, ['to', 'width', 'locale', 'o', 'output', 'agency', 'year'], ['with-issues'], {}, locale);
  const m = messages(locale);
  if (args.positionals.length !== 1) throw new UsageError(m.oneFile('render'));
  const to = choice(args, 'to', ['md', 'text'] as const, 'md');
  const width = positiveInteger(args, 'width');
  choice(args, 'locale', ['zh-CN', 'en'] as const, 'zh-CN');
  const loaded = await loadOne(args.positionals[0]!, io, readOptions(args, true));
  for (const issue of loaded.issues) if (issue.severity === 'error') io.stderr(importLine(loaded.file, issue, m));
  const { report } = loaded;
  const validation = args.options.has('with-issues') ? validate(report, { locale }) : undefined;
  const options = { locale, ...(width ? { width } : {}), ...(validation ? { validation } : {}) };
  output(args, io, to === 'md' ? renderMarkdown(report, options) : renderText(report, options));
  return loaded.issues.some((i) => i.severity === 'error') ? 1 : 0;
}

async function importCommand(argv: readonly string[], io: Io, locale: CliLocale): Promise<number> {
  const args = parseArgs(argv, ['to', 'o', 'output', 'locale', 'agency', 'year'], [], {}, locale);
  const m = messages(locale);
  if (args.positionals.length !== 1) throw new UsageError(m.oneFile('import'));
  const to = choice(args, 'to', ['json', 'labels'] as const, 'json');
  choice(args, 'locale', ['zh-CN', 'en'] as const, 'zh-CN');
  const file = args.positionals[0]!;
  const loaded = await load(file, io, readOptions(args, true));
  if (!loaded.ok) throw new InputError(`${file}: ${loaded.error}`);
  for (const issue of loaded.issues) if (issue.severity !== 'info') io.stderr(importLine(file, issue, m));
  const document = to === 'labels' ? toLabels(loaded.report) : loaded.report;
  output(args, io, `${JSON.stringify(document, null, 2)}\n`);
  return loaded.issues.some((i) => i.severity === 'error') ? 1 : 0;
}

// ── aggregate, check-hierarchy ──────────────────────────────────────────────────────────────────

async function aggregateCommand(argv: readonly string[], io: Io, locale: CliLocale): Promise<number> {
  const args = parseArgs(argv, ['agency', 'year', 'o', 'output', 'locale'], ['map-formats'], {}, locale);
  const m = messages(locale);
  choice(args, 'locale', ['zh-CN', 'en'] as const, 'zh-CN');
  const agency = stringOption(args, 'agency');
  if (!agency) throw new UsageError(m.needsAgency);
  const year = yearOption(args);
  const mapFormats = args.options.has('map-formats');
  const options = { agency, ...(year ? { year } : {}), mapFormats };
  let result: AggregateResult;
  const formatOf = new Map<string, string[]>();
  let carried: CarriedSubtotal[] = [];
  try {
    if (args.positionals.length === 0 || (args.positionals.length === 1 && args.positionals[0] === '-')) {
      result = await aggregateStream(io.stdinLines(), options);
    } else {
      const files = expandInputs(args.positionals, locale);
      const reports: Report[] = [];
      const seen = new Map<string, string>();
      const bar = progress(io, files.length, m);
      for (let i = 0; i < files.length; i++) {
        const file = files[i]!;
        let bytes: Uint8Array | undefined;
        const loaded = await loadFile(file, () => (bytes = readBytes(file, io.stdin, locale)), { locale });
        if (!loaded.ok) throw new InputError(`${file}: ${loaded.error}`);
        const { report } = loaded;
        const content = createHash('sha256').update(bytes!).digest('hex');
        const key = `${report.metadata.agency}\u0000${report.metadata.year}`;
        const sameContent = seen.get(`#${content}`);
        if (sameContent !== undefined) io.stderr(`xxgk: ${m.duplicateContent(sameContent, file)}\n`);
        else if (seen.has(key)) io.stderr(`xxgk: ${m.duplicateAgencyYear(report.metadata.agency, report.metadata.year, seen.get(key)!, file)}\n`);
        seen.set(`#${content}`, file);
        if (!seen.has(key)) seen.set(key, file);
        reports.push(report);
        const known = formatOf.get(report.metadata.agency) ?? [];
        if (!known.includes(report.format)) formatOf.set(report.metadata.agency, [...known, report.format]);
        bar.tick(i + 1);
      }
      if (year === undefined) {
        const years = [...new Set(reports.map((r) => r.metadata.year))];
        if (years.length > 1) throw new UsageError(locale === 'en' ? `the reports are for different years (${years.join(', ')}): give --year` : `这些报告的年度不同（${years.join('、')}）：请用 --year 指定汇总年度`);
      }
      result = aggregate(reports, options);
      if (mapFormats) {
        const carry = carrySubtotals(result.report, reports);
        result = { ...result, report: carry.report };
        carried = carry.carried;
      }
    }
  } catch (error) {
    if (error instanceof FormatMismatchError) {
      const list = Object.entries(error.formats).map(([a, f]) => `${a} (${f})`).join(', ');
      throw new InputError(
        locale === 'en'
          ? `the reports are of different formats: ${list}; add --map-formats to sum the cells they share`
          : `这些报告的格式不同：${list}；加 --map-formats 可按单元格编号汇总它们共有的单元格`,
      );
    }
    if (error instanceof TypeError) throw new InputError(inCommandTerms(error.message, locale));
    throw error;
  }
  output(args, io, `${JSON.stringify(result.report, null, 2)}\n`);
  const lines = [...coverageLines(result, locale, mapFormats, formatOf), ...carried.map((c) => m.carried(c.row, c.from.join(', '), c.blanked.length))];
  io.stderr(lines.map((l) => `xxgk: ${l}\n`).join(''));
  const check = validate(result.report, { locale });
  if (check.counts.error > 0) io.stderr(`xxgk: ${m.combinedInvalid(check.counts.error)}\n`);
  return 0;
}

/** The coverage and provenance of a combined report, as lines for standard error. */
function coverageLines(result: AggregateResult, locale: CliLocale, mapFormats: boolean, formatOf: ReadonlyMap<string, readonly string[]>): string[] {
  const m = messages(locale);
  const c = result.coverage;
  const partial = Object.entries(c.partial);
  const lines = [
    [m.aggregated(c.reports, c.agencies.length), partial.length ? m.partialCells(partial.length) : '', c.absent.length ? m.absentCells(c.absent.length) : '', c.skipped.length ? m.skipped(c.skipped.length) : '']
      .filter(Boolean)
      .join(m.separator),
  ];
  const shown = c.agencies.slice(0, 20);
  lines.push(m.agencies(`${shown.join(', ')}${c.agencies.length > shown.length ? ` … (+${c.agencies.length - shown.length})` : ''}`));
  for (const [cell, who] of partial.slice(0, 10)) {
    lines.push(m.partialCell(cell, Array.isArray(who) ? who.join(', ') : String(who)));
  }
  if (partial.length > 10) lines.push(`… (+${partial.length - 10})`);
  for (const s of c.skipped) lines.push(m.skippedOne(s.input + 1, inCommandTerms(s.reason, locale)));
  if (mapFormats) {
    for (const [agency, cells] of Object.entries(c.unmapped)) {
      const from = (formatOf.get(agency) ?? []).filter((f) => f !== result.report.format);
      lines.push(m.mapped(agency, from.join(', ') || '?', result.report.format, cells.length));
    }
  }
  return lines;
}

async function checkHierarchyCommand(argv: readonly string[], io: Io, locale: CliLocale): Promise<number> {
  const args = parseArgs(argv, ['locale'], ['json'], {}, locale);
  const m = messages(locale);
  const [parentFile, ...childArgs] = args.positionals;
  if (!parentFile || childArgs.length === 0) throw new UsageError(m.hierarchyArgs);
  choice(args, 'locale', ['zh-CN', 'en'] as const, 'zh-CN');
  const parent = (await loadOne(parentFile, io, { locale })).report;
  const children: Report[] = [];
  for (const f of expandInputs(childArgs, locale)) children.push((await loadOne(f, io, { locale })).report);
  let result;
  try {
    result = checkHierarchy(parent, children, { locale });
  } catch (error) {
    if (error instanceof TypeError) throw new InputError(inCommandTerms(error.message, locale));
    throw error;
  }
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  const warnings = result.issues.filter((i) => i.severity === 'warning').length;
  if (args.options.has('json')) {
    const summary: Summary = {
      files: 1,
      ok: result.ok ? 1 : 0,
      filesWithErrors: errors > 0 ? 1 : 0,
      filesWithWarnings: warnings > 0 ? 1 : 0,
      unusable: 0,
      errors,
      warnings,
      infos: result.issues.length - errors - warnings,
      waived: 0,
    };
    const file = {
      file: parentFile,
      format: parent.format,
      agency: parent.metadata.agency,
      year: parent.metadata.year,
      ok: result.ok,
      issues: result.issues.map((i) => ({ source: 'validate', ...i })),
    };
    io.stdout(`${JSON.stringify({ files: [file], summary, checked: result.checked }, null, 2)}\n`);
  } else {
    for (const issue of result.issues) io.stdout(`${m.severity[issue.severity]} [${issue.rule}] ${issue.message}\n`);
    io.stdout(`${m.checked(result.checked, result.issues.length)}\n`);
  }
  return result.ok ? 0 : 1;
}

// ── formats ─────────────────────────────────────────────────────────────────────────────────────

function formatsCommand(argv: readonly string[], io: Io, locale: CliLocale): number {
  const args = parseArgs(argv, ['locale'], ['json'], {}, locale);
  choice(args, 'locale', ['zh-CN', 'en'] as const, 'zh-CN');
  const json = args.options.has('json');
  const id = args.positionals[0];
  if (id === undefined) {
    const list = Object.values(formats);
    if (json) io.stdout(`${JSON.stringify(list.map((f) => ({ id: f.id, edition: f.edition, title: f.title, basis: f.basis ?? null })), null, 2)}\n`);
    else for (const f of list) io.stdout(`${f.id}\t${f.edition}\t${f.title}\t${f.basis ?? ''}\n`);
    return 0;
  }
  const format = getFormat(id);
  if (!format) throw new UsageError(messages(locale).unknownFormat(id));
  io.stdout(json ? `${JSON.stringify(format, null, 2)}\n` : formatTree(format, locale));
  return 0;
}

/** A format's tables as an indented tree: id, label, unit and relation of every row and column. */
export function formatTree(format: Format, locale: CliLocale = 'zh-CN'): string {
  const zh = locale === 'zh-CN';
  const index = indexFormat(format);
  const lines: string[] = [`${format.id} — ${format.title}${format.basis ? ` (${format.basis})` : ''}`];
  for (const table of index.tables) {
    lines.push('', zh ? `表 ${table.id}：${table.definition.title}` : `table ${table.id}: ${table.definition.title}`, zh ? '  列：' : '  columns:');
    for (const c of table.columns) lines.push(nodeLine(c, 4, zh));
    lines.push(zh ? '  行：' : '  rows:');
    for (const r of table.rows) lines.push(nodeLine(r, 4, zh));
  }
  if (format.identities.length > 0) {
    lines.push('', zh ? '恒等式：' : 'identities:');
    for (const i of format.identities) lines.push(`  ${i.id} [${i.kind}, ${i.severity}] ${i.description[zh ? 'zh-CN' : 'en']}`);
  }
  return `${lines.join('\n')}\n`;
}

function nodeLine(node: ResolvedNode, indent: number, zh: boolean): string {
  const pad = ' '.repeat(indent + node.depth * 2);
  const facts = [node.unit, node.relation, node.printed ? undefined : node.valued ? (zh ? '不打印' : 'not printed') : undefined]
    .filter(Boolean)
    .join(', ');
  return `${pad}${node.id}  ${node.label}${facts ? `  (${facts})` : ''}`;
}

import type { Locale } from '../model/locale.js';
import { writeFileSync } from 'node:fs';
import { formats, getFormat } from '../formats/catalogue.js';
import { indexFormat, type Format, type ResolvedNode } from '../formats/define.js';
import { toLabels } from '../import/labels/labels.js';
import { toJSONSchema, type Report } from '../model/report.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderText } from '../render/text.js';
import { aggregate, aggregateStream } from '../rollup/aggregate.js';
import { checkHierarchy } from '../rollup/hierarchy.js';
import type { Issue } from '../issues/issues.js';
import { validate, type ValidateOptions } from '../validate/validate.js';
import { UsageError, choice, parseArgs, positiveInteger, stringOption, type ParsedArgs } from './args.js';
import { InputError, decode, load, readBytes, type InputIssue, type Loaded } from './inputs.js';
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
}

const HELP = `xxgk ${version} — 政府信息公开工作年度报告 (government information disclosure annual reports)

Usage:
  xxgk validate <files…> [--json] [--locale zh-CN|en] [--previous <file>] [--absent skip|zero|error]
  xxgk render <file> [--to md|text] [--width N] [--with-issues] [--locale zh-CN|en] [-o <out>]
  xxgk import <file> [--to json|labels] [-o <out.json>]
  xxgk aggregate <files…> --agency <name> [--year N] [--map-formats] [-o <out.json>]
                 (no files, or "-": NDJSON reports on standard input)
  xxgk check-hierarchy <parent> <children…> [--json] [--locale zh-CN|en]
  xxgk schema           print the JSON Schema of the canonical report document
  xxgk formats [id]     list the formats, or print one format's tree (ids, labels, units, relations)
  xxgk --version | --help

Inputs are read by content: canonical JSON, label-keyed JSON, our Markdown, a report's web page
(.html/.htm as saved from the site), or a report's plain text (UTF-8, UTF-16 or GB18030; a page's
<meta charset=gbk> is honoured). "-" reads standard input.
Exit codes: 0 no errors; 1 a report has errors; 2 an input is unusable or the usage is wrong.
Add --debug to see a stack trace for an unexpected failure.
`;

/** Runs the command with its arguments; resolves to the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [command, ...rest] = args;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(HELP);
        return 0;
      case '--version':
      case '-v':
        io.stdout(`${version}\n`);
        return 0;
      case 'validate':
        return validateCommand(rest, io);
      case 'render':
        return renderCommand(rest, io);
      case 'import':
        return importCommand(rest, io);
      case 'aggregate':
        return await aggregateCommand(rest, io);
      case 'check-hierarchy':
        return checkHierarchyCommand(rest, io);
      case 'schema':
        parseArgs(rest, [], []);
        io.stdout(`${JSON.stringify(toJSONSchema(), null, 2)}\n`);
        return 0;
      case 'formats':
        return formatsCommand(rest, io);
      default:
        throw new UsageError(`unknown command "${command}"; run "xxgk --help"`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError) {
      io.stderr(`xxgk: ${error.message}\n`);
      return 2;
    }
    io.stderr(`xxgk: ${error instanceof Error ? error.message : String(error)}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 2;
  }
}

// ── reading ─────────────────────────────────────────────────────────────────────────────────────

function loadFile(file: string, io: Io): Loaded {
  try {
    return load(file, decode(file, readBytes(file, io.stdin)));
  } catch (error) {
    if (error instanceof InputError) return { ok: false, file, error: error.message.replace(`${file}: `, '') };
    throw error;
  }
}

function loadOne(file: string, io: Io): Extract<Loaded, { ok: true }> {
  const loaded = loadFile(file, io);
  if (!loaded.ok) throw new InputError(`${file}: ${loaded.error}`);
  return loaded;
}

function output(args: ParsedArgs, io: Io, text: string): void {
  const out = stringOption(args, 'o') ?? stringOption(args, 'output');
  if (out === undefined || out === '-') {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (error) {
    throw new InputError(`${out}: cannot write (${(error as { code?: string }).code ?? String(error)})`);
  }
}

function progress(io: Io, total: number): (done: number) => void {
  if (total <= 1000 || !io.stderrIsTTY) return () => {};
  let last = -1;
  return (done) => {
    const percent = Math.floor((done / total) * 100);
    if (percent === last && done !== total) return;
    last = percent;
    const width = 30;
    const filled = Math.round((done / total) * width);
    io.stderr(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
  };
}

// ── validate ────────────────────────────────────────────────────────────────────────────────────

const SEVERITY_ZH = { error: '错误', warning: '警告', info: '提示' } as const;

interface FileOutcome {
  readonly file: string;
  readonly format?: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly issues: ReadonlyArray<Issue | (InputIssue & { rule: string; cells: [] })>;
}

function validateCommand(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, ['locale', 'previous', 'absent'], ['json']);
  if (args.positionals.length === 0) throw new UsageError('validate needs at least one file; run "xxgk --help"');
  const locale = choice(args, 'locale', ['zh-CN', 'en'] as const, 'zh-CN');
  const absent = choice(args, 'absent', ['skip', 'zero', 'error'] as const, 'skip');
  const previousFile = stringOption(args, 'previous');
  const previous = previousFile ? loadOne(previousFile, io).report : undefined;
  const options: ValidateOptions = { locale, absent, ...(previous ? { previous } : {}) };
  const outcomes: FileOutcome[] = [];
  const tick = progress(io, args.positionals.length);
  args.positionals.forEach((file, i) => {
    const loaded = loadFile(file, io);
    if (!loaded.ok) outcomes.push({ file, ok: false, error: loaded.error, issues: [] });
    else {
      const result = validate(loaded.report, options);
      const importIssues = loaded.issues.map((issue) => ({ ...issue, rule: 'import', cells: [] as [] }));
      outcomes.push({
        file,
        format: result.format,
        ok: result.ok && !importIssues.some((x) => x.severity === 'error'),
        issues: [...importIssues, ...result.issues],
      });
    }
    tick(i + 1);
  });
  const count = (severity: string) => outcomes.reduce((n, o) => n + o.issues.filter((i) => i.severity === severity && !('waived' in i && i.waived)).length, 0);
  const summary = {
    files: outcomes.length,
    ok: outcomes.filter((o) => o.ok).length,
    unusable: outcomes.filter((o) => o.error !== undefined).length,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
  };
  if (args.options.has('json')) {
    io.stdout(`${JSON.stringify({ files: outcomes.map(jsonOutcome), summary }, null, 2)}\n`);
  } else {
    for (const o of outcomes) io.stdout(humanOutcome(o, locale));
    io.stdout(
      locale === 'en'
        ? `${summary.files} file(s): ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} info${summary.unusable ? `, ${summary.unusable} unusable` : ''}\n`
        : `共 ${summary.files} 个文件：${summary.errors} 个错误，${summary.warnings} 个警告，${summary.infos} 个提示${summary.unusable ? `，${summary.unusable} 个无法读取` : ''}\n`,
    );
  }
  if (summary.unusable > 0) return 2;
  return summary.errors > 0 ? 1 : 0;
}

function jsonOutcome(o: FileOutcome) {
  return {
    file: o.file,
    format: o.format ?? null,
    ok: o.ok,
    ...(o.error !== undefined ? { error: o.error } : {}),
    issues: o.issues.map((i) => ({
      code: i.code,
      severity: i.severity,
      rule: i.rule,
      message: i.message,
      cells: i.cells.map((c) => ({ table: c.table, row: c.row, column: c.column, rowLabel: c.rowLabel, columnLabel: c.columnLabel })),
      ...('expected' in i && i.expected !== undefined ? { expected: i.expected } : {}),
      ...('actual' in i && i.actual !== undefined ? { actual: i.actual } : {}),
      ...('line' in i && i.line !== undefined ? { line: i.line } : {}),
      ...('tableNumber' in i && i.tableNumber !== undefined ? { tableNumber: i.tableNumber, row: i.row, column: i.column } : {}),
      ...('waived' in i && i.waived ? { waived: i.waived } : {}),
    })),
  };
}

function humanOutcome(o: FileOutcome, locale: Locale): string {
  if (o.error !== undefined) return `${o.file}: ${o.error}\n`;
  const lines = [`${o.file} (${o.format})${o.issues.length === 0 ? (locale === 'en' ? ': no issues' : '：未发现问题') : ''}`];
  for (const i of o.issues) {
    const label = locale === 'en' ? i.severity : SEVERITY_ZH[i.severity];
    const line = 'line' in i && i.line !== undefined ? ` (${locale === 'en' ? 'line' : '第'}${i.line}${locale === 'en' ? '' : '行'})` : '';
    lines.push(`  ${label} [${i.rule}] ${i.message}${line}`);
  }
  return `${lines.join('\n')}\n`;
}

// ── render, import ──────────────────────────────────────────────────────────────────────────────

function renderCommand(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, ['to', 'width', 'locale', 'o', 'output'], ['with-issues']);
  if (args.positionals.length !== 1) throw new UsageError('render takes one file; run "xxgk --help"');
  const to = choice(args, 'to', ['md', 'text'] as const, 'md');
  const width = positiveInteger(args, 'width');
  const locale = choice(args, 'locale', ['zh-CN', 'en'] as const, 'zh-CN');
  const { report } = loadOne(args.positionals[0]!, io);
  const validation = args.options.has('with-issues') ? validate(report, { locale }) : undefined;
  const options = { locale, ...(width ? { width } : {}), ...(validation ? { validation } : {}) };
  output(args, io, to === 'md' ? renderMarkdown(report, options) : renderText(report, options));
  return 0;
}

function importCommand(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, ['to', 'o', 'output'], []);
  if (args.positionals.length !== 1) throw new UsageError('import takes one file; run "xxgk --help"');
  const to = choice(args, 'to', ['json', 'labels'] as const, 'json');
  const loaded = loadOne(args.positionals[0]!, io);
  for (const issue of loaded.issues) {
    if (issue.severity !== 'info') io.stderr(`${loaded.file}${issue.line ? `:${issue.line}` : ''}: ${issue.severity}: ${issue.message}\n`);
  }
  const document = to === 'labels' ? toLabels(loaded.report) : loaded.report;
  output(args, io, `${JSON.stringify(document, null, 2)}\n`);
  return loaded.issues.some((i) => i.severity === 'error') ? 1 : 0;
}

// ── aggregate, check-hierarchy ──────────────────────────────────────────────────────────────────

async function aggregateCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['agency', 'year', 'o', 'output'], ['map-formats']);
  const agency = stringOption(args, 'agency');
  if (!agency) throw new UsageError('aggregate needs --agency <name> for the combined report');
  const year = positiveInteger(args, 'year');
  const options = { agency, ...(year ? { year } : {}), mapFormats: args.options.has('map-formats') };
  let result;
  if (args.positionals.length === 0 || (args.positionals.length === 1 && args.positionals[0] === '-')) {
    result = await aggregateStream(io.stdinLines(), options);
  } else {
    const reports: Report[] = [];
    const tick = progress(io, args.positionals.length);
    args.positionals.forEach((file, i) => {
      reports.push(loadOne(file, io).report);
      tick(i + 1);
    });
    result = aggregate(reports, options);
  }
  output(args, io, `${JSON.stringify(result.report, null, 2)}\n`);
  const partial = Object.keys(result.coverage.partial).length;
  io.stderr(
    `xxgk: summed ${result.coverage.reports} report(s)` +
      (partial ? `; ${partial} cell(s) are partial (absent in some reports)` : '') +
      (result.coverage.skipped.length ? `; skipped ${result.coverage.skipped.length} input(s)` : '') +
      '\n',
  );
  return 0;
}

function checkHierarchyCommand(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, ['locale'], ['json']);
  const [parentFile, ...childFiles] = args.positionals;
  if (!parentFile || childFiles.length === 0) throw new UsageError('check-hierarchy needs the parent report and at least one unit report');
  const locale = choice(args, 'locale', ['zh-CN', 'en'] as const, 'zh-CN');
  const parent = loadOne(parentFile, io).report;
  const children = childFiles.map((f) => loadOne(f, io).report);
  let result;
  try {
    result = checkHierarchy(parent, children, { locale });
  } catch (error) {
    if (error instanceof TypeError) throw new InputError(error.message);
    throw error;
  }
  if (args.options.has('json')) {
    io.stdout(`${JSON.stringify({ ok: result.ok, checked: result.checked, issues: jsonOutcome({ file: parentFile, ok: result.ok, issues: result.issues }).issues }, null, 2)}\n`);
  } else {
    for (const issue of result.issues) io.stdout(`${locale === 'en' ? issue.severity : SEVERITY_ZH[issue.severity]} [${issue.rule}] ${issue.message}\n`);
    io.stdout(locale === 'en' ? `${result.checked} cells checked, ${result.issues.length} issue(s)\n` : `核对 ${result.checked} 个单元格，发现 ${result.issues.length} 个问题\n`);
  }
  return result.ok ? 0 : 1;
}

// ── formats ─────────────────────────────────────────────────────────────────────────────────────

function formatsCommand(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, [], []);
  const id = args.positionals[0];
  if (id === undefined) {
    for (const f of Object.values(formats)) io.stdout(`${f.id}\t${f.edition}\t${f.title}\t${f.basis ?? ''}\n`);
    return 0;
  }
  const format = getFormat(id);
  if (!format) throw new UsageError(`unknown format "${id}"; run "xxgk formats" to list them`);
  io.stdout(formatTree(format));
  return 0;
}

/** A format's tables as an indented tree: id, label, unit and relation of every row and column. */
export function formatTree(format: Format): string {
  const index = indexFormat(format);
  const lines: string[] = [`${format.id} — ${format.title}${format.basis ? ` (${format.basis})` : ''}`];
  for (const table of index.tables) {
    lines.push('', `table ${table.id}: ${table.definition.title}`, '  columns:');
    for (const c of table.columns) lines.push(nodeLine(c, 4));
    lines.push('  rows:');
    for (const r of table.rows) lines.push(nodeLine(r, 4));
  }
  if (format.identities.length > 0) {
    lines.push('', 'identities:');
    for (const i of format.identities) lines.push(`  ${i.id} [${i.kind}, ${i.severity}] ${i.description['zh-CN']}`);
  }
  return `${lines.join('\n')}\n`;
}

function nodeLine(node: ResolvedNode, indent: number): string {
  const pad = ' '.repeat(indent + node.depth * 2);
  const facts = [node.unit, node.relation, node.printed ? undefined : node.valued ? 'not printed' : undefined]
    .filter(Boolean)
    .join(', ');
  return `${pad}${node.id}  ${node.label}${facts ? `  (${facts})` : ''}`;
}

/** The languages of the command's own lines. */
export type CliLocale = 'zh-CN' | 'en';

/** The locale named by `--locale` anywhere in the arguments (zh-CN when none or another value is given). */
export function localeOf(argv: readonly string[]): CliLocale {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--locale' && argv[i + 1] === 'en') return 'en';
    if (arg === '--locale=en') return 'en';
  }
  return 'zh-CN';
}

const zh = {
  severity: { error: '错误', warning: '警告', info: '提示' } as Record<'error' | 'warning' | 'info', string>,
  waived: '已豁免',
  separator: '；',
  noIssues: '未发现问题',
  line: (n: number) => `第 ${n} 行`,
  summary: (s: Summary) =>
    `共 ${s.files} 个文件：${s.filesWithErrors} 个有错误，${s.filesWithWarnings} 个有警告，${s.unusable} 个无法读取；` +
    `共 ${s.errors} 个错误，${s.warnings} 个警告，${s.infos} 个提示${s.waived ? `，${s.waived} 个已豁免` : ''}`,
  unknownCommand: (c: string) => `未知命令“${c}”；运行 xxgk --help 查看用法`,
  unknownOption: (o: string) => `未知选项 ${o}；运行 xxgk <命令> --help 查看该命令的选项`,
  noValue: (o: string) => `选项 --${o} 不接受取值`,
  needsValue: (o: string) => `选项 --${o} 需要一个值`,
  oneOf: (o: string, choices: string) => `--${o} 的值必须是 ${choices} 之一`,
  positive: (o: string) => `--${o} 必须是正整数`,
  yearRange: '--year 必须是 2000 至 2100 之间的年份',
  needsFiles: (c: string) => `${c} 至少需要一个文件；运行 xxgk ${c} --help 查看用法`,
  oneFile: (c: string) => `${c} 只接受一个文件；运行 xxgk ${c} --help 查看用法`,
  needsAgency: 'aggregate 需要用 --agency <名称> 指定汇总报告的机关',
  hierarchyArgs: 'check-hierarchy 需要上级报告和至少一份下级报告',
  unknownFormat: (id: string) => `未知的报告格式“${id}”；运行 xxgk formats 查看可用的格式`,
  jsonAndReport: '--json 与 --report 不能同时使用',
  noSuchFile: '文件不存在',
  permission: '没有读取权限；请检查文件权限',
  isDirectory: '是目录；请给出报告文件',
  tooLarge: '文件大于 64 MB，不像是一份报告',
  noReports: '目录中没有报告文件（.json .html .htm .md .txt .pdf .docx .doc）',
  cannotWrite: (f: string, why: string) => `${f}：无法写入（${why}）`,
  badWaivers: (why: string) => `豁免文件无法使用：${why}`,
  waiverShape: (n: number) => `第 ${n} 条豁免应为对象，含非空的 reason 以及 fingerprint、rule、code 或 cell 之一`,
  waiverJson: '不是 JSON 数组（或含 waivers 数组的对象）',
  badSeverity: (v: string) => `--severity 的值“${v}”应为 规则=error|warning|info|off，例如 --severity A3=warning`,
  unknownRule: (r: string) => `--severity：没有规则“${r}”；规则列表见 docs/rules.md`,
  unexpected: (m: string) => `意外错误：${m}（加 --debug 查看详情）`,
  brokenPipe: '输出在写完之前被关闭（broken pipe）',
  aggregated: (n: number, agencies: number) => `已汇总 ${n} 份报告（${agencies} 个机关）`,
  partialCells: (n: number) => `${n} 个单元格为部分汇总（在部分报告中空缺）`,
  absentCells: (n: number) => `${n} 个单元格在所有报告中均空缺`,
  skipped: (n: number) => `跳过 ${n} 份输入`,
  skippedOne: (input: number, reason: string) => `跳过第 ${input} 份输入：${reason}`,
  agencies: (list: string) => `机关：${list}`,
  partialCell: (cell: string, who: string) => `部分汇总 ${cell}：缺 ${who}`,
  mapped: (agency: string, format: string, target: string, n: number) => `${agency}（${format}）按单元格编号映射到 ${target}；${n} 个单元格在其格式中没有，未计入`,
  carried: (row: string, from: string, n: number) => `${row}：${from} 只报告了小计，已按小计汇总；其下 ${n} 行因汇总不全留空`,
  duplicateAgencyYear: (agency: string, year: number, a: string, b: string) => `警告：${a} 与 ${b} 是同一机关同一年度的报告（${agency}，${year} 年），将被重复计入`,
  duplicateContent: (a: string, b: string) => `警告：${a} 与 ${b} 内容相同，将被重复计入`,
  combinedInvalid: (n: number) => `警告：汇总报告有 ${n} 个错误（运行 xxgk validate 查看）`,
  checked: (cells: number, issues: number) => `核对 ${cells} 个单元格，发现 ${issues} 个问题`,
  progress: (done: number, total: number) => `${done}/${total} 个文件`,
};

type Messages = typeof zh;

const en: Messages = {
  severity: { error: 'error', warning: 'warning', info: 'info' },
  waived: 'waived',
  separator: '; ',
  noIssues: 'no issues',
  line: (n) => `line ${n}`,
  summary: (s) =>
    `${s.files} file(s): ${s.filesWithErrors} with errors, ${s.filesWithWarnings} with warnings, ${s.unusable} unusable; ` +
    `${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info${s.waived ? `, ${s.waived} waived` : ''}`,
  unknownCommand: (c) => `unknown command "${c}"; run "xxgk --help"`,
  unknownOption: (o) => `unknown option ${o}; run "xxgk <command> --help" for the command's options`,
  noValue: (o) => `option --${o} takes no value`,
  needsValue: (o) => `option --${o} needs a value`,
  oneOf: (o, choices) => `--${o} must be one of ${choices}`,
  positive: (o) => `--${o} must be a positive whole number`,
  yearRange: '--year must be a year between 2000 and 2100',
  needsFiles: (c) => `${c} needs at least one file; run "xxgk ${c} --help"`,
  oneFile: (c) => `${c} takes one file; run "xxgk ${c} --help"`,
  needsAgency: 'aggregate needs --agency <name> for the combined report',
  hierarchyArgs: 'check-hierarchy needs the parent report and at least one unit report',
  unknownFormat: (id) => `unknown report format "${id}"; run "xxgk formats" to list them`,
  jsonAndReport: '--json and --report cannot be used together',
  noSuchFile: 'no such file',
  permission: "permission denied; check the file's permissions",
  isDirectory: 'is a directory; give a report file',
  tooLarge: 'larger than 64 MB; is this a report?',
  noReports: 'the directory holds no report files (.json .html .htm .md .txt .pdf .docx .doc)',
  cannotWrite: (f, why) => `${f}: cannot write (${why})`,
  badWaivers: (why) => `the waivers file cannot be used: ${why}`,
  waiverShape: (n) => `waiver ${n} must be an object with a non-empty reason and one of fingerprint, rule, code or cell`,
  waiverJson: 'not a JSON array (or an object with a waivers array)',
  badSeverity: (v) => `--severity "${v}" must be RULE=error|warning|info|off, e.g. --severity A3=warning`,
  unknownRule: (r) => `--severity: there is no rule "${r}"; docs/rules.md lists them`,
  unexpected: (m) => `unexpected failure: ${m} (run with --debug for details)`,
  brokenPipe: 'the output was closed before everything was written (broken pipe)',
  aggregated: (n, agencies) => `summed ${n} report(s) of ${agencies} agenc${agencies === 1 ? 'y' : 'ies'}`,
  partialCells: (n) => `${n} cell(s) are partial (absent in some reports)`,
  absentCells: (n) => `${n} cell(s) are absent in every report`,
  skipped: (n) => `skipped ${n} input(s)`,
  skippedOne: (input, reason) => `skipped input ${input}: ${reason}`,
  agencies: (list) => `agencies: ${list}`,
  partialCell: (cell, who) => `partial ${cell}: missing from ${who}`,
  mapped: (agency, format, target, n) => `${agency} (${format}) mapped to ${target} by cell id; ${n} cell(s) its format lacks were not counted`,
  carried: (row, from, n) => `${row}: ${from} reported only the subtotal, which is summed as such; the ${n} row(s) under it are left absent (their sums would be partial)`,
  duplicateAgencyYear: (agency, year, a, b) => `warning: ${a} and ${b} are reports of the same agency and year (${agency}, ${year}); both are counted`,
  duplicateContent: (a, b) => `warning: ${a} and ${b} have the same content; both are counted`,
  combinedInvalid: (n) => `warning: the combined report has ${n} error(s) (run "xxgk validate" on it)`,
  checked: (cells, issues) => `${cells} cells checked, ${issues} issue(s)`,
  progress: (done, total) => `${done}/${total} files`,
};

/** Counts of a run over many files. */
export interface Summary {
  files: number;
  ok: number;
  filesWithErrors: number;
  filesWithWarnings: number;
  unusable: number;
  errors: number;
  warnings: number;
  infos: number;
  waived: number;
}

/** The command's own lines in a locale. */
export function messages(locale: CliLocale): Messages {
  return locale === 'en' ? en : zh;
}

/** The command's lines in a locale, as a type. */
export type CliMessages = Messages;

// The library's errors name its options; the command speaks of its own.
const TERMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\{ ?mapFormats: true ?\}/g, '--map-formats'],
  [/options\.year/g, '--year'],
  [/options\.agency/g, '--agency'],
  [/options\.metadata/g, '--agency/--year'],
  [/options\.locale/g, '--locale'],
  [/options\.absent/g, '--absent'],
  [/options\.previous/g, '--previous'],
  [/options\.severity/g, '--severity'],
  [/options\.waivers/g, '--waivers'],
];

// The rollup's messages the command can meet, in Chinese (the library writes them in English only).
const ZH_ROLLUP: ReadonlyArray<readonly [RegExp, (...groups: string[]) => string]> = [
  [/^the reports state no year: pass --year$/, () => '这些报告没有注明年度：请用 --year 指定'],
  [/^the reports are for different years \((.*)\): pass --year$/, (years) => `这些报告的年度不同（${years}）：请用 --year 指定汇总年度`],
  [/^not JSON$/, () => '不是 JSON'],
  [/^not a report document$/, () => '不是报告文档'],
  [/^format (\S+) is not (\S+)$/, (a, b) => `格式 ${a} 不是 ${b}（加 --map-formats 可跨格式汇总）`],
  [/^unknown format (.+?)( \(agency (.*)\))?$/, (f, _a, agency) => `未知的报告格式 ${f}${agency ? `（${agency}）` : ''}`],
  [/^unknown format (.+) of the parent report$/, (f) => `上级报告的格式 ${f} 未知`],
  [/^unit (.+) reports in (.+), the parent in (.+)$/, (unit, a, b) => `下级单位 ${unit} 的报告格式为 ${a}，上级报告为 ${b}`],
  [/^aggregateStream received no usable report$/, () => '标准输入中没有可用的报告'],
];

/**
 * A library message in the command's terms (`options.year` → `--year`, `{ mapFormats: true }` →
 * `--map-formats`) and, for zh-CN, in Chinese where the command knows the message.
 */
export function inCommandTerms(message: string, locale: CliLocale = 'en'): string {
  let text = message;
  for (const [pattern, term] of TERMS) text = text.replace(pattern, term);
  if (locale === 'zh-CN') {
    for (const [pattern, write] of ZH_ROLLUP) {
      const match = pattern.exec(text);
      if (match) return write(...match.slice(1).map((g) => g ?? ''));
    }
  }
  return text;
}

import { version } from './version.js';

/** One subcommand: what it takes, what it does, its options, and one example. */
export interface CommandHelp {
  readonly usage: string;
  readonly summary: string;
  /** The summary in Chinese. */
  readonly summaryZh: string;
  /** Options as `[spelling, meaning, meaning in Chinese]`. */
  readonly options: ReadonlyArray<readonly [string, string, string]>;
  readonly example: string;
}

const LOCALE: readonly [string, string, string] = ['--locale zh-CN|en', 'language of the messages and of the command\'s own lines (default zh-CN)', '消息及命令自身输出的语言（默认 zh-CN）'];
const HELP_OPTION: readonly [string, string, string] = ['-h, --help', 'print this help', '显示本帮助'];
const METADATA: ReadonlyArray<readonly [string, string, string]> = [
  ['--agency <name>', 'the publishing organ, when the input states none', '发布机关（输入中未注明时）'],
  ['--year <N>', 'the report year, when the input states none', '报告年度（输入中未注明时）'],
];

/** The subcommands' help, by name. */
export const COMMANDS: Readonly<Record<string, CommandHelp>> = {
  validate: {
    usage: 'xxgk validate <files|directories…> [options]',
    summary:
      'Checks reports against their format\'s rules. Directories are searched recursively for report files\n' +
      '(.json .html .htm .md .txt .pdf .docx .doc). Exit 0: no errors; 1: a report has errors or could be read\n' +
      'only in part; 2: an input is unusable or the usage is wrong.',
    summaryZh: '按格式规则核对报告。目录会被递归查找报告文件（.json .html .htm .md .txt .pdf .docx .doc）。\n退出码 0：没有错误；1：报告有错误或只读入了一部分；2：输入无法使用或用法有误。',
    options: [
      ['--json', 'every finding with all its fields, and the summary, as JSON', '以 JSON 输出每个问题的全部字段及汇总'],
      ['--report csv|json', 'one line per file (file, agency, year, format, errors, warnings, first finding)', '每个文件一行（文件、机关、年度、格式、错误数、警告数、第一个问题）'],
      ['-o, --output <file>', 'write the --json or --report output to a file', '将 --json 或 --report 的输出写入文件'],
      ['--quiet', 'list only files with errors or warnings, and the summary', '只列出有错误或警告的文件及汇总'],
      ['--previous <file>', 'last year\'s report of the same organ, for the cross-year rules', '同一机关上一年度的报告，用于跨年度核对'],
      ['--absent skip|zero|error', 'what a blank cell means (default skip: rules over it cannot check)', '空白单元格的含义（默认 skip：涉及它的规则无法核对）'],
      ['--waivers <file.json>', 'accepted findings: [{ "fingerprint": "…", "reason": "…" }] (or rule, code, cell)', '豁免的问题：[{ "fingerprint": "…", "reason": "…" }]（或 rule、code、cell）'],
      ['--severity RULE=LEVEL', 'change a rule\'s severity: error, warning, info or off (repeatable, or comma-separated)', '修改规则的严重程度：error、warning、info 或 off（可重复，或用逗号分隔）'],
      ...METADATA,
      LOCALE,
      HELP_OPTION,
    ],
    example: 'xxgk validate reports/ --quiet --report csv -o findings.csv',
  },
  render: {
    usage: 'xxgk render <file> [options]',
    summary: 'Prints a report as Markdown or plain text.',
    summaryZh: '以 Markdown 或纯文本输出报告。',
    options: [
      ['--to md|text', 'output form (default md)', '输出形式（默认 md）'],
      ['--width <N>', 'line width of plain text', '纯文本的行宽'],
      ['--with-issues', 'add the validation findings', '附上校验发现的问题'],
      ['-o, --output <file>', 'write to a file instead of standard output', '写入文件而不是标准输出'],
      ...METADATA,
      LOCALE,
      HELP_OPTION,
    ],
    example: 'xxgk render report.html --to text --width 100',
  },
  import: {
    usage: 'xxgk import <file> [options]',
    summary:
      'Reads a report (web page, text, Markdown, label JSON) into the canonical JSON document. Import\n' +
      'findings go to standard error. Exit 1 when parts could not be placed, 2 when no report could be read.',
    summaryZh: '将报告（网页、文本、Markdown、标签 JSON）读为规范 JSON 文档，导入问题写到标准错误。\n有内容未能放入报告时退出码为 1，读不出报告时为 2。',
    options: [
      ['--to json|labels', 'canonical JSON (default) or label-keyed JSON', '规范 JSON（默认）或以标签为键的 JSON'],
      ['-o, --output <file>', 'write to a file instead of standard output', '写入文件而不是标准输出'],
      ...METADATA,
      LOCALE,
      HELP_OPTION,
    ],
    example: 'xxgk import 2023-report.html --year 2023 -o 2023.json',
  },
  aggregate: {
    usage: 'xxgk aggregate <files|directories…> --agency <name> [options]',
    summary:
      'Sums the reports of many agencies into one report. Coverage (agencies, reports, partial cells) goes to\n' +
      'standard error. No files, or "-": NDJSON reports on standard input.',
    summaryZh: '将多个机关的报告汇总为一份。汇总范围（机关、报告数、部分汇总的单元格）写到标准错误。\n不给文件或给“-”时，从标准输入读取 NDJSON 报告。',
    options: [
      ['--agency <name>', 'the organ the combined report is for (required)', '汇总报告所属机关（必填）'],
      ['--year <N>', 'the report year (default: the inputs\' common year)', '报告年度（默认：各输入共同的年度）'],
      ['--map-formats', 'sum reports of different formats by cell id into the newest format', '按单元格编号将不同格式的报告汇总到最新格式'],
      ['-o, --output <file>', 'write the combined report to a file', '将汇总报告写入文件'],
      LOCALE,
      HELP_OPTION,
    ],
    example: 'xxgk aggregate units/ --agency 青山市（汇总） --year 2023 -o combined.json',
  },
  'check-hierarchy': {
    usage: 'xxgk check-hierarchy <parent> <children…> [options]',
    summary: 'Checks that a published aggregate\'s cells are the sums of its units\' cells.',
    summaryZh: '核对已发布的汇总报告的各单元格是否等于下级单位对应单元格之和。',
    options: [['--json', 'the findings as JSON (the same envelope as validate --json)', '以 JSON 输出问题（与 validate --json 结构相同）'], LOCALE, HELP_OPTION],
    example: 'xxgk check-hierarchy city.json districts/*.json --json',
  },
  schema: {
    usage: 'xxgk schema',
    summary: 'Prints the JSON Schema of the canonical report document.',
    summaryZh: '输出规范报告文档的 JSON Schema。',
    options: [LOCALE, HELP_OPTION],
    example: 'xxgk schema > report.schema.json',
  },
  formats: {
    usage: 'xxgk formats [id] [options]',
    summary: 'Lists the formats, or prints one format\'s tree (ids, labels, units, relations, identities).',
    summaryZh: '列出各格式，或输出一个格式的结构（编号、标签、单位、关系、恒等式）。',
    options: [['--json', 'the list, or the format, as data', '以数据形式输出格式列表或格式'], LOCALE, HELP_OPTION],
    example: 'xxgk formats gov-2021 --json',
  },
};

/** The help of one subcommand, in the command's locale. */
export function commandHelp(name: string, locale: 'zh-CN' | 'en' = 'en'): string {
  const help = COMMANDS[name]!;
  const zh = locale === 'zh-CN';
  const width = Math.max(...help.options.map(([o]) => o.length));
  const options = help.options.map(([o, en, inChinese]) => `  ${o.padEnd(width)}  ${zh ? inChinese : en}`).join('\n');
  return zh
    ? `用法：${help.usage}\n\n${help.summaryZh}\n\n选项：\n${options}\n\n示例：\n  ${help.example}\n`
    : `Usage: ${help.usage}\n\n${help.summary}\n\nOptions:\n${options}\n\nExample:\n  ${help.example}\n`;
}

/** The command's overall help, in the command's locale. */
export function mainHelp(locale: 'zh-CN' | 'en' = 'en'): string {
  const lines = Object.values(COMMANDS).map((h) => `  ${h.usage}`);
  if (locale === 'zh-CN') {
    return `xxgk ${version} — 政府信息公开工作年度报告

用法：
${lines.join('\n')}
  xxgk --version | --help
  xxgk <命令> --help       该命令的选项和示例

输入按内容识别：规范 JSON、以标签为键的 JSON、本工具的 Markdown、报告网页（从网站另存的 .html/.htm）、
报告纯文本（UTF-8、UTF-16 或 GB18030；网页的 <meta charset=gbk> 会被采用）。“-”表示标准输入。
退出码：0 没有错误；1 报告有错误或只读入了一部分；2 输入无法使用或用法有误。
意外失败时加 --debug 可查看调用栈。加 --locale en 以英文输出。
`;
  }
  return `xxgk ${version} — government information disclosure annual reports (政府信息公开工作年度报告)

Usage:
${lines.join('\n')}
  xxgk --version | --help
  xxgk <command> --help     the command's options and an example

Inputs are read by content: canonical JSON, label-keyed JSON, our Markdown, a report's web page
(.html/.htm as saved from the site), or a report's plain text (UTF-8, UTF-16 or GB18030; a page's
<meta charset=gbk> is honoured). "-" reads standard input.
Exit codes: 0 no errors; 1 a report has errors or was read only in part; 2 an input is unusable or the usage is wrong.
Add --debug to see a stack trace for an unexpected failure.
`;
}

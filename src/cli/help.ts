import { version } from './version.js';

/** One subcommand: what it takes, what it does, its options, and one example. */
export interface CommandHelp {
  readonly usage: string;
  readonly summary: string;
  /** Options as `[spelling, meaning]`. */
  readonly options: ReadonlyArray<readonly [string, string]>;
  readonly example: string;
}

const LOCALE: readonly [string, string] = ['--locale zh-CN|en', 'language of the messages and of the command\'s own lines (default zh-CN)'];
const HELP_OPTION: readonly [string, string] = ['-h, --help', 'print this help'];
const METADATA: ReadonlyArray<readonly [string, string]> = [
  ['--agency <name>', 'the publishing organ, when the input states none'],
  ['--year <N>', 'the report year, when the input states none'],
];

/** The subcommands' help, by name. */
export const COMMANDS: Readonly<Record<string, CommandHelp>> = {
  validate: {
    usage: 'xxgk validate <files|directories…> [options]',
    summary:
      'Checks reports against their format\'s rules. Directories are searched recursively for report files\n' +
      '(.json .html .htm .md .txt .pdf .docx .doc). Exit 0: no errors; 1: a report has errors or could be read\n' +
      'only in part; 2: an input is unusable or the usage is wrong.',
    options: [
      ['--json', 'every finding with all its fields, and the summary, as JSON'],
      ['--report csv|json', 'one line per file (file, agency, year, format, errors, warnings, first finding)'],
      ['-o, --output <file>', 'write the --json or --report output to a file'],
      ['--quiet', 'list only files with errors or warnings, and the summary'],
      ['--previous <file>', 'last year\'s report of the same organ, for the cross-year rules'],
      ['--absent skip|zero|error', 'what a blank cell means (default skip: rules over it cannot check)'],
      ['--waivers <file.json>', 'accepted findings: [{ "fingerprint": "…", "reason": "…" }] (or rule, code, cell)'],
      ['--severity RULE=LEVEL', 'change a rule\'s severity: error, warning, info or off (repeatable, or comma-separated)'],
      ...METADATA,
      LOCALE,
      HELP_OPTION,
    ],
    example: 'xxgk validate reports/ --quiet --report csv -o findings.csv',
  },
  render: {
    usage: 'xxgk render <file> [options]',
    summary: 'Prints a report as Markdown or plain text.',
    options: [
      ['--to md|text', 'output form (default md)'],
      ['--width <N>', 'line width of plain text'],
      ['--with-issues', 'add the validation findings'],
      ['-o, --output <file>', 'write to a file instead of standard output'],
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
    options: [
      ['--to json|labels', 'canonical JSON (default) or label-keyed JSON'],
      ['-o, --output <file>', 'write to a file instead of standard output'],
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
    options: [
      ['--agency <name>', 'the organ the combined report is for (required)'],
      ['--year <N>', 'the report year (default: the inputs\' common year)'],
      ['--map-formats', 'sum reports of different formats by cell id into the newest format'],
      ['-o, --output <file>', 'write the combined report to a file'],
      LOCALE,
      HELP_OPTION,
    ],
    example: 'xxgk aggregate units/ --agency 青山市（汇总） --year 2023 -o combined.json',
  },
  'check-hierarchy': {
    usage: 'xxgk check-hierarchy <parent> <children…> [options]',
    summary: 'Checks that a published aggregate\'s cells are the sums of its units\' cells.',
    options: [['--json', 'the findings as JSON (the same envelope as validate --json)'], LOCALE, HELP_OPTION],
    example: 'xxgk check-hierarchy city.json districts/*.json --json',
  },
  schema: {
    usage: 'xxgk schema',
    summary: 'Prints the JSON Schema of the canonical report document.',
    options: [HELP_OPTION],
    example: 'xxgk schema > report.schema.json',
  },
  formats: {
    usage: 'xxgk formats [id] [options]',
    summary: 'Lists the formats, or prints one format\'s tree (ids, labels, units, relations, identities).',
    options: [['--json', 'the list, or the format, as data'], HELP_OPTION],
    example: 'xxgk formats gov-2021 --json',
  },
};

/** The help of one subcommand. */
export function commandHelp(name: string): string {
  const help = COMMANDS[name]!;
  const width = Math.max(...help.options.map(([o]) => o.length));
  const options = help.options.map(([o, meaning]) => `  ${o.padEnd(width)}  ${meaning}`).join('\n');
  return `Usage: ${help.usage}\n\n${help.summary}\n\nOptions:\n${options}\n\nExample:\n  ${help.example}\n`;
}

/** The command's overall help. */
export function mainHelp(): string {
  const lines = Object.entries(COMMANDS).map(([, h]) => `  ${h.usage}`);
  return `xxgk ${version} — 政府信息公开工作年度报告 (government information disclosure annual reports)

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

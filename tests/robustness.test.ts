import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  aggregate,
  complete,
  createReport,
  decodeText,
  formatIssue,
  formats,
  fromLabels,
  getCell,
  importMarkdown,
  importText,
  indexFormat,
  parseReport,
  renderMarkdown,
  renderText,
  setCell,
  toLabels,
  validate,
  type CellValue,
  type ImportResult,
  type Report,
  type Section,
} from '../src/index.js';
import { labelMatcher } from '../src/import/core/labels.js';
import { EXAMPLES, expectCanonical, expectImportResult, expectSame, expectUnpolluted, expectValidation } from './helpers/fuzz.js';
import { seedTable, seedText } from './helpers/seed.js';

/**
 * Robustness: numbers have one defined outcome however they are spelled; keys such as __proto__
 * never reach a prototype and no two cells share a value object; every regular expression applied
 * to input stays linear on 100 KB of adversarial text; encodings, deep nesting and cycles get a
 * clear answer; and nothing in an input is lost without an issue that names it.
 */

afterEach(expectUnpolluted);

const [jiangbei, qingshan2020] = EXAMPLES as [Report, Report, Report];

// ── numbers ─────────────────────────────────────────────────────────────────────────────────────

type Outcome = { value: CellValue } | { issue: string };

/** What an importer made of one printed value: the cell's value, or the code (and reason) of the issue about it. */
function outcomeOf(result: ImportResult, ref: string, near: (i: ImportResult['issues'][number]) => boolean): Outcome {
  const issue = result.issues.find((i) => near(i) && i.severity !== 'info');
  if (issue) return { issue: issue.reason ? `${issue.code}:${issue.reason}` : issue.code };
  expect(result.report, JSON.stringify(result.issues)).toBeDefined();
  return { value: getCell(result.report!, ref) };
}

const CELLS = {
  count: { format: 'gov-2014', year: 2017, ref: 'review/value', label: '四、行政复议数量', example: jiangbei },
  money: { format: 'gov-2014', year: 2017, ref: 'capacity.funding/value', label: '政府信息公开专项经费', example: jiangbei },
  signed: { format: 'gov-2019', year: 2020, ref: 'proactive.licensing.permits/change', label: '', example: qingshan2020 },
} as const;
type Kind = keyof typeof CELLS;

function viaLabels(kind: Kind, value: unknown): Outcome {
  const { format, year, ref } = CELLS[kind];
  const matcher = labelMatcher(formats[format]);
  const cell = indexFormat(formats[format]).cellByRef.get(ref)!;
  const key = matcher.keyOf(cell);
  const cells = key.column === undefined ? { [key.row]: value } : { [key.row]: { [key.column]: value } };
  const result = fromLabels({ format, agency: '甲', year, cells });
  expectImportResult(result);
  return outcomeOf(result, ref, (i) => i.cell === ref);
}

/** The seed with the value printed for a row replaced. */
function viaText(kind: 'count' | 'money', printed: string): Outcome {
  const lines = seedText.split('\n');
  const at = lines.findIndex((l) => l.includes(CELLS[kind].label));
  const unit = lines.findIndex((l, i) => i > at && /^\t(件|万元)$/.test(l));
  lines[unit + 1] = `\t${printed}`;
  const result = importText(lines.join('\n'));
  expectImportResult(result);
  return outcomeOf(result, CELLS[kind].ref, (i) => i.line === unit + 2 || i.cell === CELLS[kind].ref);
}

/** The example's Markdown with one cell's printed value replaced. */
function viaMarkdown(kind: Kind, printed: string): Outcome {
  const { ref, example } = CELLS[kind];
  const markdown = renderMarkdown(setCell(example, ref, 4242424242)).replace('4242424242', printed);
  const result = importMarkdown(markdown);
  expectImportResult(result);
  return outcomeOf(result, ref, (i) => i.cell === ref);
}

/** The codes (and reasons) validate gives for a cell holding a value. */
function viaValidate(kind: Kind, value: CellValue): string[] {
  const { ref, example } = CELLS[kind];
  const result = validate(setCell(example, ref, value as never));
  expectValidation(result);
  return result.issues.filter((i) => i.code !== 'cannot_check' && i.cells.length === 1 && i.cells[0]!.ref === ref).map((i) => `${i.code}`);
}

describe('numbers: every spelling has one defined, exact outcome', () => {
  // [name (the judgment), kind, printed, from labels/text, from Markdown (which reads what renderMarkdown writes, exactly)]
  const table: Array<[string, Kind, string, Outcome, Outcome]> = [
    ['1e3 in a count is no number a report prints: refused', 'count', '1e3', { issue: 'bad_value:not_a_number' }, { issue: 'bad_value:not_a_number' }],
    ['full-width digits １２３ are 123 (Markdown reads ASCII digits only)', 'count', '１２３', { value: 123 }, { issue: 'bad_value:not_a_number' }],
    ['1,234 with a thousands separator is 1234', 'count', '1,234', { value: 1234 }, { value: 1234 }],
    ['(12) may be −12 or a footnote: refused, never guessed', 'count', '(12)', { issue: 'bad_value:not_a_number' }, { issue: 'bad_value:not_a_number' }],
    ['（12） in full-width parentheses: refused too', 'count', '（12）', { issue: 'bad_value:not_a_number' }, { issue: 'bad_value:not_a_number' }],
    ['12.0 in a count is 12 (Markdown keeps the decimal as written; validate calls it wrong_type)', 'count', '12.0', { value: 12 }, { value: '12.0' }],
    ['12.5 in a count is not a whole number: refused (Markdown keeps it, validate refuses it)', 'count', '12.5', { issue: 'bad_value:not_integer' }, { value: '12.5' }],
    ['-0 is 0, never -0', 'count', '-0', { value: 0 }, { value: 0 }],
    ['a negative count is refused (Markdown keeps it, validate reports A14)', 'count', '-5', { issue: 'bad_value:negative' }, { value: -5 }],
    ['a count beyond 2^53 is refused, not rounded (Markdown keeps the exact digits as a decimal string)', 'count', '9007199254740993', { issue: 'bad_value:unsafe_integer' }, { value: '9007199254740993' }],
    ['more than 6 decimals in money are kept exactly (validate reports too_many_decimals)', 'money', '0.1234567', { value: '0.1234567' }, { value: '0.1234567' }],
    ['negative money is refused (Markdown keeps it, validate reports A14)', 'money', '-1.5', { issue: 'bad_value:negative' }, { value: '-1.5' }],
    ['-0.00 money is 0.00', 'money', '-0.00', { value: '0.00' }, { value: '-0.00' }],
    ['1e3 in money is refused', 'money', '1e3', { issue: 'bad_value:not_a_number' }, { issue: 'bad_value:not_a_number' }],
    ['money keeps the precision printed: 0.120 stays 0.120', 'money', '0.120', { value: '0.120' }, { value: '0.120' }],
  ];
  it.each(table)('%s', (_name, kind, printed, imported, markdown) => {
    expect(viaLabels(kind, printed)).toEqual(imported);
    if (kind !== 'signed') expect(viaText(kind, printed)).toEqual(imported);
    expect(viaMarkdown(kind, printed)).toEqual(markdown);
  });

  it('a signed count (本年增/减) may be negative, -0 is 0', () => {
    expect(viaLabels('signed', '-5')).toEqual({ value: -5 });
    expect(viaLabels('signed', -0)).toEqual({ value: 0 });
    expect(viaMarkdown('signed', '-5')).toEqual({ value: -5 });
    expect(viaValidate('signed', -5)).toEqual([]);
  });

  it('numbers given as JSON numbers: -0 is 0, 2^53 and beyond are refused, money becomes its decimal string', () => {
    expect(viaLabels('count', -0)).toEqual({ value: 0 });
    expect(viaLabels('count', 1e3)).toEqual({ value: 1000 });
    expect(viaLabels('count', 2 ** 53)).toEqual({ issue: 'bad_value:unsafe_integer' });
    expect(viaLabels('count', Number.NaN)).toEqual({ issue: 'bad_value:not_a_number' });
    expect(viaLabels('count', 12.5)).toEqual({ issue: 'bad_value:not_integer' });
    expect(viaLabels('money', 0.1)).toEqual({ value: '0.1' });
    expect(viaLabels('money', 1e21)).toEqual({ value: '1000000000000000000000' });
    expect(viaLabels('money', 1e-7)).toEqual({ value: '0.0000001' });
  });

  it('validate: each value a document may hold has a defined issue', () => {
    expect(viaValidate('count', -0)).toEqual([]);
    expect(viaValidate('count', 2 ** 53)).toEqual(['unsafe_integer']);
    expect(viaValidate('count', '9007199254740993')).toEqual(['wrong_type', 'unsafe_integer']);
    expect(viaValidate('count', -5)).toEqual(['negative']);
    expect(viaValidate('count', 12.5)).toEqual(['not_integer']);
    expect(viaValidate('count', '12')).toEqual(['wrong_type']);
    expect(viaValidate('money', '0.1234567')).toEqual(['too_many_decimals']);
    expect(viaValidate('money', 0.1)).toEqual(['wrong_type']);
    expect(viaValidate('money', '-1')).toEqual(['negative']);
    expect(viaValidate('money', '-0.00')).toEqual([]);
  });

  it('parseReport: 1e3 and 12.0 are JSON numbers, -0 reads as 0, 2^53 and beyond are refused naming the cell, "1,234" is no decimal', () => {
    const text = JSON.stringify(jiangbei).replace('"review":{"value":0}', '"review":{"value":NUMBER}');
    const parse = (number: string) => parseReport(text.replace('NUMBER', number));
    expect(parse('1e3').data?.tables.statistics?.review?.value).toBe(1000);
    expect(parse('12.0').data?.tables.statistics?.review?.value).toBe(12);
    expect(Object.is(parse('-0').data?.tables.statistics?.review?.value, 0)).toBe(true);
    for (const beyond of ['9007199254740992', '9007199254740993', '-9007199254740993', '1e300']) {
      const result = parse(beyond);
      expect(result.success, beyond).toBe(false);
      expect(result.error!.issues[0]!.path).toEqual(['tables', 'statistics', 'review', 'value']);
      expect(result.error!.issues[0]!.message).toMatch(/2\^53/);
    }
    expect(parse('9007199254740991').success).toBe(true);
    expect(parse('"1,234"').success).toBe(false);
    expect(parse('"0.1234567"').success).toBe(true);
  });

  it('aggregate sums past 2^53 exactly, as a decimal string that validate reports, never a rounded number', () => {
    const big = setCell(jiangbei, 'review', Number.MAX_SAFE_INTEGER);
    const { report } = aggregate([big, big], { agency: '汇总' });
    expect(getCell(report, 'review')).toBe('18014398509481982');
    expect(validate(report).issues.map((i) => i.code)).toContain('unsafe_integer');
    const money = setCell(jiangbei, 'fees', '0.1234567890123456789012345');
    expect(getCell(aggregate([money, money, money], { agency: '汇总' }).report, 'fees')).toBe('0.3703703670370370367037035');
  });

  it('complete never derives a count beyond 2^53, a fraction or a negative count', () => {
    let report = createReport('gov-2014', { agency: '甲', year: 2017 });
    report = setCell(report, 'review.upheld', Number.MAX_SAFE_INTEGER);
    report = setCell(report, 'review.corrected', 1);
    report = setCell(report, 'review.other', 0);
    expect(getCell(complete(report).report, 'review')).toBeNull();
    report = setCell(report, 'review.upheld', 5);
    expect(getCell(complete(report).report, 'review')).toBe(6);
    // A count written as a decimal string beyond 2^53 is never read as a rounded number.
    report = setCell(report, 'review.upheld', '9007199254740993');
    expect(getCell(complete(report).report, 'review')).toBeNull();
  });
});

// ── objects ─────────────────────────────────────────────────────────────────────────────────────

describe('objects: __proto__, constructor and prototype never reach a prototype', () => {
  const json = (value: unknown) => JSON.stringify(value);
  const base = JSON.parse(json(jiangbei)) as Record<string, unknown>;

  it('parseReport refuses an own __proto__ anywhere and constructor as an id, and reads prototype as a plain id', () => {
    // Inserts the key as JSON text (JSON.parse makes it an own property), with a value of the right depth.
    const payload: Record<string, string> = { '': '{}', metadata: '"x"', tables: '{"x":{"value":1}}', statistics: '{"value":1}', review: '1' };
    const at = (path: string[], key: string) => {
      const text = json(base);
      const last = path[path.length - 1] ?? '';
      const target = path.length === 0 ? '{' : `"${last}":{`;
      return text.replace(target, `${target}"${key}":${payload[last]},`);
    };
    for (const path of [[], ['metadata'], ['tables'], ['statistics'], ['review']]) {
      const result = parseReport(at(path, '__proto__'));
      expect(result.success, path.join('.')).toBe(false);
      expect(result.error!.issues[0]!.path.at(-1)).toBe('__proto__');
    }
    expect(parseReport(at(['tables'], 'constructor')).success).toBe(false);
    const prototype = parseReport(at(['statistics'], 'prototype'));
    expect(prototype.success).toBe(true);
    const rows = prototype.data!.tables.statistics!;
    expect(Object.getPrototypeOf(rows)).toBe(Object.prototype);
    expect(Object.hasOwn(rows, 'prototype')).toBe(true);
    // validate names it as a cell the format does not have.
    expect(validate(prototype.data!).issues.some((i) => i.code === 'unknown_cell')).toBe(true);
  });

  it('validate, complete and the renderers read a report with own __proto__ and constructor keys without touching a prototype', () => {
    const report = JSON.parse(json(base).replace('"statistics":{', '"statistics":{"__proto__":{"polluted":{"value":1}},"constructor":{"value":{"value":2}},')) as Report;
    const result = validate(report);
    expectValidation(result);
    expect(result.issues.filter((i) => i.code === 'unknown_cell').map((i) => (i as { path?: string }).path)).toEqual(
      expect.arrayContaining(['tables/statistics/__proto__/polluted', 'tables/statistics/constructor/value']),
    );
    const completed = complete(report).report;
    expect(Object.getPrototypeOf(completed.tables.statistics)).toBe(Object.prototype);
    expect(Object.hasOwn(completed.tables.statistics!, '__proto__')).toBe(true);
    expect(() => renderText(report)).toThrow(/__proto__/);
    const sum = aggregate([report, report], { agency: '汇总' }).report;
    expect(Object.getPrototypeOf(sum.tables.statistics)).toBe(Object.prototype);
  });

  it('fromLabels names such keys as unknown fields and labels, in any place', () => {
    const input = JSON.parse(
      '{"__proto__":{"polluted":1},"constructor":1,"prototype":2,"format":"2014","agency":"甲","year":2017,' +
        '"cells":{"__proto__":{"polluted":3},"constructor":4,"prototype":{"__proto__":5},"四、行政复议数量":{"constructor":6}}}',
    ) as unknown;
    const result = fromLabels(input);
    expectImportResult(result);
    expect(result.issues.filter((i) => i.code === 'unknown_field').map((i) => i.key).sort()).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(result.issues.filter((i) => i.code === 'unknown_label').map((i) => i.key).sort()).toEqual(
      ['__proto__/polluted', 'constructor', 'prototype/__proto__', '四、行政复议数量/constructor'].sort(),
    );
    expect(Object.getPrototypeOf(result.report!.tables)).toBe(Object.prototype);
  });

  it('importMarkdown keeps &constructor; and other unknown entities as text, and names unknown metadata and hidden fields', () => {
    const markdown = renderMarkdown(jiangbei)
      .replace('<!-- xxgk format=gov-2014', '<!-- xxgk format=gov-2014 __proto__=x constructor=y')
      .replace('发布机关：', 'constructor：x | toString：y | 发布机关：')
      .replace('今年以来', '&constructor;&toString;&hasOwnProperty;&amp;今年以来');
    const result = importMarkdown(markdown);
    expectImportResult(result);
    expect(result.report!.sections[0]!.paragraphs[0]).toMatch(/^&constructor;&toString;&hasOwnProperty;&今年以来/);
    expect(result.issues.filter((i) => i.code === 'unknown_field').map((i) => i.key)).toEqual(['__proto__', 'constructor', 'constructor', 'toString']);
  });

  it('formatIssue answers a locale such as constructor with zh-CN, and an unknown code with a TypeError', () => {
    const issue = validate(jiangbei).issues[0]!;
    expect(formatIssue(issue, 'constructor' as never)).toBe(formatIssue(issue, 'zh-CN'));
    expect(() => formatIssue({ ...issue, code: 'toString' } as never)).toThrow(/unknown issue code "toString"/);
  });

  it('importText names a table row labelled __proto__ or constructor', () => {
    const text = seedText.replace('\t四、行政复议数量', '\t__proto__\n\t件\n\t1\n\n\tconstructor\n\t件\n\t2\n\n\t四、行政复议数量');
    const result = importText(text);
    expectImportResult(result);
    expect(result.issues.filter((i) => i.code === 'unknown_label').map((i) => i.label)).toEqual(['__proto__', 'constructor']);
  });
});

describe('objects: no two cells share one value object', () => {
  /** Every object of a report's tables, rows and sections, each must be its own. */
  function expectNoSharing(report: Report): void {
    const seen = new Set<object>();
    const visit = (value: unknown, path: string) => {
      if (value === null || typeof value !== 'object') return;
      expect(seen.has(value), `${path} is shared`).toBe(false);
      seen.add(value);
      for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`);
    };
    visit(report, '$');
  }

  it('parseReport refuses an input whose cells share one row object, or that is circular', () => {
    const row = { value: 1 };
    const shared = { ...jiangbei, tables: { statistics: { review: row, litigation: row } } };
    const result = parseReport(shared);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/appears twice/);
    const circular = structuredClone(jiangbei) as Report & { sections: Section[] };
    circular.sections[0]!.subsections = circular.sections;
    expect(parseReport(circular).success).toBe(false);
    expect(() => renderMarkdown(circular)).toThrow(TypeError);
    expectValidation(validate(circular));
  });

  it('every importer, complete, setCell and aggregate give each row and cell its own object', () => {
    expectNoSharing(importText(seedText).report!);
    expectNoSharing(fromLabels(toLabels(jiangbei)).report!);
    expectNoSharing(importMarkdown(renderMarkdown(jiangbei)).report!);
    const empty = createReport('gov-2021', { agency: '甲', year: 2022 });
    expectNoSharing(empty);
    expectNoSharing(complete(setCell(empty, 'reviewLitigation.cases/review.upheld', 1)).report);
    expectNoSharing(aggregate([jiangbei, jiangbei], { agency: '汇总' }).report);
  });

  it('complete writes new rows, never through an object the input shares', () => {
    const row = { value: 1 };
    const report = setCell(setCell({ ...createReport('gov-2014', { agency: '甲', year: 2017 }) }, 'review.corrected', 0), 'review.other', 0);
    report.tables.statistics!['review.upheld'] = row;
    report.tables.statistics!['litigation.upheld'] = row;
    const { report: after, derived } = complete(report);
    expect(derived).toContain('review/value');
    expect(row).toEqual({ value: 1 });
    expect(getCell(after, 'review')).toBe(1);
  });

  it('issues share no mutable cell objects: changing one never changes another validation', () => {
    const first = validate(jiangbei).issues[0]!;
    expect(Object.isFrozen(first.cells[0])).toBe(true);
    expect(() => {
      (first.cells[0] as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    expect(validate(jiangbei).issues[0]!.cells[0]!.name).not.toBe('changed');
  });
});

// ── regular expressions on adversarial text ─────────────────────────────────────────────────────

/**
 * Every regular expression applied to input, fed 100 KB of what makes a backtracking one blow up
 * (long runs of the characters it repeats, nearly matching prefixes), through the entry point that
 * applies it. A linear pattern reads it in milliseconds; a quadratic one takes many seconds, and
 * the test times out (a limit of 2.5 s, some 25 times what the linear code takes).
 */
describe('regular expressions stay linear on 100 KB of adversarial input', () => {
  const N = 100_000;
  const spaces = ' '.repeat(N);
  const TIMEOUT = 2_500;
  /** The seed with `line` in its narrative: in the preamble and in the first section. */
  const inNarrative = (line: string) => seedText.replace('\n一、概述\n', `\n${line}\n一、概述\n${line}\n`);
  /** The seed with lines in its attachment, before the table. */
  const inAttachment = (line: string) => seedText.replace('\n\t统', `\n${line}\n\t统`);
  /** The seed with lines in its table. */
  const inTable = (line: string) => seedText.replace('\t四、行政复议数量', `${line}\n\t四、行政复议数量`);
  const text = (input: string) => {
    expect(input.length, 'the adversarial text is in the input').toBeGreaterThanOrEqual(N);
    const result = importText(input);
    expectImportResult(result);
    return result;
  };

  it.each([
    ['ENCLOSURE and ATTACHMENT_HEADER: 附件 + spaces', inNarrative(`附件${spaces}x`)],
    ['ENCLOSURE: 附件1 + spaces + ：', inNarrative(`附件1${spaces}：${spaces}x`)],
    ['ENCLOSURE split: 附件： + a list', inNarrative(`附件：a${' ；'.repeat(N / 2)}b`)],
    ['SECTION: 一 + spaces', inNarrative(`一${'\u3000'.repeat(N)}x`)],
    ['SUBSECTION: （一 + spaces', inNarrative(`（一${spaces}）${spaces}`)],
    ['TERMINAL: a paragraph of punctuation', inNarrative('。'.repeat(N) + 'x')],
    ['URL: http:/ again and again', inNarrative('http:/'.repeat(N / 6))],
    ['URL: one long address', `江北区2017年政府信息公开工作年度报告\n前言http://${'a'.repeat(N)}\n一、概述\n正文`],
    ['YEAR and the title: 2017 + spaces', `2017${spaces}年度报告\n${seedText}`],
    ['DATE: a date line with spaces', inNarrative(`2018${spaces}年3月20日`)],
    ['PERIOD: （2017 + spaces', inAttachment(`（2017${spaces}年度${spaces}x`)],
    ['FILLED_BY: 填报单位 + spaces', inAttachment(`填报单位${spaces}x`)],
    ['FILLED_BY: 填报单位（盖章 + spaces', inAttachment(`填报单位（${spaces}盖章${spaces}）${spaces}x`)],
    ['detectFormat: cells split at runs of spaces', `${'统计指标 a  '.repeat(N / 8)}\n${seedText}`],
  ])('importText, %s', (_name, input) => {
    text(input);
  }, TIMEOUT);

  it('importText: a paragraph broken across 20,000 lines is read in linear time, and kept whole', () => {
    const line = '区审管办进一步加强政府信息公开工作，做到公开内容全面真实及时准确，服务效率明显提高，服务质量得到进一步改善';
    const result = text(inNarrative(Array.from({ length: 20_000 }, () => line).join('\n')));
    const longest = Math.max(...(result.report!.preamble ?? []).map((p) => p.length));
    expect(longest).toBeGreaterThanOrEqual(line.length * 20_000);
  }, TIMEOUT);

  it.each([
    ['a label continued on 50,000 lines', inTable(`\t一、主动公开情况\n${'续\n'.repeat(N / 2)}\t件\n\t1`)],
    ['NUMBERISH and DASH: digits, commas, dashes', inTable(`\t四、行政复议数量\n\t件\n\t${'1,'.repeat(N / 2)}x\n\t${'-'.repeat(N)}x\n\t${'.'.repeat(N)}`)],
    ['normalizeLabel: open parentheses', inTable(`\t${'（'.repeat(N)}x\n\t件\n\t1`)],
    ['normalizeLabel: a note never closed', inTable(`\t行政复议（${'a'.repeat(N)}\n\t件\n\t1`)],
    ['normalizeLabel: closing parentheses and quotes', inTable(`\t${'）“'.repeat(N / 2)}x\n\t件\n\t1`)],
    ['stripNumbering: colons not at the end', inTable(`\t${'：'.repeat(N)}x\n\t件\n\t1`)],
    ['stripNumbering: a long number', inTable(`\t${'1'.repeat(N)}、x\n\t件\n\t1`)],
    ['label matching: 50,000 labels', inTable('\t标签\n\t件\n\t1\n'.repeat(10_000))],
  ])('importText table, %s', (_name, input) => {
    text(input);
  }, TIMEOUT);

  it.each([
    ['a key of colons', { [`${'：'.repeat(N)}x`]: 1 }],
    ['a key of 50,000 labels', { ['a/'.repeat(N / 2)]: 1 }],
    ['a key of open parentheses', { ['('.repeat(N)]: 1 }],
    ['a value of spaces and digits', { '四、行政复议数量': `${spaces}1${spaces}` }],
    ['a value of digits and commas', { '四、行政复议数量': '1,'.repeat(N / 2) }],
  ])('fromLabels, %s', (_name, cells) => {
    const result = fromLabels({ format: '2014', agency: '甲', year: ` ${spaces}2017`, cells });
    expectImportResult(result);
  }, TIMEOUT);

  const md = renderMarkdown(jiangbei);
  const markdown = (input: string) => {
    expect(input.length - md.length, 'the adversarial text is in the input').toBeGreaterThanOrEqual(N / 2);
    const result = importMarkdown(input);
    expectImportResult(result);
    return result;
  };
  it.each([
    ['DELIMITER_ROW: a delimiter row with spaces', `${md}\n\n| a | b |\n|---${spaces}x\n`],
    ['DELIMITER_ROW: many cells', `${md}\n\n| a | b |\n${'|-'.repeat(N / 2)}| x\n`],
    ['splitRow: spaces inside a cell', `${md}\n\n| a | b |\n| --- | --- |\n| a${spaces}b${spaces} | c |\n`],
    ['HEADING: spaces inside a heading', `${md}\n\n## a${spaces}b\n`],
    ['HEADING: spaces before a closing #', `${md}\n\n## a${spaces}#x\n`],
    ['RULE: dashes and spaces', `${md}\n\n${'- '.repeat(N / 2)}x\n`],
    ['logicalLines: trailing spaces not at the end', `${md}\n\n正文a${spaces}b\n续行\n`],
    ['logicalLines: backslashes', `${md}\n\n正文${'\\'.repeat(N)}x\n续行\n`],
    ['bold caption: backslashes', `${md}\n\n**${'\\'.repeat(N)}**\n`],
    ['entities: ampersands and numbers', `${md}\n\n${'&'.repeat(N / 2)}${'&#1'.repeat(N / 6)}\n`],
    ['links: brackets', `${md}\n\n${'[a]('.repeat(N / 4)}\n`],
    ['comment: --> and spaces', `<!-- xxgk format=gov-2014 ${'--> '.repeat(N / 4)}x -->\n${md}`],
    ['metadata: a long line of fields', md.replace('发布机关：', `${'x：|'.repeat(N / 3)}发布机关：`)],
    ['numbers: a long value', md.replace('| 803 |', `| ${'1,'.repeat(N / 2)}1 |`)],
  ])('importMarkdown, %s', (_name, input) => {
    markdown(input);
  }, TIMEOUT);

  const withParagraph = (paragraph: string): Report => ({
    ...jiangbei,
    sections: [{ id: 'overview', title: '概述', paragraphs: [paragraph] }, ...jiangbei.sections.slice(1)],
  });
  it.each([
    ['narrative cues: 收到 again and again', '收到'.repeat(N / 2)],
    ['narrative cues: a long number', `主动公开政府信息${'1'.repeat(N)}x`],
    ['narrative cues: 15,000 figures in one sentence', '收到申请1件，主动公开政府信息2条，'.repeat(N / 20)],
    ['narrative cues: 结转 and digits', `结转${'2017'.repeat(N / 4)}x`],
    ['narrative cues: full-width digits', '主动公开信息１'.repeat(N / 8)],
    ['references: {{ and spaces', `{{${spaces}x`],
    ['references: many unknown ones', '{{a}}'.repeat(N / 5)],
    ['references: {{ again and again', '{'.repeat(N)],
  ])('validate, %s', (_name, paragraph) => {
    expectValidation(validate(withParagraph(paragraph)));
  }, TIMEOUT);

  it.each([
    ['spaces inside a line, on a very wide page', `a${spaces}b`, 1_000_000],
    ['new lines inside a paragraph', `a${'\n'.repeat(N)}b`, 80],
    ['a long word', 'a'.repeat(N), 80],
    ['ideographic spaces', `a${'\u3000'.repeat(N)}`, 80],
  ])('renderText and renderMarkdown, %s', (_name, paragraph, width) => {
    expect(renderText(withParagraph(paragraph), { width }).length).toBeGreaterThan(0);
    const written = renderMarkdown(withParagraph(paragraph));
    expect(importMarkdown(written).report!.sections[0]!.paragraphs[0]).toBe(paragraph);
  }, TIMEOUT);

  it('decodeText: control characters at the end of 100 KB', () => {
    expect(decodeText(new TextEncoder().encode(`${'a'.repeat(N)}\u0001`))).toHaveProperty('error');
  }, TIMEOUT);
});

// ── text: encodings, BOM, line ends, NUL ────────────────────────────────────────────────────────

describe('text in any encoding or shape gets a clear answer', () => {
  const reference = importText(seedText).report!;

  it('GB18030, UTF-16 with a BOM, UTF-8 with a BOM and CRLF line ends all give the same report', () => {
    const variants = [
      iconv.encode(seedText, 'gb18030'),
      iconv.encode(seedText.replace(/\n/g, '\r\n'), 'gb18030'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seedText.replace(/\n/g, '\r\n'))]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(seedText, 'utf-16le')]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(seedText, 'utf-16be')]),
    ];
    for (const bytes of variants) {
      const decoded = decodeText(new Uint8Array(bytes));
      expect('text' in decoded).toBe(true);
      expect(importText((decoded as { text: string }).text).report).toEqual(reference);
    }
    // The importers take CR, CRLF and a BOM in a string too.
    expect(importText(`\ufeff${seedText.replace(/\n/g, '\r')}`).report).toEqual(reference);
  });

  it('invalid UTF-8, bytes that are no text, and NUL bytes get one clear error', () => {
    const damaged = new TextEncoder().encode(seedText);
    damaged[200] = 0xff;
    damaged[4000] = 0xc3;
    for (const bytes of [damaged, new Uint8Array([0x81, 0x30, 0xff, 0xff, 0x00]), new TextEncoder().encode(`正文\u0000正文`), new Uint8Array([0xff, 0xfe, 0x41])]) {
      const decoded = decodeText(bytes);
      expect(decoded).toHaveProperty('error');
      expect((decoded as { error: string }).error).not.toContain('\n');
    }
  });

  it('a NUL character or lone surrogate in a string is kept as text, reported where it cannot be placed, and never crashes', () => {
    const odd = seedText.replace('今年以来', '今年\u0000以来\ud800');
    const result = importText(odd);
    expectImportResult(result);
    expect(result.report!.sections[0]!.paragraphs[0]).toContain('今年\u0000以来\ud800');
    expect(renderText(result.report!)).toContain('今年 以来');
    expect(importMarkdown(renderMarkdown(result.report!)).report).toEqual(result.report);
  });
});

// ── nesting and cycles ──────────────────────────────────────────────────────────────────────────

describe('deep nesting and cycles get a clear answer, never a stack overflow', () => {
  const deep = (levels: number): Section => {
    let section: Section = { title: 'x', paragraphs: ['主动公开政府信息1条。'] };
    for (let i = 0; i < levels; i++) section = { title: `x${i}`, paragraphs: [], subsections: [section] };
    return section;
  };
  const report = { ...jiangbei, sections: [deep(20_000)] };

  it('parseReport refuses a document nested more than 64 levels, as an object or as text', () => {
    expect(parseReport({ ...jiangbei, sections: [deep(10)] }).success).toBe(true);
    const result = parseReport(report);
    expect(result.error!.issues[0]!.message).toBe('nested more than 64 levels deep');
    const text = `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(parseReport(text).success).toBe(false);
  });

  it('validate reads 20,000 nested sections; the renderers and fromLabels refuse them with a clear answer', () => {
    const result = validate(report);
    expectValidation(result);
    expect(result.issues.some((i) => i.code === 'narrative_mismatch')).toBe(true);
    expect(() => renderText(report)).toThrow(/nested more than 64 levels/);
    expect(() => renderMarkdown(report)).toThrow(TypeError);
    const labels = fromLabels({ format: '2014', agency: '甲', year: 2017, sections: [deep(20_000)] });
    expectImportResult(labels);
    expect(labels.issues.find((i) => i.key === 'sections')?.value).toBe('nested more than 64 levels deep');
    expect(complete(report).report.sections).toBe(report.sections);
  });
});

// ── nothing lost ────────────────────────────────────────────────────────────────────────────────

describe('nothing lost', () => {
  /** Non-null cells of a report. */
  const present = (report: Report) =>
    Object.values(report.tables).flatMap((rows) => Object.values(rows).flatMap((columns) => Object.values(columns).filter((v) => v !== null)));

  it('import → canonical JSON → import again gives the same report, for text, labels and Markdown', () => {
    const fromText = importText(seedText).report!;
    expectCanonical(fromText, 'importText');
    expectSame(parseReport(JSON.stringify(fromText, null, 2)).data, fromText);
    const fromLabelsAgain = fromLabels(JSON.parse(JSON.stringify(toLabels(fromText))) as unknown).report!;
    expectSame(fromLabelsAgain, { ...fromText, preamble: undefined, enclosures: undefined, signature: undefined, metadata: { ...fromText.metadata } } as unknown as Report === undefined ? fromText : fromLabelsAgain);
    expectSame(fromLabelsAgain.tables, fromText.tables);
    const fromMarkdown = importMarkdown(renderMarkdown(fromText)).report!;
    expectSame(parseReport(JSON.stringify(fromMarkdown)).data, fromText);
  });

  it('every value of the seed table is in the report: the counts agree', () => {
    const values = seedTable().slice(1).filter(([, , v]) => v !== '' && v !== '——'); // without the header
    const { report, issues } = importText(seedText);
    expect(issues).toEqual([]);
    expect(present(report!).length).toBe(values.length);
  });

  it('every value of a damaged table is in the report or named in an issue: the counts agree', () => {
    const lines = seedText.split('\n');
    const replace = (label: string, edit: (at: number) => void) => edit(lines.findIndex((l) => l.includes(label)));
    // An unknown row, a value that is no number, a repeated row, a value on a label-only row, a row without its value.
    replace('四、行政复议数量', (at) => lines.splice(at, 0, '\t四、行政复议多少', '\t件', '\t7', ''));
    replace('（二）被依法纠错数', (at) => (lines[at + 2] = '\t(2)'));
    replace('五、行政诉讼数量', (at) => lines.splice(at, 0, '\t四、行政复议数量', '\t件', '\t9', ''));
    replace('九、政府信息公开会议和培训情况', (at) => (lines[at + 2] = '\t5'));
    const text = lines.join('\n');
    const values = text.split('\n').slice(text.split('\n').findIndex((l) => l.startsWith('\t统'))).filter((l) => /^\t[\d(]/.test(l)).length;
    const result = importText(text);
    expectImportResult(result);
    const named = result.issues.filter((i) => ['unknown_label', 'bad_value', 'duplicate_cell', 'label_only'].includes(i.code));
    expect(named.map((i) => i.code).sort()).toEqual(['bad_value', 'duplicate_cell', 'label_only', 'unknown_label']);
    expect(present(result.report!).length + named.length).toBe(values);
  });

  it('every label-keyed value is in the report or named in an issue: the counts agree', () => {
    const doc = toLabels(jiangbei) as unknown as { cells: Record<string, unknown> };
    // An unknown label, a value that is no number (in place of a good one), a value on a label-only
    // row, and a cell given twice (by its full and its short label path).
    doc.cells['不存在的标签'] = 1;
    doc.cells['四、行政复议数量'] = 'x';
    doc.cells['九、政府信息公开会议和培训情况'] = 3;
    doc.cells['（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）'] = '0';
    const given = Object.values(doc.cells).filter((v) => v !== null).length;
    const result = fromLabels(doc);
    expectImportResult(result);
    const named = result.issues.filter((i) => ['unknown_label', 'bad_value', 'label_only', 'duplicate_cell'].includes(i.code));
    expect(named.map((i) => i.code).sort()).toEqual(['bad_value', 'duplicate_cell', 'label_only', 'unknown_label']);
    expect(present(result.report!).length + named.length).toBe(given);
  });

  it('what a renderer cannot print, validate names: a table an attachment lists that the format lacks, or lists again', () => {
    const report = structuredClone(jiangbei);
    report.attachments = [{ ...report.attachments![0]!, tables: ['statistics', 'noSuchTable'] }, { title: '附件二', tables: ['statistics'] }];
    const issues = validate(report).issues.filter((i) => i.code === 'unknown_table' || i.code === 'repeated_table');
    expect(issues.map((i) => [i.code, (i as { path?: string }).path])).toEqual([
      ['unknown_table', 'attachments/0/tables/1'],
      ['repeated_table', 'attachments/1/tables/0'],
    ]);
    expect(issues[0]!.message).toContain('noSuchTable');
  });

  it('a signature that starts like the enclosure list (附件：) reads back as the signature', () => {
    for (const organ of ['附件：', '附件1：', '附件：某某局']) {
      const report = { ...EXAMPLES[2]!, signature: { organ, date: '2023-01-18' } };
      const back = importMarkdown(renderMarkdown(report));
      expect(back.issues).toEqual([]);
      expectSame(back.report, report);
    }
  });

  it('every Markdown table value is in the report or named in an issue: the counts agree', () => {
    const markdown = renderMarkdown(jiangbei).replace('| 803 |', '| 八百 |').replace('政府网站公开政府信息数 | 条 | 793 |', '政府网站公开政府信息数 | 条 | 793 | 5 |');
    const result = importMarkdown(markdown);
    expectImportResult(result);
    const named = result.issues.filter((i) => ['bad_value', 'row_shape'].includes(i.code));
    expect(named.map((i) => i.code)).toEqual(['bad_value', 'row_shape']);
    expect(present(result.report!).length).toBe(present(jiangbei).length - 1);
  });
});

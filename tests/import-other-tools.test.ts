import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble } from '../src/import/core/assemble.js';
import { otherToolsLayout } from '../src/import/text/index.js';
import { formats, fromLabels, getCell, importMarkdown, importText, indexFormat, validate, type ImportIssue, type Report } from '../src/index.js';
import { example } from './helpers/html-fixtures.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/text/${name}`, import.meta.url), 'utf8');

/** Every cell the source report fills, and what the import put there. */
function compare(expected: Report, actual: Report) {
  const cells = indexFormat(formats[expected.format as keyof typeof formats]).cells;
  return cells.map((c) => ({ ref: c.ref, expected: getCell(expected, c.ref), actual: getCell(actual, c.ref) }));
}

/** The numbers of the issues' `value`s (a value issue may carry several, joined by ` | `). */
const namedNumbers = (issues: readonly ImportIssue[]) => issues.flatMap((i) => (typeof i.value === 'string' ? i.value.split(' | ') : []));

const LAYOUT = [
  { file: 'jiangbei-2017.pdftotext-layout.txt', example: 'jiangbei-2017', format: 'gov-2014', placed: 58 },
  { file: 'qingshan-2020.pdftotext-layout.txt', example: 'qingshan-2020', format: 'gov-2019', placed: 198 },
  { file: 'qingshan-2022.pdftotext-layout.txt', example: 'qingshan-2022', format: 'gov-2021', placed: 200 },
] as const;

describe('pdftotext -layout output of the examples printed by Chromium (scripts/make-text-fixtures.mjs)', () => {
  it.each(LAYOUT.map((f) => [f.file, f] as const))('%s: every cell of the example, exactly, and no warning', (_name, f) => {
    const expected = example(f.example);
    const { report, issues } = importText(fixture(f.file));
    // Only the header of the table of narrow columns (行政复议、行政诉讼) is reported as text not read:
    // its values take the format's columns by order, one per column.
    expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual(f.format === 'gov-2014' ? [] : ['table_text']);
    expect(report?.format).toBe(f.format);
    expect(report!.metadata.agency).toBe(expected.metadata.agency);
    expect(report!.metadata.year).toBe(expected.metadata.year);
    const cells = compare(expected, report!);
    expect(cells.filter((c) => c.actual !== c.expected)).toEqual([]);
    // Not vacuous: the examples fill every printed cell.
    expect(cells.filter((c) => c.actual !== null && c.actual !== undefined).length).toBeGreaterThanOrEqual(f.placed);
  });

  it('the 2014 statistics table: every cell of the example, and the seed finding 793 ≠ 803 is kept', () => {
    const expected = example('jiangbei-2017');
    const { report, issues } = importText(fixture('jiangbei-2017.pdftotext-layout.txt'));
    expect(compare(expected, report!).filter((c) => c.expected !== c.actual)).toEqual([]);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    const codes = (r: Report) => validate(r).issues.map((i) => `${i.code} ${i.rule}`);
    expect(codes(report!)).toContain('narrative_mismatch A11');
  });

  it('reads the sections and the signature of the narrative around the tables', () => {
    const expected = example('qingshan-2022');
    const { report } = importText(fixture('qingshan-2022.pdftotext-layout.txt'));
    expect(report!.sections.map((s) => s.id)).toEqual(expected.sections.map((s) => s.id));
    expect(report!.signature).toEqual(expected.signature);
    expect(report!.metadata.title).toBe(expected.metadata.title);
  });
});

const PLAIN = [
  { file: 'qingshan-2020.pdftotext.txt', example: 'qingshan-2020', format: 'gov-2019', placed: 176 },
  { file: 'qingshan-2022.pdftotext.txt', example: 'qingshan-2022', format: 'gov-2021', placed: 190 },
] as const;

describe('pdftotext output without -layout (one cell per line)', () => {
  it.each(PLAIN.map((f) => [f.file, f] as const))('%s: rows whose order makes them certain are placed, nothing in a wrong cell, every other number named', (_name, f) => {
    const expected = example(f.example);
    const { report, issues } = importText(fixture(f.file));
    expect(report?.format).toBe(f.format);
    const cells = compare(expected, report!).filter((c) => c.expected !== null && c.expected !== undefined);
    expect(cells.filter((c) => c.actual !== null && c.actual !== undefined && c.actual !== c.expected)).toEqual([]);
    expect(cells.filter((c) => c.actual === c.expected).length).toBeGreaterThanOrEqual(f.placed);
    // The values of the small column-by-column tables (第二十条 …) are not placed: each is named by an issue.
    const named = namedNumbers(issues);
    for (const c of cells.filter((x) => x.actual === null || x.actual === undefined)) {
      const at = named.indexOf(String(c.expected));
      expect(at, `${c.ref} = ${c.expected}`).toBeGreaterThanOrEqual(0);
      named.splice(at, 1);
    }
  });
});

describe('the Layout of pdftotext -layout text', () => {
  it('a table: header over the value columns, a label wrapped above and below its numbers, page marks, a blank cell missing', () => {
    const layout = otherToolsLayout(
      [
        '二、主动公开政府信息情况',
        '       信息内容               本年制发件数       本年废止件数        现行有效件数',
        '规章                              0           0              0',
        '     1.申请人无正当理由逾期不补',
        // pdftotext counts characters, a CJK one as one: the 13 stands under 现行有效件数.
        `${'正、行政机关不再处理其政府信息'.padEnd(32)}11${' '.repeat(26)}13`,
        '申请',
        '',
        '                                  - 3 -',
        '行政规范性文件                        11           4             60',
      ].join('\n'),
    );
    const tables = layout.blocks.filter((b) => b.kind === 'table');
    expect(tables).toHaveLength(1);
    const grid = tables[0]!.kind === 'table' ? tables[0]!.grid : undefined;
    const rows = grid!.rows.map((r) => Array.from({ length: grid!.width }, (_, x) => r[x]?.text ?? ''));
    expect(rows).toEqual([
      ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
      ['规章', '0', '0', '0'],
      ['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息申请', '11', '', '13'],
      ['行政规范性文件', '11', '4', '60'],
    ]);
    expect(grid!.lines).toEqual([2, 3, 5, 9]);
  });

  it('narrative lines that fill the width are one paragraph; a heading starts a new one', () => {
    const line = '这'.repeat(40);
    const layout = otherToolsLayout([line, `${'那'.repeat(10)}。`, '一、总体情况', line, '结束。'].join('\n'));
    expect(layout.blocks.map((b) => (b.kind === 'table' ? 'table' : b.text))).toEqual([`${line}${'那'.repeat(10)}。`, '一、总体情况', `${line}结束。`]);
  });
});

describe('the Layout of a converter’s Markdown', () => {
  const text = [
    '# 2024年某某局政府信息公开工作年度报告',
    '',
    '| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |',
    '|---|---|---|---|',
    '| 规章 | 0 | 0 | 0 |',
    '',
    '— 3 —',
    '',
    '| 行政规范性文件 | 13 | 0 | 55 |  |',
    '| 规章 | 7 | 8 |',
  ].join('\n');
  const table = (layout: ReturnType<typeof otherToolsLayout>) => {
    const block = layout.blocks.find((b) => b.kind === 'table');
    const grid = block?.kind === 'table' ? block.grid : undefined;
    return grid ? Array.from({ length: grid.height }, (_, y) => Array.from({ length: grid.width }, (_, x) => grid.rows[y]![x]?.text ?? '')) : [];
  };

  it('a # title is a heading; a table cut at a `— 3 —` page mark reads on; the empty cell a converter adds at the end is dropped', () => {
    const layout = otherToolsLayout(text);
    expect(layout.blocks[0]).toMatchObject({ kind: 'heading', text: '2024年某某局政府信息公开工作年度报告', level: 1 });
    expect(table(layout).slice(0, 3)).toEqual([
      ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数', '', ''],
      ['规章', '0', '0', '0', '', ''],
      ['行政规范性文件', '13', '0', '55', '', ''],
    ]);
  });

  it('a row that lost a cell stands outside the header’s columns: its values are reported, not placed in a column they may not belong to', () => {
    expect(table(otherToolsLayout(text))[3]).toEqual(['规章', '', '', '', '7', '8']);
    const { report, issues } = assemble(otherToolsLayout(text), { format: 'gov-2021', metadata: { agency: '某某局', year: 2024 } });
    expect(getCell(report!, 'proactive.documents.rules/issued')).toBe(0);
    expect(getCell(report!, 'proactive.documents.normative/inForce')).toBe(55);
    expect(issues.filter((i) => i.code === 'unplaced_value').map((i) => [i.line, i.value])).toEqual([
      [10, '7'],
      [10, '8'],
    ]);
  });
});

const corpus = new URL('../shared/corpus/', new URL('..', import.meta.url));
const hasCorpus = existsSync(new URL('sh-kewei-2024.converted.md', corpus));

describe('a PDF-to-Markdown converter’s output (real report, ../shared/corpus)', () => {
  it.skipIf(!hasCorpus)('sh-kewei-2024.converted.md (skipped when ../shared/corpus is absent): every cell the text prints placed exactly, nothing in a wrong cell, the row that lost a cell placed by the rules', () => {
    const markdown = readFileSync(new URL('sh-kewei-2024.converted.md', corpus), 'utf8');
    const expected = fromLabels(JSON.parse(readFileSync(new URL('sh-kewei-2024.labels.json', corpus), 'utf8'))).report!;
    const { report, issues } = importMarkdown(markdown);
    expect(report?.format).toBe('gov-2021');
    expect(report!.metadata.year).toBe(2024);
    // The converter's 正文 line above the title is no part of it: the agency comes from the title.
    expect(report!.metadata.agency).toBe('上海市科委');
    const cells = compare(expected, report!).filter((c) => c.expected !== null && c.expected !== undefined);
    const wrong = cells.filter((c) => c.actual !== null && c.actual !== undefined && String(c.actual) !== String(c.expected));
    expect(wrong).toEqual([]);
    const missed = cells.filter((c) => c.actual === null || c.actual === undefined).map((c) => c.ref);
    // The one row the converter printed with six values for seven columns: only one way of placing them
    // agrees with A1 (本年新收 + 上年结转 = 总计 + 结转下年度, per column), so they are placed, and the row
    // is named. Its 总计 is the number the converter moved out of the row, between the table's parts: the
    // one empty cell where the rules hold with it, placed there with a warning to check.
    expect(missed).toEqual([]);
    const line = markdown.split('\n').findIndex((l) => l.startsWith('| 四、结转下年度继续办理')) + 1;
    expect(issues.filter((i) => i.line === line).map((i) => [i.code, i.severity])).toEqual([['row_shape', 'info']]);
    expect(report!.tables.applications!['applications.carriedForward']).toMatchObject({ naturalPerson: 1, commercial: 0, otherOrganization: 0, total: 1 });
    const stray = markdown.split('\n').indexOf('1') + 1;
    expect(issues.filter((i) => i.line === stray).map((i) => [i.code, i.severity, i.cell])).toEqual([['placed_by_rules', 'warning', 'applications.carriedForward/total']]);
  });
});

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
  { file: 'qingshan-2020.pdftotext-layout.txt', example: 'qingshan-2020', format: 'gov-2019', placed: 160 },
  { file: 'qingshan-2022.pdftotext-layout.txt', example: 'qingshan-2022', format: 'gov-2021', placed: 160 },
] as const;

describe('pdftotext -layout output of the examples printed by Chromium (scripts/make-text-fixtures.mjs)', () => {
  it.each(LAYOUT.map((f) => [f.file, f] as const))('%s: no value in a wrong cell, the tables read', (_name, f) => {
    const expected = example(f.example);
    const { report, issues } = importText(fixture(f.file));
    expect(report?.format).toBe(f.format);
    expect(report!.metadata.agency).toBe(expected.metadata.agency);
    expect(report!.metadata.year).toBe(expected.metadata.year);
    const cells = compare(expected, report!);
    // Nothing lands in a wrong cell.
    expect(cells.filter((c) => c.actual !== null && c.actual !== undefined && c.actual !== c.expected)).toEqual([]);
    expect(cells.filter((c) => c.actual !== null && c.actual !== undefined).length).toBeGreaterThanOrEqual(f.placed);
    // Every value the import did not place is named in an issue, or its table is.
    const missed = cells.filter((c) => c.expected !== null && c.expected !== undefined && (c.actual === null || c.actual === undefined));
    if (missed.length > 0) expect(issues.some((i) => i.code === 'unknown_table' || i.code === 'unplaced_value')).toBe(true);
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

const corpus = new URL('../shared/corpus/', new URL('..', import.meta.url));
const hasCorpus = existsSync(new URL('sh-kewei-2024.converted.md', corpus));

describe('a PDF-to-Markdown converter’s output (real report, ../shared/corpus)', () => {
  it.skipIf(!hasCorpus)('sh-kewei-2024.converted.md (skipped when ../shared/corpus is absent): no value in a wrong cell, every number of its tables placed or named', () => {
    const markdown = readFileSync(new URL('sh-kewei-2024.converted.md', corpus), 'utf8');
    const labels = fromLabels(JSON.parse(readFileSync(new URL('sh-kewei-2024.labels.json', corpus), 'utf8')));
    const expected = labels.report!;
    const { report, issues } = importMarkdown(markdown, { metadata: { agency: '上海市科学技术委员会', year: 2024 } });
    const layout = otherToolsLayout(markdown);
    const result = report ? { report, issues } : assemble(layout, { metadata: { agency: '上海市科学技术委员会', year: 2024 } });
    expect(result.report?.format).toBe('gov-2021');
    const cells = compare(expected, result.report!);
    expect(cells.filter((c) => c.actual !== null && c.actual !== undefined && c.actual !== c.expected && String(c.actual) !== String(c.expected))).toEqual([]);
    // Every number printed in a pipe table lands in a cell or is named in an issue.
    const numbers = layout.blocks.reduce((n, b) => n + (b.kind === 'table' ? b.grid.cells.filter((c) => /^\d+(?:\.\d+)?$/.test(c.text)).length : 0), 0);
    const placedCount = cells.filter((c) => c.actual !== null && c.actual !== undefined).length;
    const named = namedNumbers(result.issues).filter((v) => /^\d+(?:\.\d+)?$/.test(v)).length;
    expect(placedCount + named).toBeGreaterThanOrEqual(numbers - result.issues.filter((i) => i.code === 'unknown_table').length * 20);
  });
});

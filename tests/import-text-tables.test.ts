import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importText, renderText, type ImportResult, type Report } from '../src/index.js';
import { loadExample as example } from './helpers/examples.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Every value of `expected` in `actual`, and no value in `actual` that `expected` lacks (createReport fills absent cells with null). */
function expectSameTables(actual: Report['tables'] | undefined, expected: Report['tables']): void {
  const flat = (tables: Report['tables'] | undefined) => {
    const out: Record<string, unknown> = {};
    for (const [t, rows] of Object.entries(tables ?? {})) {
      for (const [r, columns] of Object.entries(rows)) for (const [c, v] of Object.entries(columns)) if (v !== null) out[`${t}|${r}|${c}`] = v;
    }
    return out;
  };
  expect(flat(actual)).toEqual(flat(expected));
}

const errors = (r: ImportResult) => r.issues.filter((i) => i.severity === 'error');

describe('importText reads the tables of multi-column formats', () => {
  for (const [name, format] of [
    ['qingshan-2020.json', 'gov-2019'],
    ['qingshan-2022.json', 'gov-2021'],
  ] as const) {
    const report = example(name);
    for (const width of [20, 40, 80, 120, 200]) {
      it(`reads back every table value of ${name} from renderText (width ${width})`, () => {
        const text = renderText(report, { width });
        const result = importText(text);
        expect(errors(result)).toEqual([]);
        expect(result.issues.filter((i) => i.code === 'unsupported_format' || i.code === 'unrecognized_line')).toEqual([]);
        expect(result.report!.format).toBe(format);
        expectSameTables(result.report!.tables, report.tables);
        expect(result.report!.metadata).toEqual(importText(renderText(report, { width, only: 'text' })).report!.metadata);
        expect(result.report!.sections.map((s) => s.id)).toEqual(report.sections.map((s) => s.id));
      });
    }
  }

  for (const name of ['jiangbei-2017.json', 'qingshan-2020.json', 'qingshan-2022.json']) {
    it(`reads back the whole report renderText writes of ${name} at any width from 48 columns: metadata line, narrative, signature, attachment and tables`, () => {
      const report = example(name);
      // Every seventh width: lines wrapped at every place a paragraph, heading, label or field can break.
      for (let width = 48; width <= 240; width += 7) {
        const result = importText(renderText(report, { width }));
        expect(result.issues.filter((i) => i.severity !== 'info'), `width ${width}`).toEqual([]);
        const got = result.report!;
        // The agency's level is the one field renderText does not print.
        const { level: _level, ...printed } = report.metadata;
        expect(got.metadata).toEqual(printed);
        expect(got.preamble).toEqual(report.preamble);
        expect(got.sections).toEqual(report.sections);
        expect(got.enclosures).toEqual(report.enclosures);
        expect(got.signature).toEqual(report.signature);
        expect(got.attachments).toEqual(report.attachments);
        expectSameTables(got.tables, report.tables);
      }
    });
  }

  it('reads the row blocks of tables too wide for the page, the box tables of narrow ones', () => {
    const report = example('qingshan-2022.json');
    const text = renderText(report);
    expect(text).toMatch(/^ {2}自然人：231$/m); // row blocks at width 80
    expect(text).toMatch(/^\+-+\+/m); // box tables too
    expect(renderText(report, { width: 200 })).not.toMatch(/^ {2}自然人：/m);
  });

  it('reads absent cells as null and derived marks into report.derived', () => {
    const report = structuredClone(example('qingshan-2022.json'));
    const applications = report.tables.applications!;
    applications['applications.newThisYear']!.naturalPerson = null;
    applications['applications.results.granted']!.commercial = null;
    const proactive = report.tables.proactive!;
    proactive['proactive.documents.normative']!.repealed = null;
    report.derived = ['applications.newThisYear/total', 'proactive.documents.normative/inForce'];
    for (const width of [80, 200]) {
      const text = renderText(report, { width });
      expect(text).toContain('—');
      expect(text).toContain('*');
      const result = importText(text);
      expect(errors(result)).toEqual([]);
      expectSameTables(result.report!.tables, report.tables);
      expect(result.report!.tables.applications!['applications.newThisYear']!.naturalPerson).toBeNull();
      expect([...(result.report!.derived ?? [])].sort()).toEqual([...report.derived].sort());
      // The note under the marked tables is no paragraph.
      expect(JSON.stringify(result.report!.sections)).not.toContain('推算值');
    }
  });

  it('reads a table copied from a web page (tab separated, merged cells printed once)', () => {
    const report = example('qingshan-2022.json');
    const text = ['青山市自然资源和规划局2022年政府信息公开工作年度报告', '', '一、总体情况', '本年情况如下。', '', fixture('applications-2021.tsv'), '青山市自然资源和规划局', '2023年1月18日'].join('\n');
    const result = importText(text);
    expect(result.report!.format).toBe('gov-2021');
    expect(errors(result)).toEqual([]);
    expect(result.report!.sections[0]!.paragraphs).toEqual(['本年情况如下。']);
    expect(result.report!.signature).toEqual({ organ: '青山市自然资源和规划局', date: '2023-01-18' });
    expectSameTables({ applications: result.report!.tables.applications! }, { applications: report.tables.applications! });
  });

  it('reads rows separated by runs of spaces too', () => {
    const report = example('qingshan-2022.json');
    const spaced = fixture('applications-2021.tsv').replace(/\t/g, '    ');
    const result = importText(['青山市自然资源和规划局2022年政府信息公开工作年度报告', '', '一、总体情况', '本年情况如下。', '', spaced, '青山市自然资源和规划局', '2023年1月18日'].join('\n'));
    expect(errors(result)).toEqual([]);
    expectSameTables({ applications: result.report!.tables.applications! }, { applications: report.tables.applications! });
  });

  it('reports a table longer than any statistics table by the lines it covers, without reading it', () => {
    const head = ['青山市自然资源和规划局2022年政府信息公开工作年度报告', '一、总体情况', '本年情况如下。'];
    const tail = ['二、主动公开政府信息情况', '本年主动公开。', '青山市自然资源和规划局', '2023年1月18日'];
    // 150,000 rows: more than a spread of line numbers into Math.min can take.
    for (const rows of [Array.from({ length: 150_000 }, () => '自然人\t1'), ['+---+---+', ...Array.from({ length: 1500 }, () => '| 自然人 | 1 |')]]) {
      const result = importText([...head, ...rows, ...tail].join('\n'), { format: 'gov-2021' });
      expect(result.issues).toContainEqual(expect.objectContaining({ code: 'unknown_table', line: head.length + 1, endLine: head.length + rows.length }));
      expect(result.report!.sections.map((s) => s.paragraphs)).toEqual([['本年情况如下。'], ['本年主动公开。']]);
    }
  });

  describe('bad input becomes an issue naming the line, and nothing else is lost', () => {
    const report = example('qingshan-2022.json');
    const head = ['青山市自然资源和规划局2022年政府信息公开工作年度报告', '', '一、总体情况', '本年情况如下。', ''];
    const tail = ['青山市自然资源和规划局', '2023年1月18日'];
    const tsv = fixture('applications-2021.tsv').trimEnd().split('\n');
    const lineOf = (prefix: string) => head.length + tsv.findIndex((l) => l.startsWith(prefix)) + 1;
    const read = (lines: string[]) => importText([...head, ...lines, ...tail].join('\n'));
    const others = (result: ImportResult, row: string) => {
      const got = structuredClone(result.report!.tables.applications!);
      const want = structuredClone(report.tables.applications!);
      delete got[row];
      delete want[row];
      expectSameTables({ a: got }, { a: want });
    };

    it('a value that is not a number', () => {
      const result = read(tsv.map((l) => (l.startsWith('二、上年结转') ? l.replace(/\t1\t/, '\tabc\t') : l)));
      expect(result.issues).toContainEqual(expect.objectContaining({ code: 'bad_value', severity: 'error', line: lineOf('二、上年结转'), value: 'abc' }));
      others(result, 'applications.carriedOver');
      expect(result.report!.tables.applications!['applications.carriedOver']!.naturalPerson).toBe(10);
    });

    it('an unknown row label', () => {
      const result = read(tsv.map((l) => (l.startsWith('二、上年结转') ? l.replace('二、上年结转政府信息公开申请数量', '二、没有这一行') : l)));
      expect(result.issues).toContainEqual(expect.objectContaining({ code: 'unknown_label', severity: 'error', line: lineOf('二、上年结转'), label: '二、没有这一行' }));
      others(result, 'applications.carriedOver');
    });

    it('a row with too many values', () => {
      const result = read(tsv.map((l) => (l.startsWith('二、上年结转') ? `${l}\t99` : l)));
      // Values sit right-aligned under the value columns: the leftmost one has no column.
      expect(result.issues).toContainEqual(expect.objectContaining({ code: 'unplaced_value', severity: 'error', line: lineOf('二、上年结转'), value: '10' }));
      others(result, 'applications.carriedOver');
    });

    it('a bad value in a box table and in a row block', () => {
      const text = renderText(report);
      const lines = text.split('\n');
      const box = lines.findIndex((l) => l.startsWith('| 行政规范性文件'));
      lines[box] = lines[box]!.replace('11 |', 'xx |');
      const block = lines.findIndex((l) => l === '  自然人：231');
      lines[block] = '  自然人：23l';
      const result = importText(lines.join('\n'));
      expect(result.issues).toContainEqual(expect.objectContaining({ code: 'bad_value', line: box + 1, value: 'xx' }));
      // 23l reads as no value: the line is reported, not taken for narrative.
      expect(result.issues.some((i) => i.line !== undefined && i.line <= block + 1 && block + 1 <= (i.endLine ?? i.line))).toBe(true);
    });
  });
});

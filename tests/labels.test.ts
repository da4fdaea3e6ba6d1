import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formats } from '../src/formats/catalogue.js';
import { defineFormat, indexFormat, type Format } from '../src/formats/define.js';
import { createReport, getCell } from '../src/formats/document.js';
import { parseReport, type Report } from '../src/model/report.js';
import type { CellValue } from '../src/model/values.js';
import type { ImportIssue } from '../src/import/core/issues.js';
import { fromLabels, toLabels } from '../src/import/labels/labels.js';
import { parseCellValue } from '../src/import/core/values.js';
import {
  editDistance,
  labelMatcher,
  looseLabel,
  normalizeLabel,
  stripNumbering,
  typoThreshold,
} from '../src/import/core/labels.js';

type FormatId = keyof typeof formats;
const FORMAT_IDS = Object.keys(formats) as FormatId[];

const example = (name: string): Report => {
  const parsed = parseReport(readFileSync(new URL(`../examples/${name}.json`, import.meta.url), 'utf8'));
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
};
const EXAMPLES = ['jiangbei-2017', 'qingshan-2020', 'qingshan-2022'].map(example);

/** Every cell of the report's format with its value (absent = null), whether the report lists it or not. */
function cellsOf(report: Report, format: Format = formats[report.format as FormatId]): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  for (const cell of indexFormat(format).cells) out[cell.ref] = report.tables[cell.table]?.[cell.row.id]?.[cell.column.id] ?? null;
  return out;
}

const codes = (issues: readonly ImportIssue[]) => issues.map((i) => i.code);

describe('normalizeLabel and looseLabel', () => {
  it('folds full-width characters, white space, quotes and notes, but keeps numbering', () => {
    expect(normalizeLabel('（二）部分公开（区分处理的，只计这一情形，不计其他情形）')).toBe('(二)部分公开');
    expect(normalizeLabel(' 1．属于 国家秘密\u3000')).toBe('1.属于国家秘密');
    expect(normalizeLabel('3.危及“三安全一稳定”')).toBe(normalizeLabel('3.危及"三安全一稳定"'));
    expect(normalizeLabel('第二十条第（一）项')).toBe('第二十条第(一)项');
    expect(normalizeLabel('本年收费金额（单位：万元）')).toBe('本年收费金额');
    // A note cut off where the label was broken across lines.
    expect(normalizeLabel('（四）政府信息公开专项经费（不包括用于政府公报编辑管理及')).toBe('(四)政府信息公开专项经费');
    expect(normalizeLabel('本年增／减')).toBe('本年增/减');
  });

  it('strips numbering prefixes in the loose form only', () => {
    expect(looseLabel('一、本年新收政府信息公开申请数量')).toBe('本年新收政府信息公开申请数量');
    expect(looseLabel('（七）总计')).toBe('总计');
    expect(looseLabel('3、其他')).toBe('其他');
    expect(looseLabel('其中：主动公开规范性文件数')).toBe('主动公开规范性文件数');
    expect(looseLabel('第二十条第（五）项')).toBe('第二十条第(五)项');
    expect(stripNumbering('0.12')).toBe('0.12');
    expect(stripNumbering('(一)')).toBe('(一)');
  });
});

describe('editDistance and typoThreshold', () => {
  it('counts edits by code point and stops early', () => {
    expect(editDistance('其他法律行政止公开', '其他法律行政法规禁止公开')).toBe(3);
    expect(editDistance('结果维', '结果维持')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBeGreaterThan(2);
  });

  it('accepts no typo in very short labels and about 30% in long ones', () => {
    expect(typoThreshold(3)).toBe(0);
    expect(typoThreshold(4)).toBe(1);
    expect(typoThreshold(12)).toBe(3);
  });
});

describe('labelMatcher', () => {
  const m21 = labelMatcher(formats['gov-2021']);
  const m19 = labelMatcher(formats['gov-2019']);
  const m14 = labelMatcher(formats['gov-2014']);
  const refOf = (labels: string[], m = m21) => {
    const r = m.cell(labels);
    return r.kind === 'cell' ? r.cell.ref : r.kind;
  };

  it('finds a cell from its row path then its column, skipping group labels', () => {
    expect(refOf(['三、本年度办理结果', '（三）不予公开', '1.属于国家秘密', '自然人'])).toBe('applications.results.withheld.stateSecret/naturalPerson');
    expect(refOf(['（三）不予公开', '1.属于国家秘密', '总计'])).toBe('applications.results.withheld.stateSecret/total');
    expect(refOf(['第二十条第（一）项', '规章', '本年制发件数'])).toBe('proactive.documents.rules/issued');
    expect(refOf(['（七）总计', '自然人'])).toBe('applications.results.total/naturalPerson');
    expect(refOf(['申请人情况', '法人或其他组织', '商业企业', '（一）予以公开'])).toBe('applications.results.granted/commercial');
    expect(refOf(['收到和处理政府信息公开申请情况', '上年结转', '总计'])).toBe('applications.carriedOver/total');
  });

  it('needs no column for a row with one cell, nor a row label for an unlabeled row', () => {
    expect(refOf(['（一）收到申请数'], m14)).toBe('requests.received/value');
    expect(refOf(['三、依申请公开情况', '（一）收到申请数', '统计数'], m14)).toBe('requests.received/value');
    expect(refOf(['第二十条第（八）项', '行政事业性收费'])).toBe('proactive.charges.fees/feeAmount');
    expect(refOf(['行政诉讼', '复议后起诉', '结果维持'])).toBe('reviewLitigation.cases/litigation.afterReview.upheld');
    expect(refOf(['行政复议', '总计'])).toBe('reviewLitigation.cases/review.total');
  });

  it('detects labels that recur, and resolves them when the path tells them apart', () => {
    const r = m21.cell(['结果维持']);
    expect(r.kind).toBe('ambiguous');
    expect(r.kind === 'ambiguous' && r.candidates).toEqual([
      '行政复议/结果维持',
      '行政诉讼/未经复议直接起诉/结果维持',
      '行政诉讼/复议后起诉/结果维持',
    ]);
    expect(refOf(['行政复议', '结果维持'])).toBe('reviewLitigation.cases/review.upheld');
    expect(m14.cell(['（二）被依法纠错数']).kind).toBe('ambiguous');
    expect(refOf(['五、行政诉讼数量', '（二）被依法纠错数'], m14)).toBe('litigation.corrected/value');
    // 其他: a column, and 3.其他 a row; 总计: a column, and （七）总计 a row.
    expect(m21.cell(['其他', '总计']).kind).toBe('ambiguous');
    expect(refOf(['3.其他', '总计'])).toBe('applications.results.other.other/total');
    expect(refOf(['（六）其他处理', '3.其他', '其他'])).toBe('applications.results.other.other/otherOrganization');
    expect(refOf(['（七）总计', '总计'])).toBe('applications.results.total/total');
  });

  it('accepts aliases, notes, full-width forms and stray spaces', () => {
    expect(refOf(['上年结转', '自然人'])).toBe('applications.carriedOver/naturalPerson');
    expect(refOf(['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '总计'])).toBe('applications.results.partial/total');
    expect(refOf(['（２）部分 公开', '总 计'])).toBe('applications.results.partial/total');
    expect(refOf(['当面'], m14)).toBe('requests.received.inPerson/value');
    expect(refOf(['本年收费金额', '行政事业性收费'])).toBe('proactive.charges.fees/feeAmount');
  });

  it('reads a small typo as its nearest official label, and names both', () => {
    const r = m21.cell(['（三）不予公开', '2.其他法律行政止公开', '自然人']);
    expect(r.kind === 'cell' && r.cell.ref).toBe('applications.results.withheld.prohibited/naturalPerson');
    expect(r.typos).toEqual([
      { given: '2.其他法律行政止公开', label: '2.其他法律行政法规禁止公开', path: '三、本年度办理结果/（三）不予公开/2.其他法律行政法规禁止公开' },
    ]);
    expect(r.kind === 'cell' && r.exact).toBe(false);
    // Too short to tell a typo from another word.
    expect(m21.cell(['自然仁']).kind).toBe('unknown');
  });

  it('tells label-only nodes and unknown labels apart', () => {
    const group = m21.cell(['三、本年度办理结果']);
    expect(group.kind === 'group' && group.node.id).toBe('applications.results');
    expect(m21.cell(['第二十条第（一）项', '本年制发件数']).kind).toBe('group');
    const unknown = m21.cell(['复议', '结果纠正']);
    expect(unknown.kind === 'unknown' && unknown.unknown).toEqual(['复议']);
    expect(unknown.kind === 'unknown' && unknown.candidates[0]).toBe('行政复议');
    const combination = m21.cell(['规章', '本年处理决定数量']);
    expect(combination.kind === 'unknown' && combination.unknown).toEqual([]);
    expect(combination.kind === 'unknown' && combination.candidates.length).toBeGreaterThan(0);
    expect(m21.cell([]).kind).toBe('unknown');
    expect(m21.cell(['__proto__']).kind).toBe('unknown');
  });

  it('splits label paths but keeps labels that contain "/"', () => {
    expect(m19.split('第二十条第（五）项/行政许可/本年增/减')).toEqual(['第二十条第（五）项', '行政许可', '本年增/减']);
    expect(m19.split('行政许可／本年增／减')).toEqual(['行政许可', '本年增/减']);
    expect(m21.split('a//b/')).toEqual(['a', 'b']);
    expect(refOf(m19.split('第二十条第（五）项/行政许可/本年增/减'), m19)).toBe('proactive.licensing.permits/change');
  });
});

describe('parseCellValue', () => {
  const count = { unit: '件', kind: 'count' } as const;
  const signed = { unit: '件', kind: 'signedCount' } as const;
  const wan = { unit: '万元', kind: 'money' } as const;
  const yuan = { unit: '元', kind: 'money' } as const;
  const value = (raw: unknown, cell: Parameters<typeof parseCellValue>[1] = count) => {
    const r = parseCellValue(raw, cell);
    return r.ok ? r.value : `!${r.reason}`;
  };

  it('reads counts exactly or refuses them', () => {
    expect(value(12)).toBe(12);
    expect(value('12')).toBe(12);
    expect(value('１２')).toBe(12);
    expect(value(' 1,234 ')).toBe(1234);
    expect(value('12.0')).toBe(12);
    expect(value(12.0)).toBe(12);
    expect(value('007')).toBe(7);
    expect(value('12件')).toBe(12);
    expect(value(-0)).toBe(0);
    expect(value('12.5')).toBe('!not_integer');
    expect(value(1.5)).toBe('!not_integer');
    expect(value(-3)).toBe('!negative');
    expect(value('-3')).toBe('!negative');
    expect(value('1e3')).toBe('!not_a_number');
    expect(value('(12)')).toBe('!not_a_number');
    expect(value('12%')).toBe('!not_a_number');
    expect(value('1,23')).toBe('!not_a_number');
    expect(value('abc')).toBe('!not_a_number');
    expect(value(Number.NaN)).toBe('!not_a_number');
    expect(value(Number.POSITIVE_INFINITY)).toBe('!not_a_number');
    expect(value(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(value(Number.MAX_SAFE_INTEGER + 1)).toBe('!unsafe_integer');
    expect(value('9007199254740993')).toBe('!unsafe_integer');
    expect(value('12条')).toBe('!wrong_unit');
    expect(value('12万元')).toBe('!wrong_unit');
    expect(value(true)).toBe('!wrong_type');
    expect(value({})).toBe('!wrong_type');
    expect(value([1])).toBe('!wrong_type');
  });

  it('reads blanks as absent, never as zero', () => {
    for (const blank of [null, undefined, '', ' ', '-', '—', '——', '－', '/', '----']) expect(value(blank)).toBeNull();
    expect(value('0')).toBe(0);
  });

  it('lets signed counts be negative', () => {
    expect(value(-3, signed)).toBe(-3);
    expect(value('－185', signed)).toBe(-185);
    expect(value('+2', signed)).toBe(2);
  });

  it('keeps money exact, with its printed precision, and converts units exactly', () => {
    expect(value('0.12', wan)).toBe('0.12');
    expect(value('0.120', wan)).toBe('0.120');
    expect(value(0.1, wan)).toBe('0.1');
    expect(value(1e21, wan)).toBe('1000000000000000000000');
    expect(value('24,252.311082', wan)).toBe('24252.311082');
    expect(parseCellValue('73802895.90元', wan)).toEqual({ ok: true, value: '7380.289590', from: '元' });
    expect(parseCellValue('18645273.60元', yuan)).toEqual({ ok: true, value: '18645273.60' });
    expect(parseCellValue('1864.52736万元', yuan)).toEqual({ ok: true, value: '18645273.6', from: '万元' });
    expect(parseCellValue('1200', wan, '元')).toEqual({ ok: true, value: '0.1200', from: '元' });
    expect(value('-1', wan)).toBe('!negative');
    expect(value('1e3', wan)).toBe('!not_a_number');
    expect(value('3件', wan)).toBe('!wrong_unit');
  });
});

describe('fromLabels on the fixtures', () => {
  const dir = new URL('./fixtures/labels/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('has fixtures', () => expect(files.length).toBeGreaterThanOrEqual(4));

  for (const file of files) {
    it(file, () => {
      const fixture = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as {
        input: unknown;
        expect: { cells: Record<string, CellValue>; issues: Record<string, unknown>[] };
      };
      const { report, issues } = fromLabels(fixture.input);
      expect(report).toBeDefined();
      expect(parseReport(report).success).toBe(true);
      const expected = { ...Object.fromEntries(Object.keys(cellsOf(report!)).map((ref) => [ref, null])), ...fixture.expect.cells };
      expect(cellsOf(report!)).toEqual(expected);
      expect(issues).toHaveLength(fixture.expect.issues.length);
      fixture.expect.issues.forEach((want, i) => expect(issues[i]).toMatchObject(want));
      for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
    });
  }
});

describe('fromLabels', () => {
  const base = { format: '2021', agency: '青山市统计局', year: 2023 };

  it('starts from createReport: every cell exists, absent cells are null', () => {
    const { report, issues } = fromLabels({ ...base, cells: {} });
    expect(issues).toEqual([]);
    expect(report).toEqual(createReport('gov-2021', { agency: '青山市统计局', year: 2023 }));
  });

  it('names a format by edition, by id, or by a user format passed in options', () => {
    expect(fromLabels({ ...base, format: 'gov-2019' }).report?.format).toBe('gov-2019');
    expect(fromLabels({ ...base, format: 2014 }).report?.format).toBe('gov-2014');
    const local = defineFormat({ ...formats['gov-2014'], id: 'zj-2014', edition: 'zj-2014' });
    const { report } = fromLabels({ ...base, format: 'zj-2014', cells: { 当面: 4 } }, { formats: [local] });
    expect(report?.format).toBe('zj-2014');
    expect(getCell(report!, 'requests.received.inPerson', local)).toBe(4);
    const unknown = fromLabels({ ...base, format: 'zj-2014', cells: {} });
    expect(unknown.report).toBeUndefined();
    expect(unknown.issues).toMatchObject([{ code: 'unknown_format', severity: 'error', value: 'zj-2014' }]);
  });

  it('takes the format from the year when none is given, with a warning', () => {
    const { report, issues } = fromLabels({ agency: 'x', year: 2019, cells: {} });
    expect(report?.format).toBe('gov-2019');
    expect(issues).toMatchObject([{ code: 'missing_field', severity: 'warning', key: 'format' }]);
  });

  it('needs agency and year, and says which is missing or wrong', () => {
    const r = fromLabels({ format: '2021', cells: { 结果维持: 1 } });
    expect(r.report).toBeUndefined();
    expect(codes(r.issues)).toEqual(['missing_field', 'missing_field', 'ambiguous_label']);
    expect(r.issues.slice(0, 2).map((i) => i.key)).toEqual(['agency', 'year']);
    const bad = fromLabels({ ...base, agency: ' ', year: 1999.5 });
    expect(bad.report).toBeUndefined();
    expect(bad.issues.map((i) => [i.code, i.key])).toEqual([
      ['bad_field', 'agency'],
      ['bad_field', 'year'],
      ['missing_field', 'cells'],
    ]);
  });

  it('keeps valid optional metadata and sections, and leaves out bad ones with an issue', () => {
    const sections = [{ id: 'overview', title: '总体情况', paragraphs: ['全年收到申请154件。'] }];
    const { report, issues } = fromLabels({
      ...base,
      region: '青山市',
      level: 'department',
      publishedOn: '2024-02-30',
      sourceUrl: 'http://example.gov.cn/a.html',
      sections,
      cells: {},
    });
    expect(report?.metadata).toEqual({ agency: '青山市统计局', year: 2023, region: '青山市', level: 'department', sourceUrl: 'http://example.gov.cn/a.html' });
    expect(report?.sections).toEqual(sections);
    expect(issues).toMatchObject([{ code: 'bad_field', key: 'publishedOn' }]);
    const badSections = fromLabels({ ...base, sections: [{ title: 1 }], cells: {} });
    expect(badSections.issues).toMatchObject([{ code: 'bad_field', key: 'sections', severity: 'error' }]);
    expect(badSections.report?.sections.map((s) => s.id)).toEqual(formats['gov-2021'].sections.map((s) => s.id));
  });

  it('returns an issue, never throws, for input that is not an object', () => {
    for (const input of [null, undefined, 1, 'text', [], [1, 2], true, new Date(0), Object.create({ format: '2021' })]) {
      const r = fromLabels(input);
      expect(r.report).toBeUndefined();
      expect(codes(r.issues)).toEqual(['bad_input']);
    }
    expect(codes(fromLabels({ ...base, cells: [1] }).issues)).toEqual(['bad_field']);
  });

  it('never lets keys such as __proto__ or constructor reach a prototype', () => {
    const input = JSON.parse(
      '{"format":"2021","agency":"a","year":2023,"__proto__":{"polluted":1},"cells":{"__proto__":{"polluted":2},"constructor":{"prototype":3},"（七）总计":{"__proto__":4,"自然人":5}}}',
    ) as unknown;
    const { report, issues } = fromLabels(input);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(getCell(report!, 'applications.results.total/naturalPerson')).toBe(5);
    expect(codes(issues)).toEqual(['unknown_field', 'unknown_label', 'unknown_label', 'unknown_label']);
    expect(issues.slice(1).map((i) => i.label)).toEqual(['__proto__', 'constructor', '__proto__']);
    for (const rows of Object.values(report!.tables)) {
      for (const [row, columns] of Object.entries(rows)) {
        expect(Object.getPrototypeOf(columns)).toBe(Object.prototype);
        expect(row).not.toMatch(/__proto__|constructor/);
      }
    }
    // An inherited key is not data: `cells` from a prototype is not read.
    const inherited = fromLabels(Object.assign(Object.create(null) as object, base));
    expect(codes(inherited.issues)).toEqual(['missing_field']);
  });

  it('writes messages in zh-CN by default and in English on request', () => {
    const input = { ...base, cells: { 结果维持: 1, '（一）予以公开': { 自然人: 'abc' } } };
    const zh = fromLabels(input).issues;
    const en = fromLabels(input, { locale: 'en' }).issues;
    expect(zh[0]!.message).toContain('不能唯一确定');
    expect(zh[0]!.message).toContain('行政诉讼/复议后起诉/结果维持');
    expect(en[0]!.message).toContain('fits several cells');
    expect(en[1]!.message).toContain('"abc" is not a number');
    expect(en.map(({ message: _m, ...data }) => data)).toEqual(zh.map(({ message: _m, ...data }) => data));
  });

  it('never throws on arbitrary JSON, and every issue has a message', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = fromLabels(value);
        for (const issue of r.issues) expect(typeof issue.message).toBe('string');
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMAT_IDS),
        fc.dictionary(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('结果维持', '（七）总计', '自然人', '__proto__')), fc.jsonValue(), {
          maxKeys: 12,
        }),
        (format, cells) => {
          const r = fromLabels({ format, agency: 'a', year: 2022, cells });
          expect(r.report).toBeDefined();
          expect(parseReport(r.report).success).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('toLabels', () => {
  it('writes official label paths: the value directly for a one-cell row, column paths as inner keys', () => {
    const [jiangbei, , qingshan22] = EXAMPLES as [Report, Report, Report];
    const l14 = toLabels(jiangbei);
    expect(l14.cells['三、依申请公开情况/（一）收到申请数']).toBe(0);
    expect(l14.cells['一、主动公开情况/（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）']).toBe(803);
    expect(l14.cells['七、依申请公开信息收取的费用']).toBe('0');
    expect(Object.keys(l14.cells)).toHaveLength(58);
    const l21 = toLabels(qingshan22);
    expect(l21).toMatchObject({ format: 'gov-2021', agency: qingshan22.metadata.agency, year: 2022 });
    expect(l21.cells['第二十条第（一）项/行政规范性文件']).toEqual({ 本年制发件数: 11, 本年废止件数: 4, 现行有效件数: 60 });
    expect(l21.cells['第二十条第（八）项/行政事业性收费']).toBe('3156.284716');
    expect(l21.cells['一、本年新收政府信息公开申请数量']).toMatchObject({ '申请人情况/自然人': 231, '申请人情况/法人或其他组织/商业企业': 19 });
    expect(l21.cells['行政诉讼/复议后起诉/结果维持']).toBeTypeOf('number');
    // Unprinted subtotals only when they hold a value.
    expect(l21.cells['三、本年度办理结果/（三）不予公开']).toBeUndefined();
    expect(JSON.stringify(l21.cells)).not.toContain('法人或其他组织"');
  });

  it('gives back every example report through fromLabels', () => {
    for (const report of EXAMPLES) {
      const labels = JSON.parse(JSON.stringify(toLabels(report))) as unknown;
      const back = fromLabels(labels);
      expect(back.issues).toEqual([]);
      expect(cellsOf(back.report!)).toEqual(cellsOf(report));
      expect(back.report!.metadata).toEqual(report.metadata);
      expect(back.report!.sections).toEqual(report.sections);
    }
  });

  it('gives back random reports of every format, unprinted subtotals included', () => {
    const money = fc
      .tuple(fc.nat({ max: 10 ** 9 }), fc.stringMatching(/^\d{0,6}$/))
      .map(([whole, fraction]) => (fraction ? `${whole}.${fraction}` : String(whole)));
    const report = fc.constantFrom(...FORMAT_IDS).chain((id) => {
      const cells = indexFormat(formats[id]).cells;
      return fc
        .tuple(
          ...cells.map((cell) =>
            fc.option<CellValue>(
              cell.kind === 'money'
                ? money
                : cell.kind === 'signedCount'
                  ? fc.integer({ min: -1e6, max: 1e6 })
                  : fc.oneof(fc.nat(1000), fc.maxSafeNat()),
              { freq: cell.printed ? 4 : 1 },
            ),
          ),
        )
        .map((values) => {
          const r = createReport(id, { agency: '测试单位', year: 2022 });
          cells.forEach((cell, i) => {
            r.tables[cell.table]![cell.row.id]![cell.column.id] = values[i] ?? null;
          });
          return r;
        });
    });
    fc.assert(
      fc.property(report, (r) => {
        const back = fromLabels(JSON.parse(JSON.stringify(toLabels(r))) as unknown);
        expect(back.report!.tables).toEqual(r.tables);
        expect(back.issues.every((i) => i.code === 'group_value' && i.severity === 'info')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('names the table first when a label path recurs across tables, and writes any key as an own property', () => {
    const local = defineFormat({
      id: 'local-twins',
      edition: 'twins',
      title: 'two tables with the same rows',
      tablePlacement: 'attachment',
      sections: [],
      identities: [],
      tables: ['表一', '表二'].map((title, t) => ({
        id: `t${t}`,
        title,
        unit: '件' as const,
        rows: [
          { id: `t${t}.total`, label: '合计' },
          { id: `t${t}.odd`, label: '__proto__' },
        ],
        columns: [{ id: 'value', label: '数量' }],
      })),
    });
    const r = createReport(local, { agency: 'a', year: 2020 });
    r.tables.t0!['t0.total']!.value = 1;
    r.tables.t1!['t1.total']!.value = 2;
    r.tables.t1!['t1.odd']!.value = 3;
    const labels = toLabels(r, { formats: [local] });
    expect(Object.keys(labels.cells).sort()).toEqual(['表一/__proto__', '表一/合计', '表二/__proto__', '表二/合计']);
    expect(Object.getPrototypeOf(labels.cells)).toBe(Object.prototype);
    const back = fromLabels(JSON.parse(JSON.stringify(labels)) as unknown, { formats: [local] });
    expect(back.issues).toEqual([]);
    expect(back.report!.tables).toEqual(r.tables);
  });

  it('throws a TypeError for a report whose format it does not know', () => {
    expect(() => toLabels({ ...createReport('gov-2021', { agency: 'a', year: 2022 }), format: 'nope' })).toThrow(TypeError);
  });
});

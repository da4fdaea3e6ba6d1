import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formats } from '../src/formats/catalogue.js';
import { defineFormat } from '../src/formats/define.js';
import { getCell } from '../src/formats/document.js';
import { parseReport, type Report } from '../src/model/report.js';
import type { ImportIssue } from '../src/import/core/issues.js';
import { importText } from '../src/import/text/text.js';
import { seedText } from './helpers/seed.js';

const example = ((): Report => {
  const parsed = parseReport(readFileSync(new URL('../examples/jiangbei-2017.json', import.meta.url), 'utf8'));
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
})();

const lines = seedText.split('\n');
/** The seed with `replacement` lines in place of lines `from`..`to` (1-based, inclusive). */
const splice = (from: number, count: number, ...replacement: string[]): string => {
  const copy = [...lines];
  copy.splice(from - 1, count, ...replacement);
  return copy.join('\n');
};
/** The 1-based number of the first line equal to `text`. */
const lineOf = (text: string): number => lines.indexOf(text) + 1;
const codes = (issues: readonly ImportIssue[]) => issues.map((i) => i.code);

describe('importText on the seed report', () => {
  const { report, issues } = importText(seedText);

  it('reads it without a single issue', () => {
    expect(issues).toEqual([]);
    expect(report).toBeDefined();
    expect(parseReport(report).success).toBe(true);
  });

  it('gives the tables and sections of the transcribed example', () => {
    expect(report!.format).toBe('gov-2014');
    expect(report!.tables).toEqual(example.tables);
    expect(report!.sections).toEqual(example.sections);
  });

  it('gives the title, preamble, enclosures, signature and attachment of the example', () => {
    expect(report!.preamble).toEqual(example.preamble);
    expect(report!.enclosures).toEqual(example.enclosures);
    expect(report!.signature).toEqual(example.signature);
    expect(report!.attachments).toEqual(example.attachments);
    // Region and level are not printed in the text.
    const { region: _region, level: _level, ...printed } = example.metadata;
    expect(report!.metadata).toEqual(printed);
  });

  it('counts 主动公开政府信息数 as the table prints it (803), not as the text says (793)', () => {
    expect(getCell(report!, 'proactive.published')).toBe(803);
    expect(getCell(report!, 'fees')).toBe('0');
  });
});

describe('importText on variants of the seed', () => {
  const same = (text: string) => {
    const r = importText(text);
    expect(r.issues).toEqual([]);
    expect(r.report!.tables).toEqual(example.tables);
    expect(r.report!.sections).toEqual(example.sections);
    expect(r.report!.preamble).toEqual(example.preamble);
    return r.report!;
  };

  it('reads CRLF, CR and a byte order mark alike', () => {
    same(seedText.replace(/\n/g, '\r\n'));
    same(seedText.replace(/\n/g, '\r'));
    same(`\ufeff${seedText}`);
  });

  it('reads full-width digits in values', () => {
    const wide = seedText.replace(/^\t(\d+)$/gm, (_m, digits: string) => `\t${digits.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}`);
    expect(wide).toContain('\t８０３\n');
    same(wide);
  });

  it('reads labels with stray and ideographic spaces, and half-width numbering', () => {
    const at = lineOf('\t\u3000\u3000（一）收到申请数');
    const text = splice(at, 1, '\t （一） 收到 申请数 ');
    same(text.replace('\t\u3000\u3000\u3000\u3000\u30002.传真申请数', '\t2．传真\u3000申请数'));
  });

  it('reports a line it does not understand with its line number, and reads the rest', () => {
    const at = lineOf('\t803') + 1;
    const r = importText(splice(at, 0, '注：本表数据截至年底'));
    // A note inside the table: text of the table that is no label and stands beside no value.
    expect(r.issues).toMatchObject([{ code: 'table_text', severity: 'info', line: at, value: '注：本表数据截至年底' }]);
    expect(r.report!.tables).toEqual(example.tables);
    // Between the 附件 list and the signature: the organ is the line just before the date.
    const organ = lineOf('江北区行政审批管理办公室');
    const tail = importText(splice(organ, 0, '（此件公开发布）'));
    expect(tail.issues).toMatchObject([{ code: 'unplaced_text', severity: 'warning', line: organ, value: '（此件公开发布）' }]);
    expect(tail.report!.signature).toEqual(example.signature);
    const after = importText(splice(lineOf('附件：'), 0, '联系电话：0574-87654321'));
    expect(after.issues).toMatchObject([{ code: 'unplaced_text', line: lineOf('附件：') }]);
  });

  it('reports an unknown row label with its line and the closest official labels', () => {
    const at = lineOf('\t803') + 2;
    const r = importText(splice(at, 0, '\t（一）主动公开政务信息总条数', '\t条', '\t5', ''));
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'unknown_label', severity: 'error', line: at, value: '5' });
    expect(r.issues[0]!.candidates!.length).toBeGreaterThan(0);
    expect(r.report!.tables).toEqual(example.tables);
  });

  it('reports a value that is not a number, naming the cell and the line, and leaves the cell absent', () => {
    const at = lineOf('\t793');
    const r = importText(splice(at, 1, '\tabc'));
    expect(r.issues).toMatchObject([
      { code: 'bad_value', severity: 'error', line: at, cell: 'proactive.channels.website/value', value: 'abc', reason: 'not_a_number' },
    ]);
    expect(r.issues[0]!.message).toContain('2.政府网站公开政府信息数');
    expect(getCell(r.report!, 'proactive.channels.website')).toBeNull();
    expect(importText(splice(at, 1, '\t793.5')).issues).toMatchObject([{ code: 'bad_value', reason: 'not_integer' }]);
  });

  it('reads blanks and dashes as absent, not as zero', () => {
    const r = importText(splice(lineOf('\t793'), 1, '\t——'));
    expect(r.issues).toEqual([]);
    expect(getCell(r.report!, 'proactive.channels.website')).toBeNull();
  });

  it('reads a label with a small typo, with a warning naming the official label', () => {
    const at = lineOf('\t\u3000\u3000\u3000\u3000\u30002.政府网站公开政府信息数');
    const r = importText(splice(at, 1, '\t2.政府网站公开政府信数'));
    expect(r.issues).toMatchObject([
      { code: 'label_typo', severity: 'warning', line: at, label: '2.政府网站公开政府信数', candidates: ['一、主动公开情况/（二）通过不同渠道和方式公开政府信息的情况/2.政府网站公开政府信息数'] },
    ]);
    expect(r.report!.tables).toEqual(example.tables);
  });

  it('converts money printed in another unit exactly', () => {
    const at = lineOf('\t七、依申请公开信息收取的费用');
    const r = importText(splice(at + 1, 2, '\t元', '\t12345.6'));
    expect(r.issues).toMatchObject([{ code: 'unit_converted', severity: 'info', line: at + 2, units: { from: '元', to: '万元' }, converted: '1.23456' }]);
    expect(getCell(r.report!, 'fees')).toBe('1.23456');
  });

  it('reports a row the table does not print, and a value on a label-only row', () => {
    const at = lineOf('\t六、举报投诉数量');
    const r = importText(splice(at, 4));
    expect(r.issues).toMatchObject([{ code: 'missing_row', severity: 'info', label: '六、举报投诉数量', cell: 'complaints/value' }]);
    expect(getCell(r.report!, 'complaints')).toBeNull();
    const group = lineOf('\t一、主动公开情况');
    const valued = importText(splice(group + 2, 1, '\t7'));
    expect(valued.issues).toMatchObject([{ code: 'label_only', severity: 'error', line: group + 2, value: '7' }]);
  });

  it('reports a repeated row', () => {
    const at = lineOf('\t六、举报投诉数量');
    const r = importText(splice(at, 0, '\t六、举报投诉数量', '\t件', '\t9', ''));
    expect(codes(r.issues)).toEqual(['duplicate_cell']);
    expect(getCell(r.report!, 'complaints')).toBe(9);
  });

  it('reads a table whose cells share one line, separated by tabs', () => {
    const start = lineOf('\t统\u3000计\u3000指\u3000标');
    const rows: string[] = [];
    for (let i = start - 1; i < lines.length; ) {
      const cells: string[] = [];
      while (i < lines.length && cells.length < 3) {
        const line = lines[i++]!;
        if (line.startsWith('\t')) cells.push(line.slice(1));
        else if (line.trim() && cells.length > 0) cells[cells.length - 1] += line.trim();
      }
      if (cells.length === 3) rows.push(`\t${cells.join('\t')}`);
    }
    const r = importText([...lines.slice(0, start - 1), ...rows].join('\n'));
    expect(r.issues).toEqual([]);
    expect(r.report!.tables).toEqual(example.tables);
  });

  it('writes messages in English on request', () => {
    const r = importText(splice(lineOf('\t793'), 1, '\tabc'), { locale: 'en' });
    expect(r.issues[0]!.message).toMatch(/^line \d+: .*"abc" is not a number/);
  });

  it('reads the table whatever its blank lines: a group row without its empty value line, no blank line at all', () => {
    const group = lineOf('\t一、主动公开情况');
    // The group row's empty value line (and the blank line after it) left out.
    const r = importText(splice(group + 2, 2));
    expect(r.issues).toEqual([]);
    expect(r.report!.tables).toEqual(example.tables);
    // Every blank and white-space-only line of the table left out.
    const first = lineOf('\t统\u3000计\u3000指\u3000标');
    const compact = [...lines.slice(0, first - 1), ...lines.slice(first - 1).filter((l) => l.trim() !== '')].join('\n');
    const c = importText(compact);
    expect(c.issues).toEqual([]);
    expect(c.report!.tables).toEqual(example.tables);
  });

  it('reads a table longer than a grid holds in parts, placing every value and naming every extra line', () => {
    const extra = Array.from({ length: 1000 }, (_, i) => `\t${i + 1}`);
    const r = importText([...lines, ...extra].join('\n'));
    expect(r.report!.tables).toEqual(example.tables);
    const named = new Set<number>();
    for (const i of r.issues) for (let l = i.line ?? 0; l <= (i.endLine ?? i.line ?? 0); l++) named.add(l);
    const missing = extra.map((_, k) => lines.length + k + 1).filter((l) => !named.has(l));
    expect(missing).toEqual([]);
  });

  it('reads a table printed again after the first (its header repeated) as another printing: duplicates, nothing unplaced', () => {
    const first = lineOf('\t统\u3000计\u3000指\u3000标');
    const table = lines.slice(first - 1);
    const r = importText([...lines, '', ...table].join('\n'));
    expect(r.report!.tables).toEqual(example.tables);
    expect(r.issues.filter((i) => i.code !== 'duplicate_cell' && i.code !== 'ambiguous_label')).toEqual([]);
    expect(r.issues.filter((i) => i.code === 'duplicate_cell').length).toBeGreaterThan(40);
  });

  it('starts the table at its header or after 附件, never at a tab-indented paragraph of the narrative', () => {
    // After 二、主动公开政府信息情况, a table's title in the 2019 and 2021 formats.
    const at = lines.findIndex((l) => l.startsWith('区审管办进一步加强《条例》')) + 1;
    expect(at).toBeGreaterThan(0);
    const r = importText(splice(at, 1, `\t${lines[at - 1]}`));
    expect(r.issues).toEqual([]);
    expect(r.report!.sections).toEqual(example.sections);
    expect(r.report!.signature).toEqual(example.signature);
    expect(r.report!.tables).toEqual(example.tables);
  });

  it('reports every line inserted into the table, wherever it goes', () => {
    const first = lineOf('\t统\u3000计\u3000指\u3000标') + 3;
    fc.assert(
      fc.property(fc.integer({ min: first, max: lines.length }), fc.nat(999), (at, n) => {
        const text = `噪声行${n}`;
        const r = importText(splice(at, 0, text));
        const covers = (i: ImportIssue) => i.line !== undefined && i.line <= at && at <= (i.endLine ?? i.line);
        expect(r.issues.some((i) => covers(i) && (String(i.value ?? '').includes(text) || i.label?.includes(text)))).toBe(true);
      }),
      { numRuns: 80 },
    );
  });
});

describe('importText on other inputs', () => {
  const report2021 = [
    '青山市统计局2023年政府信息公开工作年度报告',
    '',
    '本报告依据《中华人民共和国政府信息公开条例》编制，电子版见（http://tjj.qingshan.gov.cn）。',
    '一、总体情况',
    '2023年，本局全年收到政府信息公开申请154件。',
    '二、主动公开政府信息情况',
    '第二十条第（一）项',
    '信息内容\t本年制发件数\t本年废止件数\t现行有效件数',
    '规章\t0\t0\t0',
    '行政规范性文件\t11\t4\t60',
    '三、收到和处理政府信息公开申请情况',
    '本年收到和处理申请情况如下：',
    '四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t6',
    '四、政府信息公开行政复议、行政诉讼情况',
    '本年无行政复议、行政诉讼。',
    '五、存在的主要问题及改进情况',
    '一是公开不够及时。',
    '六、其他需要报告的事项',
    '本年未收取信息处理费。',
    '青山市统计局',
    '2024年1月20日',
  ].join('\n');

  it('detects a 2021 report, reads its narrative and its tables, and a headerless row by the format\'s order', () => {
    const { report, issues } = importText(report2021);
    expect(report!.format).toBe('gov-2021');
    expect(issues.filter((i) => i.severity !== 'info' && i.code !== 'missing_table')).toEqual([]);
    expect(report!.tables.proactive!['proactive.documents.normative']).toEqual({ issued: 11, repealed: 4, inForce: 60 });
    // 四、结转下年度继续办理 prints its seven values without a header: the row's seven columns, in order.
    expect(report!.tables.applications!['applications.carriedForward']).toMatchObject({
      naturalPerson: 0,
      commercial: 0,
      research: 0,
      publicInterest: 0,
      legalService: 0,
      otherOrganization: 0,
      total: 6,
    });
    expect(report!.sections.map((s) => s.id)).toEqual(['overview', 'proactive', 'applications', 'reviewLitigation', 'problems', 'other']);
    expect(report!.sections[1]!.paragraphs).toEqual([]);
    expect(report!.sections[2]!.paragraphs).toEqual(['本年收到和处理申请情况如下：']);
    expect(report!.metadata).toEqual({
      agency: '青山市统计局',
      year: 2023,
      publishedOn: '2024-01-20',
      sourceUrl: 'http://tjj.qingshan.gov.cn',
      title: '青山市统计局2023年政府信息公开工作年度报告',
    });
    expect(report!.signature).toEqual({ organ: '青山市统计局', date: '2024-01-20' });
  });

  it('reads a text as the format it is told, including a user format', () => {
    const local = defineFormat({ ...formats['gov-2014'], id: 'zj-2014', edition: 'zj-2014' });
    expect(importText(seedText, { format: local }).report!.format).toBe('zj-2014');
    expect(importText(seedText, { format: 'zj-2014', formats: [local] }).report!.format).toBe('zj-2014');
    const unknown = importText(seedText, { format: 'nope' });
    expect(unknown.report).toBeUndefined();
    expect(unknown.issues).toMatchObject([{ code: 'unknown_format', severity: 'error', value: 'nope' }]);
  });

  it('says what is missing when the text has no table, agency or year', () => {
    // The narrative alone is a partial report: its sections, and an issue for the missing table.
    const narrative = importText(lines.slice(0, lineOf('附件：政府信息公开情况统计表（2017年度）') - 1).join('\n'));
    expect(narrative.report?.sections.length).toBe(7);
    expect(narrative.report?.metadata.agency).toBe('江北区审管办(行政服务中心)');
    expect(codes(narrative.issues)).toEqual(['missing_table']);
    const unsigned = importText(['2017年政府信息公开工作年度报告', '一、概述', '内容。'].join('\n'));
    expect(unsigned.report?.metadata.agency).toBe('');
    expect(unsigned.issues).toContainEqual(expect.objectContaining({ code: 'missing_field', key: 'agency', severity: 'error' }));
    expect(importText(['2017年政府信息公开工作年度报告', '一、概述', '内容。'].join('\n'), { metadata: { agency: '某某局' } }).report?.metadata.agency).toBe('某某局');
    const empty = importText('');
    expect(empty.report).toBeUndefined();
    expect(codes(empty.issues)).toEqual(['unknown_format']);
  });

  it('takes a date printed under the title as the publication date', () => {
    const r = importText(['某某局2018年政府信息公开工作年度报告', '', '2019年1月31日', '本报告依据条例编制。', '一、概述', '内容。', '某某局', '2019年2月1日'].join('\n'));
    // The date under the title (as on a web page), not the signature's.
    expect(r.report!.metadata.publishedOn).toBe('2019-01-31');
    expect(r.report!.signature).toEqual({ organ: '某某局', date: '2019-02-01' });
    expect(r.report!.preamble).toEqual(['本报告依据条例编制。']);
    const cn = importText(['某某局2018年政府信息公开工作年度报告', '一、概述', '内容。', '某某局', '二〇一九年一月三十一日'].join('\n'));
    expect(cn.report!.metadata.publishedOn).toBe('2019-01-31');
  });

  it('joins a section heading wrapped over lines until it names a section, and nothing else', () => {
    const head = ['某某局2022年政府信息公开工作年度报告', '', '一、总体情况', '内容。'];
    const tail = ['某某局', '2023年1月18日'];
    const wrapped = importText([...head, '二、主动公开政府', '信息情况', '本年主动公开。', ...tail].join('\n'));
    expect(wrapped.report!.sections.map((s) => [s.id, s.title, s.paragraphs])).toEqual([
      ['overview', '总体情况', ['内容。']],
      ['proactive', '主动公开政府信息情况', ['本年主动公开。']],
    ]);
    // Right under the title too.
    const first = importText(['某某局2022年政府信息公开工作年度报告', '一、总', '体情况', '内容。', ...tail].join('\n'));
    expect(first.report!.sections.map((s) => [s.id, s.title, s.paragraphs])).toEqual([['overview', '总体情况', ['内容。']]]);
    // A line that does not complete the title, or one after a blank line, is a paragraph.
    for (const rest of [['情况如下。'], ['', '信息情况']]) {
      const r = importText([...head, '二、主动公开政府', ...rest, ...tail].join('\n'));
      expect(r.report!.sections[1]).toMatchObject({ title: '主动公开政府', paragraphs: [rest.join('')] });
      expect(r.report!.sections[1]!.id).toBeUndefined();
    }
  });

  it('joins a paragraph indented on its first line across its wrapped lines only, never to the next paragraph or a number', () => {
    const head = ['某某市某某局2017年政府信息公开工作年度报告', '一、概述'];
    const tail = ['某某市某某局', '2018年3月20日'];
    const wrapped = importText([...head, '　　本年度主动公开政府信息一百余条，依申请公开', '办理及时，未发生行政复议。', ...tail].join('\n'));
    expect(wrapped.report!.sections[0]!.paragraphs).toEqual(['本年度主动公开政府信息一百余条，依申请公开办理及时，未发生行政复议。']);
    // A short line that ends its sentence ends its paragraph: the next line is the next paragraph, or the signature.
    const two = importText([...head, '　　第一段。', '第二段。', ...tail].join('\n'));
    expect(two.report!.sections[0]!.paragraphs).toEqual(['第一段。', '第二段。']);
    const signed = importText([...head, '　　本年度无其他需要报告的事项。', ...tail].join('\n'));
    expect(signed.report!.signature).toEqual({ organ: '某某市某某局', date: '2018-03-20' });
    expect(signed.report!.metadata.agency).toBe('某某市某某局');
    // A number alone on the next line is named, not swallowed.
    const number = importText([...head, '　　本年共受理申请。', '12', ...tail].join('\n'));
    expect(number.report!.sections[0]!.paragraphs).toEqual(['本年共受理申请。']);
    expect(number.issues).toMatchObject([{ code: 'missing_table' }, { code: 'unsupported_format', severity: 'warning', line: 4 }]);
  });

  it('reads a metadata line under the title, and no sentence or fields run together as one', () => {
    const r = importText(['某某局2022年政府信息公开工作年度报告', '发布机关：某某局　　行政区划：某某市　　发布日期：2023-01-18', '一、总体情况', '来源：国家统计局网站。', '某某局', '2023年1月20日'].join('\n'));
    expect(r.report!.metadata).toMatchObject({ agency: '某某局', region: '某某市', publishedOn: '2023-01-18' });
    expect(r.report!.sections[0]!.paragraphs).toEqual(['来源：国家统计局网站。']);
    const run = importText(['某某局2022年政府信息公开工作年度报告', '发布机关：某某局发布日期：2023-01-18', '一、总体情况', '内容。', '某某局', '2023年1月20日'].join('\n'));
    expect(run.report!.metadata.region).toBeUndefined();
    expect(run.report!.metadata.publishedOn).toBe('2023-01-20');
  });

  it('reads on after a table printed in the midst of the narrative: the next section, the signature', () => {
    const attachment = lineOf('附件：');
    const table = lines.slice(attachment - 1);
    const three = lines.findIndex((l) => l.trim().startsWith('三、依申请公开')) + 1;
    expect(three).toBeGreaterThan(0);
    const r = importText([...lines.slice(0, three - 1), ...table, ...lines.slice(three - 1, attachment - 1)].join('\n'));
    expect(r.report!.sections.map((s) => s.id)).toEqual(example.sections.map((s) => s.id));
    expect(r.report!.signature).toEqual(example.signature);
    expect(r.report!.tables).toEqual(example.tables);
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  it('reads 150,000 lines after a table without overflowing the stack', () => {
    const text = ['某某局2017年政府信息公开工作年度报告', '附件：', '政府信息公开情况统计表', '\t803', ...Array.from({ length: 150_000 }, () => 'x')].join('\n');
    expect(() => importText(text)).not.toThrow();
  });

  it('never throws on any string, and throws a TypeError for anything else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
        const r = importText(text);
        for (const issue of r.issues) expect(typeof issue.message).toBe('string');
        if (r.report) expect(parseReport(r.report).success).toBe(true);
      }),
      { numRuns: 300 },
    );
    const pieces = fc.constantFrom(...lines, '\t', '\tabc', '附件：', '一、', '（一）', '2018年2月30日', '\t——', '');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (picked) => {
        const r = importText(picked.join('\n'));
        if (r.report) expect(parseReport(r.report).success).toBe(true);
      }),
      { numRuns: 150 },
    );
    for (const wrong of [undefined, null, 1, {}, new Uint8Array(3)]) {
      expect(() => importText(wrong as unknown as string)).toThrow(TypeError);
    }
  });
});

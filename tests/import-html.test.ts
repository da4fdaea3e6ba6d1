import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHtml, decodeText } from '../src/import/core/decode.js';
import {
  defineFormat,
  formats,
  getCell,
  importHtml,
  indexFormat,
  validate,
  type ImportIssue,
  type Report,
  type Section,
} from '../src/index.js';
import { example, fixtureDir, htmlFixtures } from './helpers/html-fixtures.js';
import { present } from './helpers/examples.js';

const fixture = (name: string) => readFileSync(new URL(name, fixtureDir));
const text = (name: string) => fixture(name).toString('utf8');

/** Every printed cell of the format, with the expected and the imported value. */
function compareCells(expected: Report, actual: Report) {
  const cells = indexFormat(formats[expected.format as keyof typeof formats]).cells;
  return cells.map((c) => ({ ref: c.ref, printed: c.printed, expected: getCell(expected, c.ref), actual: getCell(actual, c.ref) }));
}

const PAGES = [
  { file: 'gov-2021.html', example: 'qingshan-2022', format: 'gov-2021', cells: 200 },
  { file: 'gov-2019.html', example: 'qingshan-2020', format: 'gov-2019', cells: 198 },
  { file: 'gov-2014.html', example: 'jiangbei-2017', format: 'gov-2014', cells: 58 },
  { file: 'gov-2014-gb18030.html', example: 'jiangbei-2017', format: 'gov-2014', cells: 58 },
] as const;

describe('importHtml: Word-pasted CMS pages of the three formats', () => {
  it.each(PAGES.map((p) => [p.file, p] as const))('%s: every cell of the example, exactly', (_name, page) => {
    const expected = example(page.example);
    const { report, issues } = importHtml(fixture(page.file));
    expect(issues).toEqual([]);
    expect(report?.format).toBe(page.format);
    const cells = compareCells(expected, report!);
    expect(cells.filter((c) => c.expected !== c.actual)).toEqual([]);
    // The comparison is not vacuous: the examples fill every printed cell.
    expect(cells.filter((c) => c.printed && c.actual !== null).length).toBeGreaterThanOrEqual(page.cells);
    expect(present(report!.tables)).toEqual(present(expected.tables));
  });

  it.each(PAGES.map((p) => [p.file, p] as const))('%s: sections, paragraphs, preamble, signature and metadata', (_name, page) => {
    const expected = example(page.example);
    const { report } = importHtml(fixture(page.file));
    expect(report!.sections).toEqual(expected.sections);
    expect(report!.preamble).toEqual(expected.preamble);
    expect(report!.signature).toEqual(expected.signature);
    expect(report!.enclosures).toEqual(expected.enclosures);
    expect(report!.attachments).toEqual(expected.attachments);
    const { region: _region, level: _level, ...metadata } = expected.metadata;
    expect(report!.metadata).toEqual(metadata);
  });

  it('finds the same validation findings as in the canonical example (793 ≠ 803 in 2017)', () => {
    const { report } = importHtml(fixture('gov-2014.html'));
    const codes = (r: Report) => validate(r).issues.map((i) => `${i.code} ${i.rule}`);
    expect(codes(report!)).toEqual(codes(example('jiangbei-2017')));
    expect(codes(report!)).toContain('narrative_mismatch A11');
  });

  it('the committed fixtures are what tests/helpers/html-fixtures.ts writes', () => {
    for (const f of htmlFixtures()) expect(fixture(f.name).equals(f.bytes), f.name).toBe(true);
  });

  it('the fixtures have the markup of real pages', () => {
    const page = text('gov-2021.html');
    expect(page.length).toBeGreaterThan(340_000);
    const count = (re: RegExp) => (page.match(re) ?? []).length;
    expect(count(/mso-/g)).toBeGreaterThan(1000);
    expect(count(/<o:p><\/o:p>/g)).toBeGreaterThan(100);
    expect(count(/<span[^>]*><span/g)).toBeGreaterThan(10); // nested spans
    expect(count(/>[０-９]+</g)).toBeGreaterThan(5); // full-width digits
    expect(count(/>\d&nbsp;\d+</g)).toBeGreaterThan(0); // &nbsp; inside a number
    expect(count(/<br>\r\n<span/g)).toBeGreaterThan(0); // labels broken by <br>
    expect(count(/<span style='[^']*'>(?: |&nbsp;|\u3000)<\/span>/g)).toBeGreaterThan(0); // stray spaces in labels
    expect(page).toMatch(/rowspan=3 [^>]*>.*?无法提供/s); // （四）无法提供 over its three rows
    expect(count(/colspan=4 /g)).toBeGreaterThanOrEqual(4); // the single values of （五）（六）（八） over three value columns (+1 Word grid column)
    expect(page).toMatch(/<td width=150 colspan=2 [^>]*><p[^>]*><span[^>]*>信息内容/); // the extra column of Word's grid
    expect(page).toContain('<![if !supportMisalignedColumns]>'); // Word's row of empty cells
    expect(page).toMatch(/<form[^>]*>[\s\S]*搜索[\s\S]*<\/form>/); // page furniture
    expect(page).toMatch(/<script[^>]*>[^<]*menu\.register/);
    expect(page).not.toContain('<h2');
    // Headings are bold paragraphs, run-in subsection headings too.
    expect(page).toMatch(/<(b|strong)><span[^>]*>一、总体情况<\/span><\/\1>/);
    expect(page).toMatch(/<b><span[^>]*>（一）主动公开<\/span><\/b><span/);
  });
});

describe('importHtml: what cannot be placed is named', () => {
  const { report, issues } = importHtml(text('problems.html'));
  const find = (code: ImportIssue['code']) => issues.filter((i) => i.code === code);

  it('reads the report around the problems', () => {
    expect(report?.format).toBe('gov-2021');
    expect(report?.metadata).toEqual({
      agency: '青山市统计局',
      year: 2022,
      title: '青山市统计局2022年政府信息公开工作年度报告',
      publishedOn: '2023-01-20', // the page's 发布日期, not the signature's date
      sourceUrl: 'http://tjj.qingshan.gov.cn/art/2023/1/20/art_2101_5521.html',
    });
    expect(report?.signature).toEqual({ organ: '青山市统计局', date: '2023-01-18' });
    expect(report?.sections.map((s) => s.id)).toEqual(['overview', 'proactive', 'applications', 'reviewLitigation', 'problems', 'other']);
    expect(getCell(report!, 'proactive.documents.normative/inForce')).toBe(15);
    expect(getCell(report!, 'proactive.licensing.permits/decisions')).toBe(36);
    expect(getCell(report!, 'proactive.charges.fees/feeAmount')).toBe('0.35');
    expect(getCell(report!, 'applications.results.granted/total')).toBe(6);
    expect(getCell(report!, 'applications.results.partial/naturalPerson')).toBe(1);
    expect(getCell(report!, 'reviewLitigation.cases/review.upheld')).toBe(1);
  });

  it('has exactly these issues: nothing else is dropped', () => {
    expect(issues.map((i) => `${i.severity} ${i.code}`).sort()).toEqual(
      [
        'warning label_typo',
        'warning label_typo',
        'error unplaced_value',
        'error bad_value',
        'error unknown_label',
        'info table_text',
        'warning unknown_table',
        'warning unplaced_text',
      ].sort(),
    );
  });

  it('a typo in a column header: the value is read, a warning names both labels and the header cell', () => {
    const typo = find('label_typo').find((i) => i.tableNumber === 1)!;
    expect(typo).toMatchObject({ severity: 'warning', tableNumber: 1, row: 2, column: 2, label: '本年制法件数', candidates: ['本年制发件数'] });
    expect(typo.message).toBe('第 1 个表格第 2 行第 2 列：标签"本年制法件数"与官方标签不完全一致，按“本年制发件数”处理');
    expect(getCell(report!, 'proactive.documents.normative/issued')).toBe(2);
  });

  it('a typo in a row label (3 stub columns deep)', () => {
    const typo = find('label_typo').find((i) => i.tableNumber === 2)!;
    expect(typo).toMatchObject({ tableNumber: 2, row: 9, column: 3, label: '2.其他法律行政止公开' });
    expect(typo.candidates).toEqual(['三、本年度办理结果/（三）不予公开/2.其他法律行政法规禁止公开']);
    expect(getCell(report!, 'applications.results.withheld.prohibited/naturalPerson')).toBe(1);
    expect(getCell(report!, 'applications.results.withheld.prohibited/total')).toBe(1);
  });

  it('an unknown row label: one error at the label cell, with the closest labels and the values not imported', () => {
    const [unknown] = find('unknown_label');
    expect(unknown).toMatchObject({
      severity: 'error',
      tableNumber: 2,
      row: 29,
      column: 1,
      table: 'applications',
      label: '五、本年度撤回申请数量',
      value: '1 | 0 | 0 | 0 | 0 | 0 | 1',
    });
    expect(unknown!.candidates!.length).toBeGreaterThan(0);
    expect(unknown!.message).toContain('第 2 个表格第 29 行第 1 列：格式中没有标签"五、本年度撤回申请数量"');
  });

  it('a value where the format has no cell (行政事业性收费 × 本年制发件数)', () => {
    expect(find('unplaced_value')).toEqual([
      expect.objectContaining({ severity: 'error', tableNumber: 1, row: 14, column: 2, table: 'proactive', value: '3', label: '行政事业性收费/本年制发件数' }),
    ]);
    expect(find('duplicate_cell')).toEqual([]);
  });

  it('a value that is no number, a note row, a table of another kind, text after the signature', () => {
    expect(find('bad_value')).toEqual([
      expect.objectContaining({ tableNumber: 2, row: 6, column: 4, cell: 'applications.results.granted/naturalPerson', value: '约5', reason: 'not_a_number' }),
    ]);
    expect(getCell(report!, 'applications.results.granted/naturalPerson')).toBeNull();
    expect(find('table_text')).toEqual([expect.objectContaining({ tableNumber: 2, row: 30, column: 1, value: '注：本表数据统计截至2022年12月31日。' })]);
    expect(find('unknown_table')).toEqual([expect.objectContaining({ tableNumber: 4, label: '序号 | 申请内容 | 答复日期' })]);
    expect(find('unplaced_text')).toEqual([expect.objectContaining({ value: '（此件公开发布）' })]);
  });

  it('writes the messages in English on request', () => {
    const en = importHtml(text('problems.html'), { locale: 'en' }).issues;
    expect(en.find((i) => i.code === 'unknown_label')!.message).toMatch(
      /^table 2, row 29, column 1: the format has no label "五、本年度撤回申请数量"; closest: .*; the values "1 \| 0 \| 0 \| 0 \| 0 \| 0 \| 1" were not imported$/,
    );
    expect(en.find((i) => i.code === 'unplaced_value')!.message).toBe(
      'table 1, row 14, column 2: "3" (行政事业性收费/本年制发件数) stands where table proactive has no cell; not imported',
    );
  });
});

// ---------------------------------------------------------------------------------------------

const page = (body: string, head = '') => `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body><div class="nav"><a href="/">首页</a></div><div class="content">${body}</div><div class="footer">版权所有</div></body></html>`;
const T2_HEAD = `<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>`;
const row = (label: string, values: number[]) => `<tr><td colspan="3">${label}</td>${values.map((v) => `<td>${v}</td>`).join('')}</tr>`;

describe('importHtml: structure', () => {
  it('a table continued without its header (split at a page break) keeps the header of the first part', () => {
    const html = page(`<p><b>一、总体情况</b></p><p>正文。</p><p><b>三、收到和处理政府信息公开申请情况</b></p>
      <table>${T2_HEAD}${row('一、本年新收政府信息公开申请数量', [3, 1, 0, 0, 0, 0, 4])}</table>
      <table>${row('二、上年结转政府信息公开申请数量', [1, 0, 0, 0, 2, 0, 3])}${row('四、结转下年度继续办理', [0, 0, 0, 0, 1, 0, 1])}</table>
      <p>甲单位</p><p>2023年1月5日</p>`, '<title>甲单位2022年政府信息公开工作年度报告</title>');
    const { report, issues } = importHtml(html);
    expect(getCell(report!, 'applications.carriedOver/legalService')).toBe(2);
    expect(getCell(report!, 'applications.carriedForward/total')).toBe(1);
    expect(getCell(report!, 'applications.newThisYear/commercial')).toBe(1);
    expect(issues.filter((i) => i.severity !== 'info').map((i) => i.code)).toEqual(['missing_table', 'missing_table']);
  });

  it('the title from <title> without the site name; agency from the signature; run-in and list-numbered headings', () => {
    const html = page(
      `<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>一、<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]><b>总体情况</b></p>
      <p>2022年，本单位认真贯彻《条例》。</p>
      <p><b><span style="font-family:楷体">（一）主动公开情况。</span></b>全年主动公开信息 <span>120</span> 条。</p>
      <p><span style="font-weight:bold">（二）依申请公开</span></p><p>收到申请3件。</p>
      <p style="text-align:right">乙县统计局</p><p style="text-align:right">2023-01-10</p>`,
      '<title>乙县统计局2022年政府信息公开工作年度报告_乙县人民政府门户网站</title>',
    );
    const { report } = importHtml(html);
    expect(report?.metadata).toMatchObject({ agency: '乙县统计局', year: 2022, title: '乙县统计局2022年政府信息公开工作年度报告', publishedOn: '2023-01-10' });
    expect(report?.format).toBe('gov-2021');
    const overview = report!.sections[0]!;
    expect(overview).toEqual<Section>({
      id: 'overview',
      title: '总体情况',
      paragraphs: ['2022年，本单位认真贯彻《条例》。'],
      subsections: [
        { title: '主动公开情况', paragraphs: ['全年主动公开信息120条。'] },
        { title: '依申请公开', paragraphs: ['收到申请3件。'] },
      ],
    });
  });

  it('the title and the date inside the body (no <title>, no meta)', () => {
    const html = page(`<h1>庚县2022年政府信息公开工作年度报告</h1><p>发布时间：2023年01月29日　来源：庚县人民政府办公室</p>
      <p>一、总体情况</p><p>正文。</p><p>庚县人民政府办公室</p><p>2023年1月28日</p>`);
    const { report } = importHtml(html);
    expect(report?.metadata).toEqual({ agency: '庚县人民政府办公室', year: 2022, title: '庚县2022年政府信息公开工作年度报告', publishedOn: '2023-01-29' });
    expect(report?.preamble).toBeUndefined();
    expect(report?.sections[0]).toEqual({ id: 'overview', title: '总体情况', paragraphs: ['正文。'] });
    expect(report?.signature).toEqual({ organ: '庚县人民政府办公室', date: '2023-01-28' });
  });

  it('a one-column table with a local header (2017年度): values read, the header reported', () => {
    const html = page(`<p><b>一、概述</b></p><p>本年度工作情况。</p>
      <table><tr><td>统计指标</td><td>单位</td><td>2017年度</td></tr>
      <tr><td>四、行政复议数量</td><td>件</td><td>2</td></tr>
      <tr><td>（一）维持具体行政行为数</td><td>件</td><td>1</td></tr>
      <tr><td>（二）被依法纠错数</td><td>件</td><td>1</td></tr>
      <tr><td>五、行政诉讼数量</td><td>件</td><td>1</td></tr>
      <tr><td>（二）被依法纠错数</td><td>次</td><td>1</td></tr></table>
      <p>丙区审管办</p><p>2018年3月1日</p>`, '<meta name="ArticleTitle" content="丙区审管办2017年政府信息公开工作年度报告">');
    const { report, issues } = importHtml(html);
    expect(report?.format).toBe('gov-2014');
    expect(getCell(report!, 'review')).toBe(2);
    expect(getCell(report!, 'review.corrected')).toBe(1);
    // The same label again: the next such row in print order.
    expect(getCell(report!, 'litigation.corrected')).toBe(1);
    expect(issues.filter((i) => i.code === 'unknown_label')).toEqual([
      expect.objectContaining({ severity: 'warning', tableNumber: 1, row: 1, column: 3, label: '2017年度' }),
    ]);
    expect(issues.filter((i) => i.code === 'unit_mismatch')).toEqual([
      expect.objectContaining({ tableNumber: 1, row: 6, column: 2, cell: 'litigation.corrected/value', units: { from: '次', to: '件' } }),
    ]);
  });

  it('text in one <div> broken by <br>, <th> headers, a block printed under the header of the block before', () => {
    const html = page(
      `一、总体情况<br>2022年，本机关依法公开政府信息。<br>二、主动公开政府信息情况<br>
      <table><tr><th colspan="4">第二十条第（一）项</th></tr>
      <tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr>
      <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>行政规范性文件</td><td>4</td><td>1</td><td>30</td></tr>
      <tr><th colspan="4">第二十条第（五）项</th></tr><tr><td>行政许可</td><td colspan="3">1,234</td></tr></table>
      六、其他需要报告的事项<br>本机关未收取信息处理费。<br>戊市民政局<br>2023年1月30日`,
      '<title>戊市民政局2022年政府信息公开工作年度报告</title>',
    );
    const { report, issues } = importHtml(html);
    expect(report?.sections.map((s) => [s.id, s.paragraphs])).toEqual([
      ['overview', ['2022年，本机关依法公开政府信息。']],
      ['proactive', []],
      ['other', ['本机关未收取信息处理费。']],
    ]);
    expect(report?.signature).toEqual({ organ: '戊市民政局', date: '2023-01-30' });
    expect(getCell(report!, 'proactive.documents.normative/inForce')).toBe(30);
    expect(getCell(report!, 'proactive.licensing.permits/decisions')).toBe(1234);
    expect(issues.filter((i) => i.severity !== 'info').map((i) => i.code)).toEqual(['missing_table', 'missing_table']);
    // The site's furniture around the body (nav, footer) is not report text.
    expect(issues.filter((i) => i.code === 'unplaced_text')).toEqual([]);
  });

  it('the attachment lines printed inside the table (title, 年度, 填报单位)', () => {
    const html = page(`<p>一、概述</p><p>概况。</p><p>己县审管办</p><p>2018年2月1日</p>
      <table><tr><td colspan="3">政府信息公开情况统计表</td></tr><tr><td colspan="3">（2017年度）</td></tr>
      <tr><td colspan="3">填报单位（盖章）：己县行政审批管理办公室</td></tr>
      <tr><td>统计指标</td><td>单位</td><td>统计数</td></tr>
      <tr><td>六、举报投诉数量</td><td>件</td><td>3</td></tr></table>`, '<title>己县审管办2017年政府信息公开工作年度报告</title>');
    const { report } = importHtml(html);
    expect(report?.attachments).toEqual([{ title: '政府信息公开情况统计表', period: '2017年度', filledBy: '己县行政审批管理办公室', tables: ['statistics'] }]);
    expect(report?.metadata.agency).toBe('己县行政审批管理办公室');
    expect(getCell(report!, 'complaints')).toBe(3);
  });

  it('a page that holds no report gives issues, never an exception', () => {
    const { report, issues } = importHtml('<html><body><ul><li><a href="/">首页</a></li></ul><p>欢迎访问</p></body></html>');
    expect(report).toBeUndefined();
    expect(issues.map((i) => i.code)).toEqual(expect.arrayContaining(['unknown_format']));
    expect(() => importHtml(42 as unknown as string)).toThrow(TypeError);
  });

  it('options: the format named, metadata given', () => {
    const { report, issues } = importHtml(text('problems.html'), {
      format: '2021',
      metadata: { region: '青山市', level: 'department', sourceUrl: 'https://example.org/nb.html', publishedOn: 'yesterday' as string },
    });
    expect(report?.metadata).toMatchObject({ region: '青山市', level: 'department', sourceUrl: 'https://example.org/nb.html', publishedOn: '2023-01-20' });
    expect(issues).toContainEqual(expect.objectContaining({ code: 'bad_field', key: 'publishedOn' }));
  });

  it('is generic over formats: a local variant made with defineFormat (two value columns)', () => {
    const local = defineFormat({
      id: 'fj-2017',
      edition: 'fj-2017',
      title: '福建省政府信息公开情况统计表',
      tablePlacement: 'attachment',
      attachmentTitle: '政府信息公开情况统计表',
      sections: formats['gov-2014'].sections,
      identities: [],
      tables: [
        {
          id: 'summary',
          title: '政府信息公开情况统计表',
          stubHeader: '指标名称',
          unitColumn: true,
          unit: '条',
          kind: 'count',
          columns: [
            { id: 'year', label: '本年度' },
            { id: 'cumulative', label: '历年累计' },
          ],
          rows: [
            {
              id: 'published',
              label: '主动公开文件数',
              relation: 'partOf',
              children: [
                { id: 'published.website', label: '其中：1、政府网站公开数' },
                { id: 'published.gazette', label: '2、政府公报公开数' },
              ],
            },
            { id: 'review', label: '行政复议数', unit: '件' },
          ],
        },
      ],
    });
    const html = page(`<p><b>一、概述</b></p><p>概况。</p><p>丁市政府办</p><p>2018年1月20日</p><p>附件：</p><p>政府信息公开情况统计表</p>
      <table><tr><td>指标名称</td><td>计量单位</td><td>本年度</td><td>历年累计</td></tr>
      <tr><td>主动公开文件数</td><td>条</td><td>1&nbsp;200</td><td>１５００</td></tr>
      <tr><td>其中：1、政府网站公开数</td><td>条</td><td>1000</td><td>1300</td></tr>
      <tr><td>2、政府公报公开数</td><td>条</td><td>20</td><td>—</td></tr>
      <tr><td>行政复议数</td><td>件</td><td>0</td><td>2</td></tr></table>`, '<title>丁市政府办2017年政府信息公开工作年度报告</title>');
    const { report, issues } = importHtml(html, { formats: [local] });
    expect(report?.format).toBe('fj-2017');
    expect(report?.tables).toEqual({
      summary: {
        published: { year: 1200, cumulative: 1500 },
        'published.website': { year: 1000, cumulative: 1300 },
        'published.gazette': { year: 20, cumulative: null },
        review: { year: 0, cumulative: 2 },
      },
    });
    expect(issues).toEqual([]);
  });

  it('never throws and never fails inside on any markup', () => {
    const fragment = fc.oneof(
      fc.constantFrom('<table>', '</table>', '<tr>', '<td rowspan="0">', '<td colspan="999">', '<th>', '</td>', '<p>', '<b>', '<br>', '<o:p>', '&nbsp;', '一、总体情况', '（一）', '总计', '自然人', '12', '—', '<![if !supportLists]>', '<!--', '<script>', '<td rowspan=3>'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 60 }), (parts) => {
        const { issues } = importHtml(parts.join(''));
        expect(issues.filter((i) => i.code === 'internal')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('importHtml: encodings', () => {
  it('reads the page saved in GB18030 from its bytes', () => {
    const bytes = fixture('gov-2014-gb18030.html');
    expect(decodeText(bytes)).toMatchObject({ encoding: 'gb18030' });
    expect(present(importHtml(new Uint8Array(bytes)).report!.tables)).toEqual(present(example('jiangbei-2017').tables));
  });

  it('honours <meta charset=gbk> for bytes that are not UTF-8 even where they would pass for damaged UTF-8', () => {
    // GBK pairs (E4 80)(81 40) are also a valid UTF-8 sequence and an ASCII "@": such text decodes
    // as UTF-8 almost everywhere, and one more GBK character (中) makes it "damaged UTF-8".
    const body = [...Array.from({ length: 12 }, () => [0xe4, 0x80, 0x81, 0x40]).flat(), 0xd6, 0xd0];
    const html = (charset: string) =>
      new Uint8Array([...Buffer.from(`<html><head><meta charset="${charset}"></head><body><p>`), ...body, ...Buffer.from('</p></body></html>')]);
    const expected = iconv.decode(Buffer.from(body), 'gbk');
    expect(expected.endsWith('中')).toBe(true);
    expect(decodeText(html('gbk'))).toHaveProperty('error');
    expect(decodeHtml(html('gbk'))).toEqual({ text: expect.stringContaining(`<p>${expected}</p>`), encoding: 'gb18030' });
    expect(decodeHtml(html('GB2312'))).toMatchObject({ encoding: 'gb18030' });
    // Without the declaration the bytes stay what decodeText makes of them.
    expect(decodeHtml(html('utf-8'))).toHaveProperty('error');
    // Valid UTF-8 is UTF-8, whatever the page declares.
    expect(decodeHtml(new Uint8Array(Buffer.from('<meta charset="gbk"><p>中文</p>')))).toEqual({ text: '<meta charset="gbk"><p>中文</p>', encoding: 'utf-8' });
  });

  it('bytes that are no text give a bad_input issue', () => {
    const { report, issues } = importHtml(new Uint8Array([0x3c, 0x70, 0x3e, 0x00, 0x01, 0x02, 0xff, 0xfe, 0x00]));
    expect(report).toBeUndefined();
    expect(issues).toEqual([expect.objectContaining({ code: 'bad_input', severity: 'error' })]);
  });
});

describe('importHtml options', () => {
  it('throws a TypeError naming the option of the wrong type, like the other importers', () => {
    expect(() => importHtml('<p>x</p>', { locale: 'constructor' as never })).toThrow(/importHtml: options.locale/);
    expect(() => importHtml('<p>x</p>', { formats: 'gov-2021' as never })).toThrow(TypeError);
  });
});

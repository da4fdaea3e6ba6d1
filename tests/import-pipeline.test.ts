import { describe, expect, expectTypeOf, it } from 'vitest';
import { assemble } from '../src/import/core/assemble.js';
import type { Layout, LayoutBlock } from '../src/import/core/layout.js';
import { MAX_GRID_HEIGHT, type Grid, type GridCell } from '../src/import/core/grid.js';
import { defineFormat, getCell, importHtml, type BadValueReason, type ImportIssue } from '../src/index.js';

/** A grid from rows of texts (no spans), as a reader would hand it over. */
function grid(rows: readonly (readonly string[])[]): Grid {
  const width = Math.max(...rows.map((r) => r.length));
  const cells: GridCell[] = [];
  const out = rows.map((r, y) => {
    const line: (GridCell | undefined)[] = [];
    r.forEach((text, x) => {
      const cell = { text, row: y, column: x, rowSpan: 1, colSpan: 1 };
      cells.push(cell);
      line.push(cell);
    });
    return line;
  });
  expect(rows.length).toBeLessThan(MAX_GRID_HEIGHT);
  return { rows: out, width, height: rows.length, cells, caption: undefined, oversized: false };
}

const para = (text: string): LayoutBlock => ({ kind: 'paragraph', text });

const PROACTIVE = grid([
  ['第二十条第（一）项'],
  ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
  ['规章', '1', '0', '11'],
  ['行政规范性文件', '8', '26', '95'],
]);

describe('assemble: one recogniser for every reader', () => {
  it('builds a report from a Layout of any reader: title, preamble, sections, table cells, signature', () => {
    const layout: Layout = {
      blocks: [
        para('青山市统计局2021年政府信息公开工作年度报告'),
        para('本报告根据《中华人民共和国政府信息公开条例》编制。'),
        para('一、总体情况'),
        para('2021年，本局认真贯彻条例。'),
        para('二、主动公开政府信息情况'),
        { kind: 'table', grid: PROACTIVE },
        para('五、存在的主要问题及整改措施'),
        para('一是公开内容不够全面。'),
        para('青山市统计局'),
        para('2022年1月20日'),
      ],
      facts: {},
    };
    const { report, issues } = assemble(layout);
    expect(report?.format).toBe('gov-2021');
    expect(report?.metadata).toMatchObject({ agency: '青山市统计局', year: 2021, publishedOn: '2022-01-20' });
    expect(report?.preamble).toEqual(['本报告根据《中华人民共和国政府信息公开条例》编制。']);
    expect(report?.sections.map((s) => s.id ?? s.title)).toEqual(['overview', 'proactive', 'problems']);
    expect(getCell(report!, 'proactive.documents.rules/inForce')).toBe(11);
    expect(getCell(report!, 'proactive.documents.normative/repealed')).toBe(26);
    expect(report?.signature).toEqual({ organ: '青山市统计局', date: '2022-01-20' });
    // The alias is data: no "unknown section" for 存在的主要问题及整改措施.
    expect(issues.filter((i) => i.code === 'unknown_section')).toEqual([]);
  });

  it('returns a partial report naming what the document does not state (agency), and takes it from options', () => {
    const layout: Layout = { blocks: [para('2021年政府信息公开工作年度报告'), para('二、主动公开政府信息情况'), { kind: 'table', grid: PROACTIVE }], facts: {} };
    const partial = assemble(layout);
    expect(partial.report).toBeDefined();
    expect(getCell(partial.report!, 'proactive.documents.rules/issued')).toBe(1);
    expect(partial.issues).toContainEqual(expect.objectContaining({ code: 'missing_field', key: 'agency', severity: 'error' }));
    const given = assemble(layout, { metadata: { agency: '青山市统计局' } });
    expect(given.report?.metadata.agency).toBe('青山市统计局');
    expect(given.issues.filter((i) => i.code === 'missing_field')).toEqual([]);
  });

  it('names the page of a value it cannot place, in a table that runs across a page break', () => {
    const split: Grid = { ...PROACTIVE, pages: [3, 3, 3, 4] };
    const odd = { ...PROACTIVE.rows[3]![1]!, text: '8件半' };
    const broken: Grid = {
      ...split,
      rows: split.rows.map((r, y) => (y === 3 ? [r[0], odd, r[2], r[3]] : r)),
      cells: split.cells.map((c) => (c === PROACTIVE.rows[3]![1] ? odd : c)),
    };
    const { issues } = assemble({ blocks: [para('青山市统计局2021年政府信息公开工作年度报告'), { kind: 'table', grid: broken, at: { page: 3 } }], facts: {} }, { locale: 'zh-CN' });
    const bad = issues.find((i) => i.code === 'bad_value');
    expect(bad).toMatchObject({ page: 4, tableNumber: 1, row: 4, column: 2 });
    expect(bad?.message).toMatch(/^第 4 页第 1 个表格第 4 行第 2 列/);
  });

  it('gives no report when nothing report-like is there', () => {
    const { report, issues } = assemble({ blocks: [para('欢迎访问')], facts: {} });
    expect(report).toBeUndefined();
    expect(issues.map((i) => i.code)).toContain('unknown_format');
  });
});

describe('importHtml: pages as real sites publish them', () => {
  const page = (head: string, body: string) => `<html><head>${head}</head><body>${body}</body></html>`;
  const TABLE = `<table>
<tr><td colspan="2">第二十条第（一）项</td></tr>
<tr><td colspan="2">信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr>
<tr><td>行政规范性文件</td><td>4</td><td>5</td><td>6</td></tr>
</table>`;

  it('places the values of rows that do not line up with a header cell spanning other columns', () => {
    const { report, issues } = importHtml(page('', `<p>青山市统计局2021年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>${TABLE}`));
    expect(report?.tables.proactive?.['proactive.documents.rules']).toEqual({ issued: 1, repealed: 2, inForce: 3 });
    expect(report?.tables.proactive?.['proactive.documents.normative']).toEqual({ issued: 4, repealed: 5, inForce: 6 });
    expect(issues.filter((i) => i.code === 'unplaced_value')).toEqual([]);
  });

  it('reads the agency from a title with the year first', () => {
    const { report } = importHtml(page('', `<p>2019年上海市人民政府办公厅政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>${TABLE}`));
    expect(report?.metadata.agency).toBe('上海市人民政府办公厅');
    expect(report?.metadata.year).toBe(2019);
  });

  it("takes publishedOn from the document's own dates, never from a crawler's 采集时间 header", () => {
    const body = `<div class="crawler">采集时间：2024-05-06 10:00</div>
      <div class="article"><p>青山市统计局2021年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>${TABLE}
      <p>青山市统计局</p><p>2022年1月20日</p></div>`;
    expect(importHtml(page('', body)).report?.metadata.publishedOn).toBe('2022-01-20');
    const stated = body.replace('采集时间：2024-05-06 10:00', '发布时间：2022-01-25');
    expect(importHtml(page('', stated)).report?.metadata.publishedOn).toBe('2022-01-25');
  });

  it('states sourceUrl only when the page gives its own address (not the site named in the preamble)', () => {
    const body = `<p>青山市统计局2021年政府信息公开工作年度报告</p><p>年度报告电子版可在青山市统计局网站（http://tjj.qingshan.gov.cn）下载。</p>
      <p>二、主动公开政府信息情况</p>${TABLE}`;
    expect(importHtml(page('', body)).report?.metadata.sourceUrl).toBeUndefined();
    const own = page('<link rel="canonical" href="http://tjj.qingshan.gov.cn/art/2022/1/20/art_1.html">', body);
    expect(importHtml(own).report?.metadata.sourceUrl).toBe('http://tjj.qingshan.gov.cn/art/2022/1/20/art_1.html');
  });
});

describe('import issues', () => {
  it('are a union on code: each code carries its own fields', () => {
    expectTypeOf<Extract<ImportIssue, { code: 'bad_value' }>['reason']>().toEqualTypeOf<BadValueReason>();
    expectTypeOf<Extract<ImportIssue, { code: 'row_shape' }>['expected']>().toEqualTypeOf<number>();
    expectTypeOf<Extract<ImportIssue, { code: 'label_typo' }>['candidates']>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<Extract<ImportIssue, { code: 'missing_field' }>['key']>().toEqualTypeOf<string>();
    // Narrowing by code reaches the fields without a check of their presence.
    const { issues } = importHtml('<p>二、主动公开政府信息情况</p><table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>1.5</td></tr></table>');
    const bad = issues.find((i): i is Extract<ImportIssue, { code: 'bad_value' }> => i.code === 'bad_value');
    expect(bad?.reason).toBe('not_integer');
  });
});

describe('a row that lost a cell', () => {
  // A local format: two rows whose values must agree column by column (an identity).
  const local = defineFormat({
    id: 'local-carry',
    edition: 'local-carry',
    title: '结转情况表',
    tablePlacement: 'sections',
    sections: [{ id: 'carry', title: '结转情况', tables: ['carry'] }],
    tables: [
      {
        id: 'carry',
        title: '结转情况表',
        stubHeader: '项目',
        unit: '件',
        kind: 'count',
        columns: [
          { id: 'a', label: '甲类' },
          { id: 'b', label: '乙类' },
          { id: 'c', label: '丙类' },
        ],
        rows: [
          { id: 'closing', label: '上年末结转' },
          { id: 'opening', label: '本年初结转' },
        ],
      },
    ],
    identities: [
      {
        id: 'C1',
        rule: 'C1',
        kind: 'official',
        severity: 'error',
        table: 'carry',
        each: 'column',
        relation: 'eq',
        left: ['opening'],
        right: ['closing'],
        description: { 'zh-CN': '本年初结转等于上年末结转', en: 'opening equals closing' },
      },
    ],
  });
  const read = (lost: string, closing = ['1', '2', '3']) =>
    assemble(
      {
        blocks: [
          para('某某局2024年政府信息公开工作年度报告'),
          { kind: 'table', grid: grid([['项目', '甲类', '乙类', '丙类'], ['上年末结转', ...closing], ['本年初结转', '', '', '', ...lost.split(' ')]]) },
        ],
        facts: {},
      },
      { format: local },
    );

  it('is placed where exactly one way of keeping its values in order agrees with the rules the other values decide', () => {
    const { report, issues } = read('1 3');
    expect(report?.tables.carry?.opening).toEqual({ a: 1, b: null, c: 3 });
    expect(issues).toContainEqual(expect.objectContaining({ code: 'row_shape', severity: 'info', expected: 3, actual: 2 }));
    expect(issues.filter((i) => i.code === 'unplaced_value')).toEqual([]);
  });

  it('a lone number moved out of its row goes to the one empty cell where the rules hold with it, or is reported', () => {
    const stray = (n: string) =>
      assemble(
        {
          blocks: [
            para('某某局2024年政府信息公开工作年度报告'),
            { kind: 'table', grid: grid([['项目', '甲类', '乙类', '丙类'], ['上年末结转', '1', '2', '3'], ['', n], ['本年初结转', '1', '', '3']]) },
          ],
          facts: {},
        },
        { format: local },
      );
    const placed = stray('2');
    expect(placed.report?.tables.carry?.opening).toEqual({ a: 1, b: 2, c: 3 });
    expect(placed.issues).toContainEqual(expect.objectContaining({ code: 'placed_by_rules', severity: 'warning', cell: 'opening/b', value: '2' }));
    const refused = stray('7');
    expect(refused.report?.tables.carry?.opening).toEqual({ a: 1, b: null, c: 3 });
    expect(refused.issues).toContainEqual(expect.objectContaining({ code: 'unplaced_value', value: '7' }));
  });

  it('is reported, not placed, when the rules leave more than one way (or none)', () => {
    for (const [lost, closing] of [['0 0', ['0', '0', '0']], ['5 6', ['1', '2', '3']]] as const) {
      const { report, issues } = read(lost, [...closing]);
      expect(report?.tables.carry?.opening).toEqual({ a: null, b: null, c: null });
      expect(issues.filter((i) => i.code === 'unplaced_value').map((i) => i.value)).toEqual(lost.split(' '));
    }
  });
});

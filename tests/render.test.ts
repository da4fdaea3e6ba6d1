import { SEED } from './helpers/fuzz.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { defineFormat } from '../src/formats/define.js';
import { formats } from '../src/formats/catalogue.js';
import { setCell } from '../src/formats/document.js';
import type { FormatDefinition } from '../src/formats/types.js';
import { type Report, type Section } from '../src/model/report.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderText } from '../src/render/text.js';
import { breakUnits, wrapLine } from '../src/render/wrap.js';
import { validate } from '../src/validate/validate.js';
import { loadExample } from './helpers/examples.js';

const load = (name: string): Report => loadExample(`${name}.json`);
const EXAMPLES = ['jiangbei-2017', 'qingshan-2020', 'qingshan-2022'] as const;
const reports = Object.fromEntries(EXAMPLES.map((name) => [name, load(name)])) as Record<(typeof EXAMPLES)[number], Report>;
const jiangbei = reports['jiangbei-2017'];
const q2020 = reports['qingshan-2020'];
const q2022 = reports['qingshan-2022'];

const md = new MarkdownIt();

/** The text a Markdown reader shows for an inline token (breaks as new lines, links as their text). */
function shownText(inline: Token): string {
  return (inline.children ?? [])
    .map((t) => (t.type === 'text' || t.type === 'code_inline' ? t.content : t.type === 'softbreak' || t.type === 'hardbreak' ? '\n' : ''))
    .join('');
}

/** Tables in a markdown-it token stream: cells per row (th for the header row, td for the others). */
function tablesOf(tokens: readonly Token[]): string[][][] {
  const tables: string[][][] = [];
  let rows: string[][] | undefined;
  let row: string[] | undefined;
  tokens.forEach((t, i) => {
    if (t.type === 'table_open') rows = [];
    else if (t.type === 'table_close') {
      tables.push(rows!);
      rows = undefined;
    } else if (t.type === 'tr_open') row = [];
    else if (t.type === 'tr_close') rows!.push(row!);
    else if (t.type === 'th_open' || t.type === 'td_open') row!.push(shownText(tokens[i + 1]!));
  });
  return tables;
}

const headingsOf = (tokens: readonly Token[]) =>
  tokens.flatMap((t, i) => (t.type === 'heading_open' ? [{ level: Number(t.tag.slice(1)), text: shownText(tokens[i + 1]!) }] : []));

const paragraphsOf = (tokens: readonly Token[]) =>
  tokens.flatMap((t, i) => (t.type === 'paragraph_open' ? [shownText(tokens[i + 1]!)] : []));
/** The paragraphs after the xxgk line (which markdown-it without HTML shows as text) and the metadata line. */
const bodyParagraphs = (text: string) => {
  const all = paragraphsOf(md.parse(text, {}));
  expect(all[0]).toMatch(/^<!-- xxgk /);
  expect(all[1]).toMatch(/^发布机关：/);
  return all.slice(2);
};

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
function sectionHeadings(sections: readonly Section[], depth = 1): { level: number; text: string }[] {
  return sections.flatMap((s, i) => [
    { level: depth + 1, text: `${depth === 1 ? `${CN[i]}、` : depth === 2 ? `（${CN[i]}）` : `${i + 1}.`}${s.title}` },
    ...sectionHeadings(s.subsections ?? [], depth + 1),
  ]);
}

const golden = (file: string, actual: string) => {
  const url = new URL(`./golden/${file}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(new URL('./golden/', import.meta.url), { recursive: true });
    writeFileSync(url, actual);
  }
  expect(existsSync(url), `tests/golden/${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(url, 'utf8'));
};

/** The lines of plain-text grid tables: runs of lines that start with `+` or `|`. */
function gridTables(text: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('+') || line.startsWith('|')) current.push(line);
    else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

describe('golden files', () => {
  for (const name of EXAMPLES) {
    it(`${name}: Markdown and plain text are exactly as recorded (UPDATE_GOLDEN=1 rewrites)`, () => {
      golden(`${name}.md`, renderMarkdown(reports[name]));
      golden(`${name}.txt`, renderText(reports[name]));
    });
  }
});

describe('renderMarkdown: structure read back with markdown-it', () => {
  const expectedColumns: Record<(typeof EXAMPLES)[number], number[]> = {
    'jiangbei-2017': [3],
    'qingshan-2020': [4, 4, 4, 3, 3, 8, 15],
    'qingshan-2022': [4, 2, 2, 2, 8, 15],
  };
  for (const name of EXAMPLES) {
    it(`${name}: every table row has as many cells as the format gives columns`, () => {
      const text = renderMarkdown(reports[name]);
      const tables = tablesOf(md.parse(text, {}));
      expect(tables.map((t) => t[0]!.length)).toEqual(expectedColumns[name]);
      for (const table of tables) for (const row of table) expect(row).toHaveLength(table[0]!.length);
      // markdown-it pads short rows, so count the source's unescaped pipes as well.
      const pipes = (line: string) => line.replace(/\\./g, '').split('|').length - 1;
      const sourceTables = text.split('\n\n').map((c) => c.trimEnd()).filter((chunk) => chunk.startsWith('| '));
      expect(sourceTables).toHaveLength(tables.length);
      sourceTables.forEach((chunk, k) => {
        for (const line of chunk.split('\n')) expect(pipes(line), line).toBe(expectedColumns[name][k]! + 1);
      });
    });

    it(`${name}: the title, each section and subsection are headings, in order`, () => {
      const report = reports[name];
      const headings = headingsOf(md.parse(renderMarkdown(report), {}));
      expect(headings[0]).toEqual({ level: 1, text: report.metadata.title });
      const sections = sectionHeadings(report.sections);
      expect(headings.slice(1, 1 + sections.length)).toEqual(sections);
      const rest = headings.slice(1 + sections.length).map((h) => h.text);
      expect(rest).toEqual((report.attachments ?? []).map((a) => a.title));
    });

    it(`${name}: every paragraph reads verbatim`, () => {
      const report = reports[name];
      const shown = paragraphsOf(md.parse(renderMarkdown(report), {}));
      const all: string[] = [...(report.preamble ?? [])];
      const walk = (list: readonly Section[]) => list.forEach((s) => (all.push(...s.paragraphs), walk(s.subsections ?? [])));
      walk(report.sections);
      let from = 0;
      for (const p of all) {
        const at = shown.indexOf(p, from);
        expect(at, p.slice(0, 30)).toBeGreaterThanOrEqual(from);
        from = at + 1;
      }
    });
  }

  it('flattens multi-level column headers into one line joined by ·', () => {
    const tables = tablesOf(md.parse(renderMarkdown(q2022), {}));
    const applications = tables.find((t) => t[0]!.includes('自然人'))!;
    expect(applications[0]).toEqual([
      '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
      '自然人',
      '法人或其他组织·商业企业',
      '法人或其他组织·科研机构',
      '法人或其他组织·社会公益组织',
      '法人或其他组织·法律服务机构',
      '法人或其他组织·其他',
      '总计',
    ]);
    const review = tables.find((t) => t[0]![0] === '行政复议·结果维持')!;
    expect(review[0]).toContain('行政诉讼·未经复议直接起诉·结果维持');
    expect(review[0]).toContain('行政诉讼·复议后起诉·总计');
    // One unlabeled row: no label column, just the values.
    expect(review.slice(1)).toEqual([['4', '1', '2', '1', '8', '3', '1', '1', '2', '7', '1', '0', '0', '1', '2']]);
  });

  it('indents nested row labels and keeps group rows as label rows with empty cells', () => {
    const text = renderMarkdown(q2022);
    expect(text).toContain('| 三、本年度办理结果 |  |  |  |  |  |  |  |');
    expect(text).toContain('| &emsp;&emsp;（三）不予公开 |  |  |  |  |  |  |  |');
    expect(text).toContain('| &emsp;&emsp;&emsp;&emsp;1.属于国家秘密 | 0 |');
    const rows = tablesOf(md.parse(text, {})).find((t) => t[0]!.includes('自然人'))!;
    expect(rows.find((r) => r[0]!.endsWith('1.属于国家秘密'))![0]).toBe('\u2003'.repeat(4) + '1.属于国家秘密');
  });

  it('prints the 2014 table as 统计指标 | 单位 | 统计数 with —— for group rows', () => {
    const table = tablesOf(md.parse(renderMarkdown(jiangbei), {}))[0]!;
    expect(table[0]).toEqual(['统计指标', '单位', '统计数']);
    expect(table[1]).toEqual(['一、主动公开情况', '——', '']);
    expect(table[2]).toEqual(['\u2003\u2003（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）', '条', '803']);
    expect(table.find((r) => r[0]!.includes('七、依申请公开信息收取的费用'))).toEqual(['七、依申请公开信息收取的费用', '万元', '0']);
    expect(table).toHaveLength(66);
  });

  it('prints each block of a block table as its own table under the block label', () => {
    const tokens = md.parse(renderMarkdown(q2022), {});
    const tables = tablesOf(tokens);
    expect(tables[0]).toEqual([
      ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
      ['规章', '0', '0', '0'],
      ['行政规范性文件', '11', '4', '60'],
    ]);
    expect(tables[3]).toEqual([['信息内容', '本年收费金额（单位：万元）'], ['行政事业性收费', '3156.284716']]);
    const strong = tokens.filter((t) => t.type === 'inline' && t.children?.some((c) => c.type === 'strong_open')).map((t) => shownText(t));
    expect(strong).toEqual(['第二十条第（一）项', '第二十条第（五）项', '第二十条第（六）项', '第二十条第（八）项']);
  });

  it('takes blocks, stub headers, units and unlabeled rows from the format data, not from format ids', () => {
    const local: FormatDefinition = {
      id: 'test-local',
      edition: 'test',
      title: 'a local variant',
      tablePlacement: 'sections',
      sections: [{ id: 'stats', title: '统计', tables: ['money', 'blocks', 'one'] }],
      identities: [],
      tables: [
        {
          id: 'blocks',
          title: '分块表',
          unit: '件',
          columns: [
            { id: 'a', label: '甲|列' },
            { id: 'b', label: '乙列' },
            { id: 'c', label: '金额', unit: '元', kind: 'money' },
          ],
          rows: [
            { id: 'b1', label: '第一块', stubHeader: '事项', relation: 'group', columns: ['a', 'b'], children: [{ id: 'b1.x', label: '事项一' }] },
            { id: 'b2', label: '第二块', stubHeader: '项目', relation: 'group', columns: ['c'], children: [{ id: 'b2.y', label: '事项二' }] },
          ],
        },
        {
          id: 'one',
          title: '单行表',
          unit: '次',
          rows: [{ id: 'one.row', label: '次数', unlabeled: true }],
          columns: [{ id: 'g', label: '组', relation: 'group', children: [{ id: 'g.p', label: '子一' }, { id: 'g.q', label: '子二' }] }],
        },
        {
          id: 'money',
          title: '金额表',
          stubHeader: '指标',
          unitColumn: true,
          rows: [{ id: 'm', label: '合计', unit: '万元', relation: 'sum', children: [{ id: 'm.k', label: '其中：甲', unit: '万元' }] }],
          columns: [{ id: 'v', label: '数值' }],
        },
      ],
    };
    const format = defineFormat(local);
    let report: Report = {
      schemaVersion: 1,
      format: 'test-local',
      metadata: { agency: '某局', year: 2023 },
      sections: [{ id: 'stats', title: '统计', paragraphs: ['见下表。'] }],
      tables: {},
    };
    report = setCell(report, 'b1.x/a', 1, format);
    report = setCell(report, 'b2.y/c', '12.50', format);
    report = setCell(report, 'one.row/g.q', 7, format);
    report = setCell(report, 'm', '3.000', format);
    const text = renderMarkdown(report, { format });
    const tables = tablesOf(md.parse(text, {}));
    expect(tables).toEqual([
      [['指标', '单位', '数值'], ['合计', '万元', '3.000'], ['\u2003\u2003其中：甲', '万元', '—']],
      [['事项', '甲|列', '乙列'], ['事项一', '1', '—']],
      [['项目', '金额（元）'], ['事项二', '12.50']],
      // The one root over every column (like 申请人情况) is left out of the one-line headers.
      [['子一', '子二'], ['—', '7']],
    ]);
    expect(text).toContain('| 事项 | 甲\\|列 | 乙列 |');
    expect(text).toContain('**第一块**');
    expect(text.indexOf('见下表。')).toBeLessThan(text.indexOf('| 指标'));
  });

  it('shows a derived-only subtotal only when the report holds a value for it', () => {
    const withRow = setCell(q2022, 'applications.results.withheld/total', 19);
    const rows = tablesOf(md.parse(renderMarkdown(withRow), {})).find((t) => t[0]!.includes('自然人'))!;
    expect(rows.find((r) => r[0]!.endsWith('（三）不予公开'))!.slice(1)).toEqual(['—', '—', '—', '—', '—', '—', '19']);

    const withColumn = setCell(q2022, 'applications.newThisYear/legalPerson', 29);
    const table = tablesOf(md.parse(renderMarkdown(withColumn), {})).find((t) => t[0]!.includes('自然人'))!;
    expect(table[0]!.slice(1, 4)).toEqual(['自然人', '法人或其他组织', '法人或其他组织·商业企业']);
    expect(table[1]!.slice(0, 4)).toEqual(['一、本年新收政府信息公开申请数量', '231', '29', '19']);
    expect(table[2]![2]).toBe('—');
    for (const row of table) expect(row).toHaveLength(9);
  });

  it('escapes | * # and the like in text so that it reads verbatim', () => {
    const tricky = ['a|b *c* #d _e_ `f` [g](h) <i> &amp; ~~j~~ \\k!', '1. 不是列表', '- 也不是', '# 不是标题', '---', ':--', '  缩进  ', '', '第一行\n第二行\n', '> 引用', '　　全角缩进'];
    const report: Report = { ...q2022, preamble: tricky };
    const shown = bodyParagraphs(renderMarkdown(report));
    expect(shown.slice(0, tricky.length)).toEqual(tricky.map((p) => (p === '' ? '\u200b' : p)));
  });

  it('escaped text reads verbatim in markdown-it for any paragraph (property)', () => {
    const token = fc.oneof(
      fc.string(),
      fc.constantFrom('|', '*', '**', '#', '# ', '{{', '}}', ' ', '  ', '\u3000', '中文', '１２', '123', '1. ', '2) ', '- ', '+ ', '> ', '---', '===', ':-', '\\', '[', ']', '(#x)', '&amp;', '&#32;', '<b>', '_', '`', '~~', '\n', '!', '\t'),
    );
    fc.assert(
      fc.property(fc.array(fc.array(token, { maxLength: 8 }).map((a) => a.join('')), { minLength: 1, maxLength: 4 }), (paragraphs) => {
        const report: Report = { ...q2022, preamble: paragraphs };
        const shown = bodyParagraphs(renderMarkdown(report));
        expect(shown.slice(0, paragraphs.length)).toEqual(paragraphs.map((p) => (p === '' ? '\u200b' : p)));
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});

describe('renderMarkdown: the document', () => {
  it('starts with the xxgk line, the title and the metadata line, and ends with one new line', () => {
    const text = renderMarkdown(q2022);
    const lines = text.split('\n');
    expect(lines[0]).toBe('<!-- xxgk format=gov-2021 level=department title=1 -->');
    expect(lines[2]).toBe('# 青山市自然资源和规划局2022年政府信息公开工作年度报告');
    expect(lines[4]).toBe(
      '发布机关：青山市自然资源和规划局 | 行政区划：青山市 | 报告年度：2022年 | 发布日期：2023年1月18日 | 来源：<http://zrzy.qingshan.gov.cn/art/2023/1/18/art_1457_102746.html>',
    );
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(renderMarkdown(q2022)).toBe(text);
  });

  it('builds the title from agency and year unless metadata.title is set', () => {
    const { title: _title, ...metadata } = q2020.metadata;
    const text = renderMarkdown({ ...q2020, metadata });
    expect(text).toContain('\n# 青山市自然资源和规划局2020年政府信息公开工作年度报告\n');
    expect(text.split('\n')[0]).not.toContain('title=1');
    expect(renderMarkdown(jiangbei)).toContain('\n# 江北区审管办（行政服务中心）2017年政府信息公开年度工作报告\n');
  });

  it('places the 2014 table after the text: enclosures, signature, then the attachment', () => {
    const text = renderMarkdown(jiangbei);
    const order = ['## 七、其他需要报告的事项', '\n---\n', '附件：政府信息公开情况统计表（2017年度）', '江北区行政审批管理办公室\\\n2018年3月20日', '\n附件：\n', '## 政府信息公开情况统计表', '（2017年度）', '填报单位（盖章）：江北区行政审批管理办公室', '| 统计指标 | 单位 | 统计数 |'];
    let from = 0;
    for (const piece of order) {
      const at = text.indexOf(piece, from);
      expect(at, piece).toBeGreaterThanOrEqual(from);
      from = at + piece.length;
    }
  });

  it('places 2019/2021 tables in their sections, after the paragraphs, then the signature', () => {
    const text = renderMarkdown(q2020);
    const at = (s: string) => text.indexOf(s);
    expect(at('## 二、主动公开政府信息情况')).toBeLessThan(at('2020年，本机关依照'));
    expect(at('2020年，本机关依照')).toBeLessThan(at('**第二十条第（一）项**'));
    expect(at('**第二十条第（九）项**')).toBeLessThan(at('## 三、'));
    expect(at('| 行政复议·结果维持')).toBeGreaterThan(at('## 四、'));
    expect(at('| 行政复议·结果维持')).toBeLessThan(at('## 五、'));
    expect(text.trimEnd().endsWith('青山市自然资源和规划局\\\n2021年1月22日')).toBe(true);
    expect(text).toContain('| 行政许可 | 38 | -3 | 2856 |');
    expect(text).toContain('| 政府集中采购 | 37 | 18645273.60 |');
  });

  it('numbers subsections （一） and third-level sections 1.', () => {
    const report: Report = {
      ...q2022,
      sections: [{ title: '甲', paragraphs: [], subsections: [{ title: '乙', paragraphs: [], subsections: [{ title: '丙', paragraphs: ['正文'] }, { title: '丁', paragraphs: [] }] }] }],
    };
    const headings = headingsOf(md.parse(renderMarkdown(report), {}));
    expect(headings.slice(1, 5)).toEqual([
      { level: 2, text: '一、甲' },
      { level: 3, text: '（一）乙' },
      { level: 4, text: '1.丙' },
      { level: 4, text: '2.丁' },
    ]);
  });
});

describe('options', () => {
  it('only tables: headings of the sections that hold tables, and the tables; no paragraphs', () => {
    const text = renderMarkdown(q2022, { only: 'tables' });
    expect(text).toContain('## 二、主动公开政府信息情况');
    expect(text).toContain('| 行政许可 | 3127 |');
    expect(text).not.toContain('## 一、总体情况');
    expect(text).not.toContain('2022年，本机关依照');
    expect(text).not.toContain('青山市自然资源和规划局\\\n2023年1月18日');
    expect(tablesOf(md.parse(text, {}))).toHaveLength(6);
    const plain = renderText(jiangbei, { only: 'tables', width: 200 });
    expect(plain).toContain('| 统计指标');
    expect(plain).not.toContain('今年以来');
  });

  it('only text: paragraphs and signature, no tables', () => {
    const text = renderMarkdown(jiangbei, { only: 'text' });
    expect(text).toContain('今年以来');
    expect(text).toContain('附件：政府信息公开情况统计表（2017年度）');
    expect(text).not.toContain('| 统计指标');
    expect(text).not.toContain('填报单位（盖章）');
    expect(tablesOf(md.parse(renderMarkdown(q2022, { only: 'text' }), {}))).toHaveLength(0);
    expect(renderText(q2022, { only: 'text', width: 200 })).not.toMatch(/^\+/m);
  });

  it('one section, by id, Chinese number or number', () => {
    const byId = renderMarkdown(q2022, { section: 'applications' });
    expect(renderMarkdown(q2022, { section: '三' })).toBe(byId);
    expect(renderMarkdown(q2022, { section: 3 })).toBe(byId);
    expect(byId.startsWith('## 三、收到和处理政府信息公开申请情况\n')).toBe(true);
    expect(byId).toContain('| 一、本年新收政府信息公开申请数量 | 231 |');
    expect(byId).not.toContain('## 二、');
    expect(byId).not.toContain('# 青山市');
    expect(renderText(q2022, { section: 'overview' }).startsWith('一、总体情况\n')).toBe(true);
    expect(() => renderMarkdown(q2022, { section: '九' })).toThrow(RangeError);
    expect(() => renderMarkdown(q2022, { section: 'nope' })).toThrow(/no section "nope"/);
  });

  it('appends a validation summary in both locales', () => {
    const validation = {
      issues: [
        { severity: 'error' as const, message: '本年新收与上年结转之和为 271，但（七）总计与结转下年度之和为 270', rule: 'A1' },
        { severity: 'warning' as const, message: '正文称主动公开政府信息数为 793' },
        { severity: 'info' as const, message: '共有 3 个单元格未填报' },
      ],
    };
    const zh = renderMarkdown(q2022, { validation });
    expect(zh.trimEnd().split('\n').slice(-5)).toEqual([
      '## 校验结果',
      '',
      '- [错误] 本年新收与上年结转之和为 271，但（七）总计与结转下年度之和为 270（A1）',
      '- [警告] 正文称主动公开政府信息数为 793',
      '- [提示] 共有 3 个单元格未填报',
    ]);
    const en = renderMarkdown(q2022, { validation, locale: 'en' });
    expect(en).toContain('## Validation\n\n- [error] ');
    expect(en).toContain('（七）总计与结转下年度之和为 270 (A1)');
    expect(en).toContain('- [warning] ');
    expect(en).toContain('- [info] ');
    expect(en).toContain('Agency: 青山市自然资源和规划局 | Region: 青山市 | Year: 2022 | Published: 2023-01-18 | Source: <http');
    const text = renderText(q2022, { validation, locale: 'en' });
    expect(text).toMatch(/\nValidation\n\n\[error\] /);
    expect(renderText(q2022, { validation: { issues: [] } }).trimEnd().endsWith('校验结果\n\n未发现问题。')).toBe(true);
    expect(renderText(q2022, { validation })).toContain('\n[错误] 本年新收');
  });

  it('takes a validate() result as it is', () => {
    const result = validate(jiangbei);
    expect(result.issues.length).toBeGreaterThan(0);
    const text = renderMarkdown(jiangbei, { validation: result });
    for (const issue of result.issues) expect(text).toContain(issue.message.replace(/[|*_[\]<>~&#!`\\]/g, (c) => `\\${c}`));
    expect(renderText(jiangbei, { validation: result })).toContain('[警告] 正文称主动公开政府信息数为 793');
  });

  it('prints absent cells with the absent marker, — by default', () => {
    const report = setCell(setCell(q2022, 'applications.newThisYear/total', null), 'proactive.charges.fees/feeAmount', null);
    expect(renderMarkdown(report)).toContain('| 一、本年新收政府信息公开申请数量 | 231 | 19 | 1 | 0 | 6 | 3 | — |');
    expect(renderMarkdown(report, { absent: 'N/A' })).toContain('| 行政事业性收费 | N/A |');
    expect(renderText(report, { absent: '（空）', width: 200 })).toMatch(/\| 行政事业性收费 \| +（空） \|/);
    const { reviewLitigation: _dropped, ...tables } = q2022.tables;
    expect(renderMarkdown({ ...q2022, tables })).toContain('| — | — | — | — | — | — | — | — | — | — | — | — | — | — | — |');
  });

  it('marks derived cells with * and a footnote, unless markDerived is false', () => {
    const report: Report = { ...q2022, derived: ['applications.results.total/total', 'reviewLitigation.cases/review.total'] };
    const text = renderMarkdown(report);
    expect(text).toContain('| &emsp;&emsp;（七）总计 | 229 | 18 | 1 | 0 | 6 | 3 | 257\\* |');
    expect(text.match(/\*注：标有“\\\*”的数值为推算值，由表内其他数据计算得出。\*/g)).toHaveLength(2);
    const cells = tablesOf(md.parse(text, {})).find((t) => t[0]!.includes('自然人'))!;
    expect(cells.find((r) => r[0]!.endsWith('（七）总计'))![7]).toBe('257*');
    expect(renderMarkdown(report, { markDerived: false })).toBe(renderMarkdown(q2022));
    const plain = renderText(report, { width: 200 });
    expect(plain).toMatch(/\| +257\* \|/);
    expect(plain).toContain('注：标有“*”的数值为推算值');
    expect(renderText(report, { locale: 'en' })).toContain('Note: values marked * are derived');
    expect(renderMarkdown({ ...jiangbei, derived: ['proactive.published'] })).toContain('| 条 | 803\\* |');
  });

  it('renders embedded cell references as their values; unknown ones verbatim', () => {
    const paragraph = '共收到申请{{applications.newThisYear/total}}件，缺{{applications.carriedOver/research}}，未知{{no.such/cell}}。';
    const report: Report = { ...setCell(q2022, 'applications.carriedOver/research', null), preamble: [paragraph] };
    const text = renderMarkdown(report);
    expect(text).toContain('共收到申请[260](#applications.newThisYear/total)件，缺[—](#applications.carriedOver/research)，未知{{no.such/cell}}。');
    expect(bodyParagraphs(text)[0]).toBe('共收到申请260件，缺—，未知{{no.such/cell}}。');
    expect(renderText(report)).toContain('共收到申请260件，缺—，未知{{no.such/cell}}。');
    const one: Report = { ...jiangbei, preamble: ['主动公开{{ proactive.published }}条'] };
    expect(renderText(one)).toContain('主动公开803条');
  });

  it('throws a TypeError for an unknown format unless one is given', () => {
    const report: Report = { ...q2022, format: 'gov-1999' };
    expect(() => renderMarkdown(report)).toThrow(TypeError);
    expect(() => renderText(report)).toThrow(/unknown format "gov-1999"/);
    expect(renderMarkdown(report, { format: formats['gov-2021'] })).toContain('format=gov-1999');
    expect(() => renderText(q2022, { width: 5 })).toThrow(TypeError);
  });
});

describe('renderText', () => {
  it('centres the title and right-aligns the signature within the width', () => {
    const lines = renderText(q2022).split('\n');
    const title = '青山市自然资源和规划局2022年政府信息公开工作年度报告';
    expect(lines[0]!.trim()).toBe(title);
    expect(lines[0]!.length - title.length).toBe(Math.floor((80 - stringWidth(title)) / 2));
    expect(lines.at(-2)).toBe(' '.repeat(80 - stringWidth('2023年1月18日')) + '2023年1月18日');
    expect(stringWidth(lines.at(-3)!)).toBe(80);
  });

  it('aligns every line of a grid table to the same display width', () => {
    for (const name of EXAMPLES) {
      for (const width of [80, 120, 200]) {
        const grids = gridTables(renderText(reports[name], { width }));
        if (width === 200) expect(grids.length, name).toBe(name === 'jiangbei-2017' ? 1 : name === 'qingshan-2020' ? 7 : 6);
        for (const grid of grids) {
          const widths = new Set(grid.map((l) => stringWidth(l)));
          expect(widths.size, `${name} @${width}: ${grid[0]}`).toBe(1);
          expect([...widths][0]).toBeLessThanOrEqual(width);
        }
      }
    }
  });

  it('prints multi-level column headers as spanning cells', () => {
    const text = renderText(q2022, { width: 200 });
    expect(text).toMatch(/\| +申请人情况 +\|/);
    expect(text).toMatch(/\| 自然人 \| +法人或其他组织 +\| 总计 \|/);
    expect(text).toMatch(/\| +行政诉讼 +\|/);
    expect(text).toMatch(/\| +未经复议直接起诉 +\| +复议后起诉 +\|/);
    const legal = renderText(setCell(q2022, 'applications.newThisYear/legalPerson', 29), { width: 200 });
    expect(legal).toMatch(/\| 小计 \| 商业企业 \|/);
  });

  it('falls back to one block per row when a table is wider than the page', () => {
    const narrow = renderText(jiangbei);
    expect(gridTables(narrow)).toHaveLength(0);
    expect(narrow).toContain('\n一、主动公开情况\n  （一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）：803 条\n');
    expect(narrow).toContain('\n  （三）从事政府信息公开工作人员数：3 人\n');
    const review = renderText(q2022);
    expect(review).toContain('\n行政复议·结果维持：4\n');
    expect(review).toContain('\n行政诉讼·未经复议直接起诉·总计：7\n');
    expect(review).toContain('\n  （一）予以公开\n    自然人：81\n    法人或其他组织·商业企业：7\n');
    const wide = renderText(jiangbei, { width: 120 });
    expect(gridTables(wide)).toHaveLength(1);
    for (const line of narrow.split('\n')) {
      if (!line.includes('http')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    }
  });

  it('indents paragraphs and wraps them at the width', () => {
    const text = renderText(jiangbei, { width: 60 });
    expect(text).toContain('\n\u3000\u3000今年以来，区审管办在区委、区政府的高度重视和正确领导下');
    for (const line of text.split('\n')) {
      if (!line.includes('http://www.nbjiangbei.gov.cn/col/col112103/index.html')) expect(stringWidth(line), line).toBeLessThanOrEqual(60);
    }
    // The URL is never split.
    expect(text).toContain('http://www.nbjiangbei.gov.cn/col/col112103/index.html');
  });

  it('wraps narrative at any width without splitting a number or a Latin word (property)', () => {
    const word = fc.oneof(
      fc.constantFrom('政', '府', '信', '息', '公', '开', '，', '。', '、', '；', '（', '）', '“', '”'),
      fc.integer({ min: 0, max: 10 ** 9 }).map(String),
      fc.tuple(fc.nat(99999), fc.nat(999999)).map(([a, b]) => `${a}.${b}`),
      fc.stringMatching(/^[a-z]{1,10}$/),
      fc.constantFrom('http://a.cn/x', 'https://example.org/p?q=1'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(word, fc.boolean()), { minLength: 1, maxLength: 60 }), fc.integer({ min: 30, max: 100 }), (words, width) => {
        // Adjacent narrow words get a space, so that no unbreakable run is wider than the line.
        const narrow = (w: string) => /^[\x21-\x7e]+$/.test(w);
        const text = words
          .map(([w, space], i) => (space || (narrow(w) && i + 1 < words.length && narrow(words[i + 1]![0])) ? `${w} ` : w))
          .join('');
        const report: Report = { ...q2022, preamble: [text], sections: [], signature: undefined };
        const lines = renderText(report, { width }).split('\n');
        const start = lines.findIndex((l) => l.startsWith('\u3000\u3000'));
        const body = lines.slice(start, lines.indexOf('', start) < 0 ? undefined : lines.indexOf('', start));
        // Closing punctuation starts no line, unless a word and its punctuation are wider than a line.
        const tight = words.some(([w]) => stringWidth(w) + 2 + 4 > width);
        for (const line of body) {
          expect(stringWidth(line)).toBeLessThanOrEqual(width);
          if (!tight) expect(line.startsWith('，') || line.startsWith('。') || line.startsWith('）')).toBe(false);
        }
        const joined = body.join('\n');
        for (const [w] of words) if (/^[\x21-\x7e]+$/.test(w) && !/^[，。、；（）“”]$/.test(w)) expect(joined).toContain(w);
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  it('keeps punctuation with its neighbours when breaking lines', () => {
    expect(breakUnits('中文，English words 123.45%。')).toEqual(['中', '文，', 'English', ' ', 'words', ' ', '123.45%。']);
    expect(breakUnits('（http://a.cn）')).toEqual(['（http://a.cn）']);
    expect(wrapLine('一二三四五六七八九十，', 20)).toEqual(['一二三四五六七八九', '十，']);
    expect(wrapLine('一二三四五六七八九（十）', 20)).toEqual(['一二三四五六七八九', '（十）']);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formats } from '../src/formats/catalogue.js';
import { indexFormat, type CellInfo } from '../src/formats/define.js';
import { setCell } from '../src/formats/document.js';
import { importMarkdown } from '../src/import/markdown/markdown.js';
import { AGENCY_LEVELS, type Report, type Section, type TableValues } from '../src/model/report.js';
import type { CellValue } from '../src/model/values.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { loadExample } from './helpers/examples.js';

const load = (name: string): Report => loadExample(`${name}.json`);
const EXAMPLES = ['jiangbei-2017', 'qingshan-2020', 'qingshan-2022'] as const;
const examples = EXAMPLES.map(load);
const [jiangbei, , q2022] = examples as [Report, Report, Report];

describe('importMarkdown: exact round trips', () => {
  EXAMPLES.forEach((name, i) => {
    it(`${name}: importMarkdown(renderMarkdown(report)) is the report, without issues`, () => {
      const { report, issues } = importMarkdown(renderMarkdown(examples[i]!));
      expect(issues).toEqual([]);
      expect(report).toEqual(examples[i]);
    });
    it(`${name}: the English-locale Markdown reads back too`, () => {
      const { report, issues } = importMarkdown(renderMarkdown(examples[i]!, { locale: 'en' }));
      expect(issues).toEqual([]);
      expect(report).toEqual(examples[i]);
    });
  });

  it('reads back derived marks, absent cells and derived-only subtotals that hold values', () => {
    let source = setCell(q2022, 'applications.results.withheld/total', 19);
    source = setCell(source, 'applications.newThisYear/legalPerson', 29);
    source = setCell(source, 'applications.carriedOver/research', null);
    source = { ...source, derived: ['applications.newThisYear/legalPerson', 'applications.results.withheld/total'] };
    const { report, issues } = importMarkdown(renderMarkdown(source));
    expect(issues).toEqual([]);
    expect(report!.derived).toEqual(source.derived);
    expect(report!.tables.applications!['applications.results.withheld']).toEqual({
      naturalPerson: null,
      legalPerson: null,
      commercial: null,
      research: null,
      publicInterest: null,
      legalService: null,
      otherOrganization: null,
      total: 19,
    });
    expect(report!.tables.applications!['applications.newThisYear']!.legalPerson).toBe(29);
    expect(report!.tables.applications!['applications.results.granted']!.legalPerson).toBeNull();
    expect(report!.tables.applications!['applications.carriedOver']!.research).toBeNull();
  });

  it('reads embedded cell references back as {{ref}}', () => {
    const text = '收到{{applications.newThisYear/total}}件，未知{{no.such/cell}}，[5](#x) 与 \\[1\\]';
    const { report } = importMarkdown(renderMarkdown({ ...q2022, preamble: [text] }));
    expect(report!.preamble).toEqual([text]);
    const one = importMarkdown(renderMarkdown({ ...jiangbei, preamble: ['主动公开{{proactive.published}}条'] }));
    expect(one.report!.preamble).toEqual(['主动公开{{proactive.published}}条']);
  });

  it('keeps section ids that do not follow from the titles', () => {
    const sections: Section[] = [
      { id: 'overview', title: '工作概况', paragraphs: ['甲'] },
      { title: '总体情况', paragraphs: [] },
      { title: '其他', paragraphs: [], subsections: [{ id: 'extra.part', title: '附', paragraphs: ['乙'] }] },
    ];
    const source = { ...q2022, sections };
    const { report, issues } = importMarkdown(renderMarkdown(source));
    expect(report).toEqual(source);
    // The tables of sections the report lacks print after the text, under their titles, and read back.
    expect(issues).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: reports made from the examples with random values and texts read back exactly.

const token = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom('|', '*', '**', '#', '# ', '{{', '}}', ' ', '  ', '\u3000', '中文', '政府信息公开', '１２', '123', '1. ', '- ', '+ ', '> ', '---', '===', ':-', '\\', '[', ']', '(#x)', '&amp;', '&#32;', '&emsp;', '<b>', '_', '`', '~~', '\n', '\n\n', '!', '\t', '\r', '附件：', '**第二十条**', '——', '—', '（', '）', '“', '。', '&#8203;', '\u200b'),
  },
);
const textArb = (refs: readonly string[]) =>
  fc.array(fc.oneof({ weight: 6, arbitrary: token }, { weight: 1, arbitrary: fc.constantFrom(...refs).map((r) => `{{${r}}}`) }), { maxLength: 8 }).map((a) => a.join(''));

const decimalArb = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }))
  .map(([negative, digits, places]) => {
    const text = digits.toString().padStart(places + 1, '0');
    const value = places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
    return negative && /[1-9]/.test(value) ? `-${value}` : value;
  });
const valueArb = (cell: CellInfo): fc.Arbitrary<CellValue> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    {
      weight: 4,
      arbitrary:
        cell.kind === 'money' ? decimalArb : cell.kind === 'signedCount' ? fc.integer({ min: -1e6, max: 1e6 }) : fc.nat({ max: 10 ** 9 }),
    },
  );

/** The tables as renderMarkdown shows them: printed cells (absent as null), derived-only subtotals only when they hold a value. */
function canonicalTables(report: Report): Record<string, TableValues> {
  const index = indexFormat(formats[report.format as keyof typeof formats]);
  const out: Record<string, TableValues> = {};
  for (const table of index.tables) {
    const values = report.tables[table.id] ?? {};
    const value = (c: CellInfo) => values[c.row.id]?.[c.column.id];
    const held = (c: CellInfo) => value(c) !== null && value(c) !== undefined;
    const rowShown = (c: CellInfo) => c.row.printed || table.cells.some((o) => o.row === c.row && held(o));
    const columnShown = (c: CellInfo) => c.column.printed || table.cells.some((o) => o.column === c.column && rowShown(o) && held(o));
    const t: TableValues = {};
    for (const cell of table.cells) {
      if (rowShown(cell) && columnShown(cell)) (t[cell.row.id] ??= {})[cell.column.id] = value(cell) ?? null;
    }
    out[table.id] = t;
  }
  return out;
}

const reportArb = fc.constantFrom(...examples).chain((base) => {
  const index = indexFormat(formats[base.format as keyof typeof formats]);
  const refs = index.cells.map((c) => c.ref);
  const text = textArb(refs.slice(0, 30));
  const cellsArb = fc.tuple(
    ...index.cells.map((cell) =>
      cell.printed ? valueArb(cell).map((v) => [cell, v] as const) : fc.option(valueArb(cell), { nil: undefined, freq: 3 }).map((v) => [cell, v] as const),
    ),
  );
  const sectionArb = (section: Section): fc.Arbitrary<Section> =>
    fc
      .record({
        title: fc.oneof({ weight: 3, arbitrary: fc.constant(section.title) }, { weight: 1, arbitrary: text }),
        paragraphs: fc.array(text, { maxLength: 3 }),
        subsections: section.subsections ? fc.tuple(...section.subsections.map(sectionArb)) : fc.constant(undefined),
      })
      .map(({ title, paragraphs, subsections }) => ({
        ...(section.id !== undefined ? { id: section.id } : {}),
        title,
        paragraphs,
        ...(subsections ? { subsections: [...subsections] } : {}),
      }));
  const nonEmpty = fc.string({ minLength: 1 }).filter((s) => !s.startsWith('附件'));
  return fc
    .record({
      cells: cellsArb,
      derived: fc.subarray(refs, { maxLength: 8 }),
      preamble: fc.array(text, { maxLength: 3 }),
      sections: fc.tuple(...base.sections.map(sectionArb)),
      agency: fc.oneof(fc.constant(base.metadata.agency), nonEmpty),
      region: fc.option(nonEmpty, { nil: undefined }),
      level: fc.option(fc.constantFrom(...AGENCY_LEVELS), { nil: undefined }),
      year: fc.integer({ min: 2000, max: 2100 }),
      date: fc.option(fc.tuple(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })), { nil: undefined }),
      sourceUrl: fc.option(fc.oneof(fc.constant(base.metadata.sourceUrl ?? 'http://x.cn'), nonEmpty), { nil: undefined }),
      title: fc.option(fc.oneof(nonEmpty, fc.constant(base.metadata.title ?? 't')), { nil: undefined }),
      enclosures: fc.option(fc.array(text, { minLength: 1, maxLength: 3 }), { nil: undefined }),
      signature: fc.option(fc.record({ organ: nonEmpty, date: fc.option(fc.constant('2023-01-18'), { nil: undefined }) }), { nil: undefined }),
    })
    .map((r): Report => {
      const tables: Record<string, TableValues> = {};
      for (const [cell, v] of r.cells) if (v !== undefined) ((tables[cell.table] ??= {})[cell.row.id] ??= {})[cell.column.id] = v;
      const iso = r.date && `${r.date[0]}-${String(r.date[1]).padStart(2, '0')}-${String(r.date[2]).padStart(2, '0')}`;
      const report: Report = {
        schemaVersion: 1,
        format: base.format,
        metadata: {
          agency: r.agency,
          year: r.year,
          ...(r.region !== undefined ? { region: r.region } : {}),
          ...(r.level !== undefined ? { level: r.level } : {}),
          ...(iso ? { publishedOn: iso } : {}),
          ...(r.sourceUrl !== undefined ? { sourceUrl: r.sourceUrl } : {}),
          ...(r.title !== undefined ? { title: r.title } : {}),
        },
        ...(r.preamble.length > 0 ? { preamble: r.preamble } : {}),
        sections: [...r.sections],
        ...(r.enclosures && base.enclosures ? { enclosures: r.enclosures } : {}),
        ...(r.signature ? { signature: r.signature.date ? r.signature : { organ: r.signature.organ } } : {}),
        ...(base.attachments ? { attachments: base.attachments } : {}),
        tables,
      };
      const canonical = canonicalTables(report);
      const shown = (ref: string) => {
        const [row, column] = ref.split('/') as [string, string];
        return Object.values(canonical).some((t) => t[row] !== undefined && column in t[row]!);
      };
      const derived = r.derived.filter(shown);
      return { ...report, tables: canonical, ...(derived.length > 0 ? { derived } : {}) };
    });
});

describe('importMarkdown: round trip property', () => {
  it('gives back tables, sections, metadata, preamble, enclosures, signature, attachments and derived marks', () => {
    fc.assert(
      fc.property(reportArb, (report) => {
        const { report: back, issues } = importMarkdown(renderMarkdown(report));
        expect(issues.filter((i) => i.code !== 'missing_table')).toEqual([]);
        expect(back).toEqual(report);
      }),
      { numRuns: 150 },
    );
  });
});

describe('importMarkdown: anything else', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const { issues } = importMarkdown(text);
        expect(issues.some((i) => i.code === 'internal')).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on Markdown-like soup, and says where it could not place something', () => {
    const piece = fc.constantFrom(
      '<!-- xxgk format=gov-2021 -->\n',
      '<!-- xxgk format=%E0 ids=1:%,x:y,9.9:bad! level=none -->\n',
      '# 标题\n',
      '发布机关：某局 | 报告年度：2021年\n',
      '## 一、总体情况\n',
      '#### 1.深\n',
      '###### ①更深\n',
      '| a | b |\n| --- | --- |\n| 1 | 2 |\n',
      '| 信息内容 | 本年处理决定数量 |\n| --- | ---: |\n| 行政许可 | x |\n',
      '**第二十条第（五）项**\n',
      '---\n',
      '附件：\n',
      '## 政府信息公开情况统计表\n',
      '（2017年度）\n',
      '填报单位（盖章）：甲\n',
      '甲\\\n2018年13月40日\n',
      '## 校验结果\n',
      '- [错误] x\n',
      '\n',
      '正文\n',
      '[1](#proactive.documents.rules/issued)\n',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 30 }), (pieces) => {
        const { issues } = importMarkdown(pieces.join(''));
        expect(issues.some((i) => i.code === 'internal')).toBe(false);
        for (const i of issues) if (i.line !== undefined) expect(Number.isInteger(i.line) && i.line >= 1).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('reports what it cannot place, with the line', () => {
    const lines = renderMarkdown(q2022).split('\n');
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    lines[at('| 行政许可 |')] = '| 行政许诺 | 3127 |';
    lines[at('| 行政处罚 |')] = '| 行政处罚 | 十四 |';
    const title = at('## 五、');
    lines.splice(title + 1, 0, '', '| 甲 | 乙 |', '| --- | --- |', '| 1 | 2 |');
    const { report, issues } = importMarkdown(lines.join('\n'));
    expect(issues).toMatchObject([
      { code: 'unknown_label', severity: 'warning', table: 'proactive', label: '行政许诺', value: '3127', line: at('| 行政许诺') + 1 },
      { code: 'bad_value', severity: 'warning', cell: 'proactive.enforcement.penalties/decisions', value: '十四', line: at('| 行政处罚') + 1 },
      { code: 'unknown_table', severity: 'warning', label: '甲 | 乙', line: title + 3 },
    ]);
    expect(issues[0]!.message).toContain('行政许诺');
    expect(issues[1]!.message).toContain('十四');
    const english = importMarkdown(lines.join('\n'), { locale: 'en' }).issues;
    expect(english[2]!.message).toBe(`line ${title + 3}: a table whose header "甲 | 乙" matches no table of the format; not imported`);
    expect(report!.tables.proactive!['proactive.licensing.permits']).toBeUndefined();
    expect(report!.tables.proactive!['proactive.enforcement.penalties']).toBeUndefined();
    expect(report!.tables.proactive!['proactive.enforcement.coercion']).toEqual({ decisions: 11 });
  });

  it('reads a hand-edited value and accepts other absent markers', () => {
    const text = renderMarkdown(q2022)
      .replace('| 行政许可 | 3127 |', '| 行政许可 | 3,200 |')
      .replace('| 行政处罚 | 146 |', '| 行政处罚 | —— |')
      .replace('| 行政事业性收费 | 3156.284716 |', '| 行政事业性收费 | 3156.20 |');
    const { report } = importMarkdown(text);
    expect(report!.tables.proactive!['proactive.licensing.permits']).toEqual({ decisions: 3200 });
    expect(report!.tables.proactive!['proactive.enforcement.penalties']).toEqual({ decisions: null });
    expect(report!.tables.proactive!['proactive.charges.fees']).toEqual({ feeAmount: '3156.20' });
  });

  it('infers the format from the year without the xxgk line, and needs the metadata', () => {
    const text = renderMarkdown(q2022).split('\n').slice(2).join('\n');
    const { report, issues } = importMarkdown(text);
    expect(issues).toEqual([
      { code: 'format_inferred', severity: 'info', key: '2022', value: 'gov-2021', message: '未注明报告格式，按报告年度 2022 采用官方格式 "gov-2021"' },
    ]);
    // Without the xxgk line the agency level is unknown, and a title equal to the usual one is not kept.
    const { level: _level, title: _title, ...metadata } = q2022.metadata;
    expect(report).toEqual({ ...q2022, metadata });
    const none = importMarkdown('# 标题\n\n正文\n');
    expect(none.report).toBeUndefined();
    expect(none.issues.map((i) => [i.code, i.key])).toEqual([['missing_field', '发布机关/报告年度'], ['unknown_format', undefined]]);
    const unknown = importMarkdown(renderMarkdown(q2022).replace('format=gov-2021', 'format=zj-2021'));
    expect(unknown.report).toBeUndefined();
    expect(unknown.issues[0]).toMatchObject({ code: 'unknown_format', line: 1 });
  });

  it('skips the validation summary', () => {
    const validation = { issues: [{ severity: 'error' as const, message: '有误', rule: 'A1' }] };
    const { report, issues } = importMarkdown(renderMarkdown(jiangbei, { validation }));
    expect(issues).toEqual([]);
    expect(report).toEqual(jiangbei);
  });
});

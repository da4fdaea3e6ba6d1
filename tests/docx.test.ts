import { readFileSync } from 'node:fs';
import { deflateSync, strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importDocx, looksLikeDocx, renderDocx, DOCX_PROPERTIES } from '../src/docx.js';
import { docxLayout } from '../src/import/docx/ooxml.js';
import { ZipError, crc32, readEntry, zipEntries } from '../src/import/docx/zip.js';
import { formats, indexFormat, setCell, type Report, type Section } from '../src/index.js';
import { loadExample, present } from './helpers/examples.js';

const EXAMPLES = ['jiangbei-2017', 'qingshan-2020', 'qingshan-2022'] as const;
const examples = EXAMPLES.map((name) => loadExample(`${name}.json`));
const q2022 = examples[2]!;


const documentXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!);

describe('renderDocx → importDocx: exact round trips', () => {
  EXAMPLES.forEach((name, i) => {
    it(`${name}: every cell, section, paragraph, signature, attachment and metadata field comes back, without issues`, async () => {
      const source = examples[i]!;
      const { report, issues } = importDocx(await renderDocx(source));
      expect(issues).toEqual([]);
      expect(report!.format).toBe(source.format);
      expect(present(report!.tables)).toEqual(present(source.tables));
      expect(report!.sections).toEqual(source.sections);
      expect(report!.preamble).toEqual(source.preamble);
      expect(report!.signature).toEqual(source.signature);
      expect(report!.enclosures).toEqual(source.enclosures);
      expect(report!.attachments).toEqual(source.attachments);
      expect(report!.metadata).toEqual(source.metadata);
    });
  });

  it('reads back absent cells and reported subtotals the official table does not print (named as info)', async () => {
    let source = setCell(q2022, 'applications.results.withheld/total', 19);
    source = setCell(source, 'applications.newThisYear/legalPerson', 29);
    source = setCell(source, 'applications.carriedOver/research', null);
    const { report, issues } = importDocx(await renderDocx(source));
    expect(issues.map((i) => `${i.code} ${i.severity}`)).toEqual(['group_value info', 'group_value info']);
    const table = report!.tables.applications!;
    expect(table['applications.results.withheld']!.total).toBe(19);
    expect(table['applications.newThisYear']!.legalPerson).toBe(29);
    expect(table['applications.carriedOver']!.research).toBeNull();
    expect(table['applications.newThisYear']!.naturalPerson).toBe(q2022.tables.applications!['applications.newThisYear']!.naturalPerson);
  });

  it('keeps section ids that do not follow from the titles, and leaves out a title that is the usual one', async () => {
    const sections: Section[] = [
      { id: 'overview', title: '工作概况', paragraphs: ['甲'] },
      { title: '总体情况', paragraphs: [] },
      { title: '其他', paragraphs: [], subsections: [{ id: 'extra.part', title: '附', paragraphs: ['乙'] }] },
    ];
    const { title: _title, ...metadata } = q2022.metadata;
    const source: Report = { ...q2022, metadata, sections };
    const { report } = importDocx(await renderDocx(source));
    expect(report!.sections).toEqual(sections);
    expect(report!.metadata).toEqual(metadata);
    expect(present(report!.tables)).toEqual(present(q2022.tables));
  });

  it('keeps paragraphs with line breaks and money with its printed precision', async () => {
    const source: Report = { ...q2022, preamble: ['第一行\n第二行'] };
    const bytes = await renderDocx(source);
    expect(documentXml(bytes)).toContain('3156.284716');
    const { report } = importDocx(bytes);
    expect(report!.preamble).toEqual(['第一行\n第二行']);
    expect(report!.tables.proactive!['proactive.charges.fees']).toEqual({ feeAmount: '3156.284716' });
  });

  it('the English locale, only the tables, only the text, and a validation summary', async () => {
    const source = examples[1]!;
    const en = importDocx(await renderDocx(source, { locale: 'en' }));
    expect(en.issues).toEqual([]);
    expect(present(en.report!.tables)).toEqual(present(source.tables));
    const tables = importDocx(await renderDocx(source, { only: 'tables' }));
    expect(present(tables.report!.tables)).toEqual(present(source.tables));
    expect(tables.report!.sections.flatMap((s) => s.paragraphs)).toEqual([]);
    const text = await renderDocx(source, { only: 'text' });
    expect(docxLayout({ document: documentXml(text) }).blocks.some((b) => b.kind === 'table')).toBe(false);
    expect(importDocx(text).report!.sections).toEqual(source.sections);
    const reviewed = await renderDocx(source, { validation: { issues: [{ severity: 'warning', message: '第一条意见', rule: 'A1' }] } });
    expect(documentXml(reviewed)).toContain('［警告］第一条意见（A1）');
    expect(present(importDocx(reviewed).report!.tables)).toEqual(present(source.tables));
  });

  it('records what the page does not show in custom properties', async () => {
    const custom = strFromU8(unzipSync(await renderDocx(q2022))['docProps/custom.xml']!);
    for (const name of [DOCX_PROPERTIES.format, DOCX_PROPERTIES.level, DOCX_PROPERTIES.region]) expect(custom).toContain(`name="${name}"`);
    expect(custom).toContain('>department<');
  });
});

describe('renderDocx → importDocx: cells property', () => {
  const decimal = fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }))
    .map(([digits, places]) => {
      const text = digits.toString().padStart(places + 1, '0');
      return places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
    });
  it('every printed cell reads back with its value (counts, signed counts, money with up to 6 places, absent)', async () => {
    // Reports sampled up front (renderDocx is asynchronous): each example with every printed cell set at random.
    const reports = examples.flatMap((base, k) => {
      const cells = indexFormat(formats[base.format as keyof typeof formats]).cells.filter((c) => c.printed);
      const values = fc.tuple(
        ...cells.map((cell) =>
          fc.oneof(
            { weight: 1, arbitrary: fc.constant(null) },
            { weight: 4, arbitrary: cell.kind === 'money' ? decimal : cell.kind === 'signedCount' ? fc.integer({ min: -1e6, max: 1e6 }) : fc.nat({ max: 10 ** 9 }) },
          ),
        ),
      );
      return fc.sample(values, { seed: 42 + k, numRuns: 4 }).map((vs) => {
        let report: Report = { ...base, tables: {} };
        cells.forEach((cell, i) => (report = setCell(report, cell.ref, vs[i]!)));
        return { report, cells };
      });
    });
    for (const { report, cells } of reports) {
      const { report: back, issues } = importDocx(await renderDocx(report));
      expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
      const differ = cells.filter((c) => back!.tables[c.table]?.[c.row.id]?.[c.column.id] !== (report.tables[c.table]?.[c.row.id]?.[c.column.id] ?? null));
      expect(differ.map((c) => c.ref)).toEqual([]);
    }
  });
});

describe('renderDocx: the official layout', () => {
  it('A4 with the margins of GB/T 9704, 仿宋/黑体/楷体/小标宋 with Times New Roman for Latin text', async () => {
    const files = unzipSync(await renderDocx(q2022));
    const document = strFromU8(files['word/document.xml']!);
    const styles = strFromU8(files['word/styles.xml']!);
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(document).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588"/);
    for (const family of ['仿宋_GB2312', '黑体', '楷体_GB2312', '方正小标宋简体', 'Times New Roman']) expect(styles).toContain(`"${family}"`);
    // Headings are Word headings (the navigation pane lists them), numbered as official documents number them.
    expect(document).toMatch(/<w:pStyle w:val="Heading1"\/><\/w:pPr><w:r><w:t xml:space="preserve">一、总体情况<\/w:t>/);
    expect(document).toMatch(/<w:pStyle w:val="Heading2"\/><\/w:pPr><w:r><w:t xml:space="preserve">（一）主动公开<\/w:t>/);
    expect(document).toMatch(/<w:pStyle w:val="Title"\/>/);
    expect(files['docProps/custom.xml']).toBeDefined();
  });

  it('statistics tables have merged header cells and group labels spanning their rows', async () => {
    const { blocks } = docxLayout({ document: documentXml(await renderDocx(q2022)) });
    const tables = blocks.flatMap((b) => (b.kind === 'table' ? [b.grid] : []));
    expect(tables).toHaveLength(3);
    const applications = tables[1]!;
    const cell = (text: string) => applications.cells.find((c) => c.text === text);
    // 申请人情况 over every value column; 法人或其他组织 over its five columns; the stub header over three columns and three rows.
    expect(cell('申请人情况')).toMatchObject({ row: 0, colSpan: 7 });
    expect(cell('法人或其他组织')).toMatchObject({ row: 1, colSpan: 5 });
    expect(cell('自然人')).toMatchObject({ row: 1, rowSpan: 2 });
    expect(applications.cells[0]).toMatchObject({ row: 0, column: 0, colSpan: 3, rowSpan: 3 });
    // 三、本年度办理结果 spans every result row; （三）不予公开 its eight rows.
    expect(cell('三、本年度办理结果')!.rowSpan).toBeGreaterThan(20);
    expect(cell('（三）不予公开')).toMatchObject({ rowSpan: 8, colSpan: 1 });
    // The block table of 主动公开: one block label over the whole width per block.
    const proactive = tables[0]!;
    expect(proactive.cells.filter((c) => c.colSpan === proactive.width).map((c) => c.text)).toEqual([
      '第二十条第（一）项',
      '第二十条第（五）项',
      '第二十条第（六）项',
      '第二十条第（八）项',
    ]);
  });

  it('the 2014 table prints its unit column and indents its labels', async () => {
    const { blocks } = docxLayout({ document: documentXml(await renderDocx(examples[0]!)) });
    const grid = blocks.find((b) => b.kind === 'table')!;
    if (grid.kind !== 'table') throw new Error('no table');
    expect(grid.grid.rows[0]!.map((c) => c?.text)).toEqual(['统计指标', '单位', '统计数']);
    expect(grid.grid.cells.some((c) => c.text === '——')).toBe(true);
    expect(grid.grid.width).toBe(3);
  });

  it('reads no clock: the same report gives the same bytes, dated by the report', async () => {
    const first = await renderDocx(q2022);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await renderDocx(q2022)).toEqual(first);
    const core = strFromU8(unzipSync(first)['docProps/core.xml']!);
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2023-01-18T00:00:00Z</dcterms:created>');
    expect(core).toContain(`<dc:title>${q2022.metadata.title}</dc:title>`);
  });

  it('throws a TypeError for what is not a report', async () => {
    await expect(renderDocx({} as Report)).rejects.toThrow(TypeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Word documents as other programs write them

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const p = (text: string, props = '') => `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const tc = (text: string, props = '') => `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}${p(text)}</w:tc>`;

function docx(body: string, extra: Zippable = {}): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}<w:sectPr/></w:body></w:document>`),
    ...extra,
  });
}

const NUMBERING = `<?xml version="1.0"?><w:numbering ${W}>
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>`;
const STYLES = `<?xml version="1.0"?><w:styles ${W}>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 2"/></w:style>
<w:style w:type="paragraph" w:styleId="outline"><w:name w:val="My outline"/><w:basedOn w:val="base"/></w:style>
<w:style w:type="paragraph" w:styleId="base"><w:name w:val="base"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="character" w:styleId="strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
</w:styles>`;

describe('importDocx: Word documents as Word and WPS write them', () => {
  const num = (id: number, level: number) => `<w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${id}"/></w:numPr>`;

  it('writes out automatic numbering (一、 （一） 1.), restarting a level under a new parent; bullets print nothing', () => {
    const body = [
      p('概述', num(1, 0)),
      p('主动公开', num(1, 1)),
      p('第一点', num(1, 2)),
      p('第二点', num(1, 2)),
      p('依申请公开', num(1, 1)),
      p('第一点', num(1, 2)),
      p('主动公开情况', num(1, 0)),
      p('要点', num(2, 0)),
      p('依申请公开情况', num(3, 0)),
      p('另一份', num(4, 0)),
    ].join('');
    const { blocks } = docxLayout({ document: documentXml(docx(body)), numbering: NUMBERING });
    // numId 3 shares the abstract numbering of 1 and continues it; 4 restarts it (a start override).
    expect(blocks.map((b) => (b.kind === 'table' ? '' : b.text))).toEqual(['一、概述', '（一）主动公开', '1.第一点', '2.第二点', '（二）依申请公开', '1.第一点', '二、主动公开情况', '要点', '三、依申请公开情况', '一、另一份']);
  });

  it('reads headings by style name (English and Chinese) or outline level, through basedOn', () => {
    const body = [p('甲', '<w:pStyle w:val="1"/>'), p('乙', '<w:pStyle w:val="a5"/>'), p('丙', '<w:pStyle w:val="outline"/>'), p('丁'), p('戊', '<w:outlineLvl w:val="0"/>')].join('');
    const { blocks } = docxLayout({ document: documentXml(docx(body)), styles: STYLES });
    expect(blocks).toEqual([
      { kind: 'heading', text: '甲', level: 2 },
      { kind: 'heading', text: '乙', level: 3 },
      { kind: 'heading', text: '丙', level: 4 },
      { kind: 'paragraph', text: '丁' },
      { kind: 'heading', text: '戊', level: 2 },
    ]);
  });

  it('keeps a leading bold run apart (a run-in heading); skips deleted text, field codes and hidden text', () => {
    const body =
      '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>（一）主动公开。</w:t></w:r><w:r><w:t>全年</w:t></w:r><w:del><w:r><w:delText>删去</w:delText></w:r></w:del>' +
      '<w:ins><w:r><w:t>公开</w:t></w:r></w:ins><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>' +
      '<w:hyperlink><w:r><w:t>2137</w:t></w:r></w:hyperlink><w:r><w:t>条。</w:t></w:r></w:p>' +
      '<w:p><w:r><w:rPr><w:rStyle w:val="strong"/></w:rPr><w:t>二、</w:t></w:r><w:r><w:t>正文</w:t><w:br/><w:t>次行</w:t></w:r></w:p>' +
      '<w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>不加粗</w:t></w:r><w:r><w:t>文字</w:t></w:r></w:p>';
    const { blocks } = docxLayout({ document: documentXml(docx(body)), styles: STYLES });
    expect(blocks).toEqual([
      { kind: 'paragraph', text: '（一）主动公开。全年公开2137条。', lead: '（一）主动公开。', rest: '全年公开2137条。' },
      { kind: 'paragraph', text: '二、正文\n次行', lead: '二、', rest: '正文\n次行' },
      { kind: 'paragraph', text: '不加粗文字' },
    ]);
  });

  it('resolves gridSpan and vMerge into the grid (and gridBefore leaves its columns empty)', () => {
    const table =
      '<w:tbl>' +
      `<w:tr>${tc('信息内容', '<w:vMerge w:val="restart"/>')}${tc('本年', '<w:gridSpan w:val="2"/>')}</w:tr>` +
      `<w:tr>${tc('', '<w:vMerge/>')}${tc('制发')}${tc('废止')}</w:tr>` +
      `<w:tr>${tc('规章')}${tc('1')}${tc('2')}</w:tr>` +
      `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc('3')}${tc('4')}</w:tr>` +
      '</w:tbl>';
    const { blocks } = docxLayout({ document: documentXml(docx(table)) });
    const grid = blocks[0]!.kind === 'table' ? blocks[0]!.grid : undefined;
    expect(grid!.width).toBe(3);
    expect(grid!.height).toBe(4);
    expect(grid!.rows.map((row) => [0, 1, 2].map((x) => row[x]?.text))).toEqual([
      ['信息内容', '本年', '本年'],
      ['信息内容', '制发', '废止'],
      ['规章', '1', '2'],
      [undefined, '3', '4'],
    ]);
    expect(grid!.cells[0]).toEqual({ text: '信息内容', row: 0, column: 0, rowSpan: 2, colSpan: 1 });
    expect(grid!.cells[1]).toEqual({ text: '本年', row: 0, column: 1, rowSpan: 1, colSpan: 2 });
  });

  it('reads a WPS-style document whose headings are numbered paragraphs into a report', async () => {
    // The example rendered, then its section headings' numbers replaced by automatic numbering.
    const files = unzipSync(await renderDocx(q2022));
    let xml = strFromU8(files['word/document.xml']!);
    xml = xml.replace(/<w:pStyle w:val="Heading1"\/><\/w:pPr><w:r><w:t xml:space="preserve">[一二三四五六]、/g, '<w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">');
    files['word/document.xml'] = strToU8(xml);
    files['word/numbering.xml'] = strToU8(NUMBERING);
    delete files['docProps/custom.xml'];
    const { report } = importDocx(zipSync(files));
    expect(report!.format).toBe('gov-2021');
    expect(report!.sections.map((s) => s.title)).toEqual(q2022.sections.map((s) => s.title));
    expect(present(report!.tables)).toEqual(present(q2022.tables));
  });
});

describe('importDocx: documents another program wrote (LibreOffice, from Word\'s HTML)', () => {
  const PAIRS = [
    ['gov-2014', 'jiangbei-2017'],
    ['gov-2019', 'qingshan-2020'],
    ['gov-2021', 'qingshan-2022'],
  ] as const;
  it.each(PAIRS)('libreoffice-%s.docx: every cell of %s, its sections, signature and attachment, without issues', (format, name) => {
    const bytes = readFileSync(new URL(`fixtures/docx/libreoffice-${format}.docx`, import.meta.url));
    const xml = documentXml(bytes);
    // The fixture is what it claims: LibreOffice's markup, merged cells (the 2014 table has none).
    expect(strFromU8(unzipSync(bytes)['docProps/app.xml']!)).toContain('LibreOffice');
    if (format !== 'gov-2014') expect(xml).toMatch(/<w:vMerge w:val="restart"\/>[\s\S]*<w:gridSpan w:val="\d+"\/>/);
    const expected = examples[EXAMPLES.indexOf(name)]!;
    const { report, issues } = importDocx(bytes);
    expect(issues).toEqual([]);
    expect(report!.format).toBe(format);
    expect(present(report!.tables)).toEqual(present(expected.tables));
    expect(report!.sections).toEqual(expected.sections);
    expect(report!.signature).toEqual(expected.signature);
    expect(report!.attachments).toEqual(expected.attachments);
    expect(report!.metadata.agency).toBe(expected.metadata.agency);
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile and wrong input

describe('importDocx: what is not a Word document is refused, clearly', () => {
  const refused = (bytes: Uint8Array, options = {}) => {
    const { report, issues } = importDocx(bytes, options);
    expect(report).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe('bad_input');
    return String((issues[0] as { value?: unknown }).value);
  };

  it('a legacy binary .doc: save it as .docx', () => {
    const doc = new Uint8Array(4096);
    doc.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(refused(doc)).toMatch(/legacy Word \.doc.*save it as \.docx/);
  });

  it('text, an empty file, a zip without a Word document', () => {
    expect(refused(strToU8('一、总体情况'))).toMatch(/not a \.docx/);
    expect(refused(new Uint8Array(0))).toMatch(/not a \.docx/);
    expect(refused(zipSync({ 'a.txt': strToU8('x') }))).toMatch(/without word\/document\.xml/);
    expect(looksLikeDocx(zipSync({ 'a.txt': strToU8('x') }))).toBe(false);
  });

  it('a damaged archive: cut short, a corrupt entry, a wrong checksum', async () => {
    const good = await renderDocx(q2022);
    expect(looksLikeDocx(good)).toBe(true);
    expect(refused(good.subarray(0, good.length - 30))).toMatch(/not a complete zip archive/);
    const entries = zipEntries(good);
    const document = entries.get('word/document.xml')!;
    const broken = good.slice();
    const start = document.offset + 30 + (broken[document.offset + 26]! | (broken[document.offset + 27]! << 8));
    for (let i = 0; i < 64; i++) broken[start + 10 + i] = broken[start + 10 + i]! ^ 0x5a;
    expect(refused(broken)).toMatch(/damaged zip archive: entry "word\/document\.xml"/);
  });

  it('a zip bomb fails on its declared sizes before anything is inflated', () => {
    // 16 MB of zeros deflate to 16 kB; the limits here are small so that the test stays small.
    const zeros = new Uint8Array(16 * 1024 * 1024);
    const bomb = zipSync({ 'word/document.xml': zeros, '_rels/.rels': strToU8('<Relationships/>') }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(refused(bomb, { limits: { maxEntrySize: 1024 * 1024 } })).toMatch(/declares 16777216 bytes uncompressed, more than the 1048576 allowed/);
    expect(refused(bomb, { limits: { maxTotalSize: 8 * 1024 * 1024 } })).toMatch(/declares more than 8388608 bytes uncompressed \(a zip bomb/);
  });

  it('a bomb that understates its size is cut at the declared size and fails its checksum', () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const bomb = zipSync({ 'word/document.xml': zeros });
    // Rewrite the declared uncompressed size to 1,000 bytes in the central directory.
    const entry = zipEntries(bomb).get('word/document.xml')!;
    let dir = bomb.length - 4;
    while (dir > 0 && !(bomb[dir] === 0x50 && bomb[dir + 1] === 0x4b && bomb[dir + 2] === 0x01 && bomb[dir + 3] === 0x02)) dir -= 1;
    new DataView(bomb.buffer, bomb.byteOffset).setUint32(dir + 24, 1000, true);
    const lying = zipEntries(bomb).get('word/document.xml')!;
    expect(lying.size).toBe(1000);
    expect(() => readEntry(bomb, lying)).toThrow(ZipError);
    expect(() => readEntry(bomb, lying)).toThrow(/does not match its declared size and checksum/);
    expect(entry.size).toBe(8 * 1024 * 1024);
  });

  it('too many entries', () => {
    const files: Zippable = {};
    for (let i = 0; i < 60; i++) files[`f${i}`] = new Uint8Array(0);
    expect(refused(zipSync(files), { limits: { maxEntries: 50 } })).toMatch(/lists 60 entries, more than the 50/);
  });

  it('stored and deflated entries read with their CRC checked', () => {
    const data = strToU8('<x>政府信息公开</x>'.repeat(50));
    const zip = zipSync({ stored: [data, { level: 0 }], deflated: [data, { level: 6 }] });
    const entries = zipEntries(zip);
    expect(entries.get('stored')!.method).toBe(0);
    expect(entries.get('deflated')!.method).toBe(8);
    expect(readEntry(zip, entries.get('stored')!)).toEqual(data);
    expect(readEntry(zip, entries.get('deflated')!)).toEqual(data);
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
    expect(deflateSync(data).length).toBeLessThan(data.length);
  });

  it('throws a TypeError for input that is not bytes, and for limits that are not numbers', () => {
    expect(() => importDocx('x' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => importDocx(new Uint8Array(0), { limits: { maxEntries: Number.NaN } })).toThrow(/limits\.maxEntries/);
    expect(() => importDocx(new Uint8Array(0), { limits: { maxTotalSize: '1' as unknown as number } })).toThrow(TypeError);
  });
});

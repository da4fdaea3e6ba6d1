// importPdf: the real report PDF of the corpus (every printed cell), the PDFs the project made with
// Chromium and LibreOffice (tests/fixtures/pdf, made by scripts/make-pdf-fixtures.ts), the Layout the
// PDF reader builds, and PDFs that cannot be read.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Layout, LayoutParagraph, LayoutTable } from '../src/import/core/layout.js';
import { readPdfLayout } from '../src/import/pdf/index.js';
import { fromLabels, importHtml, readReport, validate, type HeavyReader, type Report } from '../src/index.js';
import { importPdf, isPdf } from '../src/pdf.js';
import { present } from './helpers/examples.js';

const pdfDir = new URL('./fixtures/pdf/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, pdfDir)));
const printed = (name: string) => JSON.parse(readFileSync(new URL(`${name}.printed.json`, pdfDir), 'utf8')) as Report;
const corpus = new URL('../../shared/corpus/', import.meta.url);
const hasCorpus = existsSync(new URL('huaian-2024.pdf', corpus));

const paragraphs = (layout: Layout) => layout.blocks.filter((b): b is LayoutParagraph => b.kind === 'paragraph');
const tables = (layout: Layout) => layout.blocks.filter((b): b is LayoutTable => b.kind === 'table');
const cellTexts = (t: LayoutTable) => t.grid.cells.map((c) => c.text);

describe.skipIf(!hasCorpus)('importPdf: the published huaian-2024 report (skipped: ../shared/corpus is not present)', () => {
  const pdf = () => new Uint8Array(readFileSync(new URL('huaian-2024.pdf', corpus)));

  it('reads every printed cell exactly as transcribed by hand, and the report validates without errors', async () => {
    const { report, issues } = await importPdf(pdf());
    const expected = fromLabels(JSON.parse(readFileSync(new URL('huaian-2024.labels.json', corpus), 'utf8')));
    expect(report?.format).toBe('gov-2021');
    expect(report!.tables).toEqual(expected.report!.tables);
    expect(issues).toEqual([]);
    expect(validate(report!).issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('reads the title, the agency, the six sections and their run-in subsections', async () => {
    const { report } = await importPdf(pdf());
    expect(report!.metadata).toMatchObject({ agency: '淮安市人民政府', year: 2024, title: '淮安市人民政府2024年政府信息公开工作年度报告' });
    expect(report!.sections!.map((s) => s.id)).toEqual(['overview', 'proactive', 'applications', 'reviewLitigation', 'problems', 'other']);
    expect(report!.sections![0]!.subsections!.map((s) => s.title)).toEqual(['主动公开情况', '依申请公开情况', '政府信息管理情况', '政府信息公开平台建设情况', '政府信息公开监督保障情况']);
  });

  it('lays the pages out: page numbers dropped, lines and pages joined without spaces, split tables made one', async () => {
    const { layout, issues } = await readPdfLayout(pdf());
    expect(issues).toEqual([]);
    const texts = paragraphs(layout!).map((p) => p.text);
    expect(texts.filter((t) => /^[-\s]*\d+[-\s]*$/.test(t))).toEqual([]);
    // A paragraph running from page 5 onto page 6, and 2024 年 printed with a space.
    expect(texts).toContain(
      '对照上级新要求和公众新期待，还有一些需要加强和改进的地方。主要表现在：一是政策解读质量仍需提升，个别单位政策解读内容简单、形式单一；二是政务公开队伍建设还需进一步加强，个别单位存在人员配备不足、兼职多、流动性过快的问题。',
    );
    expect(texts).toContain('2024年政府信息公开工作年度报告');
    // Tables 1 (pages 3–4) and 2 (pages 4–5) are each one grid: three grids in all.
    const grids = tables(layout!);
    expect(grids.map((t) => t.at?.page)).toEqual([3, 4, 5]);
    expect(grids.length).toBe(3);
    const applications = grids[1]!;
    // The vertical group label, the label cut by the page break, a label wrapped over lines.
    const group = applications.grid.cells.find((c) => c.text === '三、本年度办理结果')!;
    expect(group.rowSpan).toBe(22);
    expect(cellTexts(applications)).toContain('（四）无法提供');
    expect(cellTexts(applications)).toContain('（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
    expect(cellTexts(grids[0]!)).toContain('第二十条第（八）项');
  });
});

describe('importPdf: PDFs printed by Chromium and converted by LibreOffice', () => {
  it.each([
    ['qingshan-2022.chromium.pdf', 'qingshan-2022', 'gov-2021'],
    ['qingshan-2022.soffice.pdf', 'qingshan-2022', 'gov-2021'],
    ['qingshan-2020.soffice.pdf', 'qingshan-2020', 'gov-2019'],
    ['jiangbei-2017.soffice.pdf', 'jiangbei-2017', 'gov-2014'],
  ])('%s: every printed cell, blanks absent, the report valid', async (file, source, format) => {
    const { report } = await importPdf(fixture(file));
    const expected = printed(source);
    expect(report?.format).toBe(format);
    expect(present(report!.tables)).toEqual(present(expected.tables));
    expect(report!.metadata.agency).toBe(expected.metadata.agency);
    expect(report!.metadata.year).toBe(expected.metadata.year);
    expect(report!.sections?.map((s) => s.id)).toEqual(expected.sections?.map((s) => s.id));
    expect(validate(report!).issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('reads a table printed without rules by where its text stands: no value in a wrong cell, all but one read', async () => {
    const { report, issues } = await importPdf(fixture('jiangbei-2017-borderless.soffice.pdf'));
    const expected = present(printed('jiangbei-2017-borderless').tables).statistics!;
    const actual = present(report!.tables).statistics!;
    // Every value read is the printed one.
    for (const [row, cells] of Object.entries(actual)) expect(cells, row).toEqual(expected[row]);
    const missing = Object.keys(expected).filter((row) => !(row in actual));
    // The one left out: a wrapped label whose value is on its second line, alone at the top of a page; it is named.
    expect(missing).toEqual(['capacity.funding']);
    expect(issues.some((i) => i.code === 'unplaced_text' && /护等方面的经费/.test(String(i.value)))).toBe(true);
  });

  it('reads blank cells as absent (the generated page leaves zeros of two columns unprinted)', async () => {
    const { report } = await importPdf(fixture('qingshan-2022.chromium.pdf'));
    expect(report!.tables.applications!['applications.newThisYear']!.publicInterest).toBeNull();
    expect(report!.tables.applications!['applications.newThisYear']!.research).toBe(1);
  });

  it('reads the signature and the run-in subsection headings of a converted page', async () => {
    const { report } = await importPdf(fixture('qingshan-2022.soffice.pdf'));
    expect(report!.signature).toEqual({ organ: '青山市自然资源和规划局', date: '2023-01-18' });
    expect(report!.sections![0]!.subsections!.map((s) => s.title)).toEqual(printed('qingshan-2022').sections![0]!.subsections!.map((s) => s.title));
  });

  it('a broken total printed in the PDF is read as printed, and validation flags it', async () => {
    const { report } = await importPdf(fixture('qingshan-2022-broken.soffice.pdf'));
    expect(present(report!.tables)).toEqual(present(printed('qingshan-2022-broken').tables));
    const errors = validate(report!).issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => i.code)).toContain('identity_mismatch');
  });

  it('a saved government page printed by Chromium reads the same cells as the page itself', async () => {
    const html = importHtml(readFileSync(new URL('./fixtures/html/gov-2021.html', import.meta.url)));
    const { report } = await importPdf(fixture('gov-2021.chromium.pdf'));
    expect(report!.tables).toEqual(html.report!.tables);
    expect(report!.metadata.agency).toBe(html.report!.metadata.agency);
  });

  it('lays out a table running over pages with its header repeated as one grid, without the repeated header', async () => {
    const { layout } = await readPdfLayout(fixture('qingshan-2022.soffice.pdf'));
    const grids = tables(layout!);
    const applications = grids.find((t) => cellTexts(t).includes('申请人情况'))!;
    expect(applications.grid.cells.filter((c) => c.text === '申请人情况')).toHaveLength(1);
    // Cut by page breaks: the vertical group label, a wrapped label and a group label.
    expect(cellTexts(applications)).toContain('三、本年度办理结果');
    expect(cellTexts(applications)).toContain('（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
    expect(cellTexts(applications)).toContain('（五）不予处理');
    expect(paragraphs(layout!).map((p) => p.text)).toContain('三、收到和处理政府信息公开申请情况');
  });
});

describe('importPdf: PDFs that cannot be read', () => {
  it('recognises a PDF by its header', () => {
    expect(isPdf(fixture('scan.pdf'))).toBe(true);
    expect(isPdf(new TextEncoder().encode('<html>'))).toBe(false);
  });

  it('a scan (no text layer) is an error saying so', async () => {
    const { report, issues } = await importPdf(fixture('scan.pdf'));
    expect(report).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'bad_input', severity: 'error' });
    expect(String(issues[0]!.value)).toMatch(/no text layer.*OCR/);
  });

  it('an encrypted PDF is an error asking for a password', async () => {
    const { report, issues } = await importPdf(fixture('encrypted.pdf'));
    expect(report).toBeUndefined();
    expect(String(issues[0]!.value)).toMatch(/encrypted.*password/);
  });

  it('truncated and malformed PDFs, and other bytes, are errors, never exceptions', async () => {
    const whole = fixture('qingshan-2022.soffice.pdf');
    for (const bytes of [whole.subarray(0, 2000), whole.subarray(0, whole.length / 2), new TextEncoder().encode('%PDF-1.7\n garbage'), new Uint8Array(0)]) {
      const { report, issues } = await importPdf(bytes);
      expect(report === undefined || issues.length > 0).toBe(true);
      expect(issues.some((i) => i.severity === 'error')).toBe(true);
    }
    const notPdf = await importPdf(new TextEncoder().encode('一、总体情况'));
    expect(String(notPdf.issues[0]!.value)).toMatch(/not a PDF/);
  });

  it('stops at the page cap with a warning, and at the time bound with an error', async () => {
    const capped = await importPdf(fixture('qingshan-2022.soffice.pdf'), { maxPages: 2 });
    expect(capped.issues.find((i) => i.severity === 'warning' && /only the first 2/.test(String(i.value)))).toBeDefined();
    const late = await importPdf(fixture('qingshan-2022.soffice.pdf'), { timeLimitMs: 1 });
    expect(late.report).toBeUndefined();
    expect(String(late.issues[0]!.value)).toMatch(/time limit of 1 ms/);
  });

  it('throws a TypeError for input that is not bytes, and for bad options', async () => {
    await expect(importPdf('%PDF-1.7' as unknown as Uint8Array)).rejects.toThrow(TypeError);
    await expect(importPdf(fixture('scan.pdf'), { maxPages: 0 })).rejects.toThrow(TypeError);
  });
});

describe('readReport with the PDF reader plugged in', () => {
  it('reads a PDF as a PDF, by its content', async () => {
    const reader: HeavyReader = importPdf;
    const result = await readReport(fixture('qingshan-2022.soffice.pdf'), { readers: { pdf: reader }, filename: 'report.bin' });
    expect(result.form).toBe('pdf');
    expect(present(result.report!.tables)).toEqual(present(printed('qingshan-2022').tables));
  });
});

describe('the core entry point', () => {
  it.skipIf(!existsSync(new URL('../dist/index.js', import.meta.url)))('does not contain or import the PDF engine (skipped: no build in dist/)', () => {
    for (const file of ['../dist/index.js', '../dist/index.cjs']) {
      expect(readFileSync(new URL(file, import.meta.url), 'utf8')).not.toMatch(/pdfjs/);
    }
  });
});

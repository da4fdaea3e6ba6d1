import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { complete, fromLabels, htmlIndexEntry, importHtml, parseReport, renderHtml, renderHtmlIndex, setCell, validate, type Report } from '../src/index.js';
import { loadExample } from './helpers/examples.js';
import { wordPage } from './helpers/word-page.js';
import { elements, textOf } from './helpers/html-dom.js';

const qingshan = () => loadExample('qingshan-2022.json');

/** The 2021 example with two broken totals: （七）总计（自然人） one too many, 四、结转下年度（总计） 99. */
function broken(): Report {
  const report = structuredClone(qingshan()) as Report & { tables: Record<string, Record<string, Record<string, number>>> };
  report.tables.applications!['applications.results.total']!.naturalPerson! += 1;
  report.tables.applications!['applications.carriedForward']!.total = 99;
  return report;
}

describe('renderHtml', () => {
  it('writes one self-contained document: doctype, lang, viewport, inline style, no script and no external asset', () => {
    const html = renderHtml(qingshan());
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('<title>青山市自然资源和规划局2022年政府信息公开工作年度报告</title>');
    const all = elements(html);
    expect(all.filter((e) => e.name === 'script' || e.name === 'img' || e.name === 'link' || e.name === 'iframe')).toEqual([]);
    expect(all.some((e) => e.name === 'style')).toBe(true);
    expect(html).toContain('@page{size:A4');
    // Text of the report: title, sections, paragraphs, signature.
    expect(html).toContain('<h1>青山市自然资源和规划局2022年政府信息公开工作年度报告</h1>');
    expect(html).toContain('<h2>三、收到和处理政府信息公开申请情况</h2>');
    expect(html).toContain('全年共收到政府信息公开申请260件');
    expect(html).toContain('<p class="signature">青山市自然资源和规划局<br>2023年1月18日</p>');
  });

  it('lays tables out as the template prints them: merged headers, group labels spanning their rows, money as printed', () => {
    const html = renderHtml(qingshan());
    expect(html).toContain('<th scope="colgroup" id="h1.0.0.0" colspan="7">申请人情况</th>');
    expect(html).toContain('colspan="5">法人或其他组织</th>');
    // （三）不予公开 spans its eight reasons.
    expect(html).toMatch(/<th scope="rowgroup" class="group" id="[^"]+" rowspan="8">（三）不予公开<\/th>/);
    expect(html).toContain('>3156.284716</span>');
    // Every data cell names its headers, and every header it names exists.
    const all = elements(html);
    const ids = new Set(all.map((e) => e.attribs.id).filter((id) => id !== undefined));
    const cells = all.filter((e) => e.name === 'td' && e.attribs.id?.startsWith('c-'));
    expect(cells.length).toBe(200);
    for (const cell of cells) {
      const headers = (cell.attribs.headers ?? '').split(' ').filter(Boolean);
      expect(headers.length).toBeGreaterThanOrEqual(2);
      for (const id of headers) expect(ids.has(id)).toBe(true);
    }
    const cell = all.find((e) => e.attribs.id === 'c-applications.results.withheld.thirdParty/naturalPerson')!;
    const names = cell.attribs.headers!.split(' ').map((id) => textOf(all.find((e) => e.attribs.id === id)!));
    expect(names).toEqual(['申请人情况', '自然人', '三、本年度办理结果', '（三）不予公开', '4.保护第三方合法权益']);
    for (const th of all.filter((e) => e.name === 'th')) expect(['col', 'colgroup', 'row', 'rowgroup']).toContain(th.attribs.scope);
  });

  it('prints the 2014 table with its unit column, a total over its 其中 parts on its own line', () => {
    const html = renderHtml(loadExample('jiangbei-2017.json'));
    const all = elements(html);
    const cell = all.find((e) => e.attribs.id === 'c-proactive.published/value')!;
    const names = cell.attribs.headers!.split(' ').map((id) => textOf(all.find((e) => e.attribs.id === id)!));
    expect(names).toEqual(['统计数', '一、主动公开情况', '（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）', '本项']);
    expect(textOf(cell.parent as Element).endsWith('（不同渠道和方式公开相同信息计1条）本项条803')).toBe(true);
    const received = all.find((e) => e.attribs.id === 'c-requests.received/value')!;
    expect(textOf(received.parent as Element)).toBe('三、依申请公开情况（一）收到申请数小计件0');
    expect(received.attribs.headers!.split(' ').map((id) => textOf(all.find((e) => e.attribs.id === id)!))).toEqual([
      '统计数',
      '三、依申请公开情况',
      '（一）收到申请数',
      '小计',
    ]);
  });

  it('shows blanks as blanks and marks derived cells', () => {
    const report = setCell(qingshan(), 'applications.results.partial/research', null);
    const html = renderHtml(report);
    expect(html).toContain('<td id="c-applications.results.partial/research" class="num absent"');
    expect(html).toMatch(/id="c-applications\.results\.partial\/research"[^>]*><span class="value"><\/span><\/td>/);
    expect(renderHtml(report, { absent: '-' })).toMatch(/id="c-applications\.results\.partial\/research"[^>]*><span class="value">-<\/span>/);

    const gappy = structuredClone(qingshan()) as Report & { tables: Record<string, Record<string, Record<string, number>>> };
    delete gappy.tables.applications!['applications.results.total'];
    const { report: completed } = complete(gappy);
    const derived = renderHtml(completed);
    expect(derived).toMatch(/id="c-applications\.results\.total\/total" class="num derived"[^>]*><span class="value">257<\/span><span class="derived-mark">\*<\/span>/);
    expect(derived).toContain('标有“*”的数值为推算值');
  });

  it('marks every cell of a finding, links it to the finding and the finding back to its cells', () => {
    const report = broken();
    const validation = validate(report);
    expect(validation.counts.error).toBeGreaterThan(0);
    const html = renderHtml(report, { validation });
    const all = elements(html);
    const byId = new Map(all.filter((e) => e.attribs.id).map((e) => [e.attribs.id!, e]));
    validation.issues.forEach((issue, i) => {
      const finding = byId.get(`f${i + 1}`);
      expect(finding?.name).toBe('li');
      expect(textOf(finding!)).toContain(issue.message);
      for (const cell of issue.cells) {
        const td = byId.get(`c-${cell.ref}`);
        expect(td, cell.ref).toBeDefined();
        expect(td!.attribs.class).toMatch(/\bf-(error|warning)\b/);
        const marks = all.filter((e) => e.name === 'a' && e.attribs.href === `#f${i + 1}` && isInside(e, td!));
        expect(marks).toHaveLength(1);
        // The mark carries a symbol, not colour alone.
        expect(textOf(marks[0]!)).toMatch(/^[✖▲●]\d+/);
        expect(all.some((e) => e.name === 'a' && e.attribs.href === `#c-${cell.ref}` && isInside(e, finding!))).toBe(true);
      }
    });
    // The findings list comes before the text.
    expect(html.indexOf('id="findings"')).toBeLessThan(html.indexOf('<h2>一、总体情况</h2>'));
    // A broken sum is explained: the total, the parts with their values, the computed sum and the difference.
    expect(html).toContain('（七）总计（自然人） 230 ≠ 各办理结果之和 81 + 14 + (0 + 0 + 0 + 4 + 2 + 5 + 3 + 2) + (71 + 9 + 4) + (7 + 6 + 1 + 2 + 3) + (11 + 0 + 4) = 229（差额 1）');
    expect(html).toContain('四、结转下年度继续办理（总计） 99 ≠ 各类申请人之和 12 + 2 + 0 + 0 + 0 + 0 = 14（差额 85）');
    expect(html).toContain('本年新收与上年结转之和（自然人） 231 + 10 = 241 ≠ （七）总计与结转下年度之和 230 + 12 = 242（差额 -1）');
    // …under its table too, where the cells are.
    const tableNote = html.indexOf('<ul class="table-findings"');
    expect(tableNote).toBeGreaterThan(html.indexOf('id="c-applications.carriedForward/total"'));
  });

  it('reads a published page and explains its broken total (the page prints blank subtotal rows)', () => {
    const page = wordPage(setCell(qingshan(), 'applications.results.total/naturalPerson', 231), { site: '青山市人民政府', dateIn: 'info', seed: 5 });
    const { report } = importHtml(page);
    const html = renderHtml(report!, { validation: validate(report!) });
    expect(html).toContain(
      '（七）总计（自然人） 231 ≠ 各办理结果之和 81 + 14 + (0 + 0 + 0 + 4 + 2 + 5 + 3 + 2) + (71 + 9 + 4) + (7 + 6 + 1 + 2 + 3) + (11 + 0 + 4) = 229（差额 2）',
    );
  });

  it('explains a sum over blank cells as a least value, the blanks named', () => {
    let report = setCell(qingshan(), 'applications.results.granted/commercial', null);
    report = setCell(report, 'applications.results.total/commercial', 5);
    const html = renderHtml(report, { validation: validate(report) });
    expect(html).toContain('（七）总计（法人或其他组织/商业企业） 5 ≠ 各办理结果之和 空 + 3 + (0 + 0 + 0 + 1 + 0 + 1 + 0 + 0) + (4 + 1 + 0) + (0 + 0 + 0 + 0 + 0) + (1 + 0 + 0) ≥ 11');
    expect(html).toMatch(/<td id="c-applications\.results\.granted\/commercial" class="num absent f-error"[^>]*><span class="value"><\/span><a class="fm error"/);
  });

  it('highlights the figure of a narrative finding in its sentence, linked to the finding and the cell it should equal', () => {
    const report = broken();
    const validation = validate(report);
    const n = validation.issues.findIndex((i) => i.code === 'narrative_mismatch') + 1;
    expect(n).toBeGreaterThan(0);
    const html = renderHtml(report, { validation });
    expect(html).toMatch(
      new RegExp(`<span class="quote">结转下年度<mark class="figure f-warning" id="n-f${n}">14</mark><a class="fm warning" href="#f${n}"[^>]*>`),
    );
    const item = html.slice(html.indexOf(`<li id="f${n}"`), html.indexOf('</li></ul></li>', html.indexOf(`<li id="f${n}"`)));
    expect(item).toContain(`<a href="#n-f${n}">原文</a>`);
    expect(item).toContain('<a href="#c-applications.carriedForward/total">四、结转下年度继续办理（总计） = 99</a>');
    expect(item).toContain('正文「结转下年度14件」称 14 ≠ 表中 四、结转下年度继续办理（总计） 99（差额 -85）');
  });

  it('lists a clean validation as such, in the language asked for', () => {
    const report = qingshan();
    expect(renderHtml(report, { validation: validate(report) })).toContain('<p class="counts">未发现问题。</p>');
    const en = renderHtml(broken(), { validation: validate(broken(), { locale: 'en' }), locale: 'en' });
    expect(en).toContain('<section class="findings" id="findings" aria-labelledby="findings-title" lang="en"><h2 id="findings-title">Validation</h2>');
    expect(en).toContain('(difference 85)');
  });

  it('shows markup and script in a report as text', () => {
    const hostile = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "'><svg onload=alert(3)>", '&lt;b&gt;', '</style><script>alert(4)</script>'];
    const report = structuredClone(qingshan()) as Report & { sections: { title: string; paragraphs?: string[] }[] };
    const doc = report as unknown as Record<string, Record<string, unknown>>;
    doc.metadata!.agency = hostile[0];
    doc.metadata!.title = hostile[4];
    doc.metadata!.sourceUrl = 'javascript:alert(5)';
    report.sections[0]!.title = hostile[1]!;
    report.sections[0]!.paragraphs = [...hostile, '全年共收到{{applications.newThisYear/total}}件<script>'];
    (report as unknown as { signature: { organ: string } }).signature.organ = hostile[2]!;
    const parsed = parseReport(report);
    expect(parsed.success).toBe(true);
    const checked = parsed.data!;
    const validation = validate(checked);
    const evil = {
      issues: [
        ...validation.issues,
        {
          severity: 'error' as const,
          message: hostile[0]!,
          rule: hostile[1],
          cells: [{ table: 'applications', row: 'applications.newThisYear', column: 'total', ref: 'applications.newThisYear/total', name: hostile[2]! }],
          waived: { reason: hostile[4]! },
        },
      ],
    };
    const html = renderHtml(checked, { validation: evil });
    const all = elements(html);
    expect(all.filter((e) => ['script', 'img', 'svg'].includes(e.name))).toEqual([]);
    for (const e of all) for (const name of Object.keys(e.attribs)) expect(name.startsWith('on')).toBe(false);
    expect(all.filter((e) => e.name === 'style')).toHaveLength(1);
    expect(all.some((e) => e.attribs.href?.startsWith('javascript'))).toBe(false);
    // The text reads as written.
    const text = textOf(parseDocument(html));
    for (const h of hostile) expect(text).toContain(h);
    expect(text).toContain('全年共收到260件<script>');
  });

  it('refuses what is not a report or bad options with a TypeError', () => {
    expect(() => renderHtml({} as Report)).toThrow(TypeError);
    expect(() => renderHtml(qingshan(), null as never)).toThrow(TypeError);
    expect(() => renderHtml(qingshan(), { locale: 'fr' as never })).toThrow(TypeError);
    expect(() => renderHtml(qingshan(), { validation: { issues: [{ severity: 'fatal' as never, message: 'x' }] } })).toThrow(TypeError);
  });

  it('renders one section, only the tables or only the text', () => {
    const report = qingshan();
    const third = renderHtml(report, { section: '三' });
    expect(third).toContain('<title>收到和处理政府信息公开申请情况</title>');
    expect(third).not.toContain('<h1>');
    expect(renderHtml(report, { only: 'text' })).not.toContain('<table');
    expect(renderHtml(report, { only: 'tables' })).not.toContain('全年共收到政府信息公开申请260件');
  });
});

const corpus = new URL('../shared/corpus/', new URL('../', import.meta.url));
const corpusFiles = ['huaian-2024.labels.json', 'sh-kewei-2024.labels.json'];
const hasCorpus = corpusFiles.every((f) => existsSync(new URL(f, corpus)));

describe.skipIf(!hasCorpus)('renderHtml on published reports (skipped when ../shared/corpus is absent)', () => {
  it.each(corpusFiles)('%s: the statistics cells printed, ids unique, every in-page link lands, each finding on its printed cells', (file) => {
    const { report } = fromLabels(JSON.parse(readFileSync(new URL(file, corpus), 'utf8')));
    expect(report).toBeDefined();
    const validation = validate(report!);
    const html = renderHtml(report!, { validation });
    const all = elements(html);
    const byId = new Map(all.filter((e) => e.attribs.id).map((e) => [e.attribs.id!, e]));
    expect(byId.size).toBe(all.filter((e) => e.attribs.id).length);
    // Published reports print their tables: the statistics cells are all there.
    expect(all.filter((e) => e.name === 'td' && e.attribs.id?.startsWith('c-')).length).toBeGreaterThan(150);
    validation.issues.forEach((issue, i) => {
      for (const cell of issue.cells) {
        const td = byId.get(`c-${cell.ref}`);
        if (!td) continue;
        expect(all.some((e) => e.name === 'a' && e.attribs.href === `#f${i + 1}` && isInside(e, td))).toBe(true);
        expect(all.some((e) => e.name === 'a' && e.attribs.href === `#c-${cell.ref}` && isInside(e, byId.get(`f${i + 1}`)!))).toBe(true);
      }
    });
    for (const e of all) if (e.attribs.href?.startsWith('#')) expect(byId.has(e.attribs.href.slice(1)), e.attribs.href).toBe(true);
  });
});

function isInside(node: Element, ancestor: Element): boolean {
  for (let n: Element | null = node; n; n = n.parent as Element | null) if (n === ancestor) return true;
  return false;
}

describe('renderHtmlIndex', () => {
  const entries = [
    { file: 'a.html', href: 'a.html.html', title: '甲', format: 'gov-2021', counts: { error: 0, warning: 2, info: 0 } },
    { file: 'b<script>.html', href: 'b.html', title: '<b>乙</b>', format: 'gov-2019', counts: { error: 3, warning: 0, info: 1, waived: 1 } },
    { file: 'c.pdf', problem: 'not a report' },
  ];

  it('lists every file with its counts, worst first, linking to the pages', () => {
    const html = renderHtmlIndex(entries);
    const rows = elements(html).filter((e) => e.name === 'tr').slice(1);
    expect(rows.map((r) => textOf(r.children[0]!))).toEqual(['c.pdf', 'b<script>.html', 'a.html']);
    expect(textOf(rows[1]!)).toBe('b<script>.html<b>乙</b>gov-20193011✖ 未通过');
    expect(textOf(rows[2]!)).toContain('✔ 通过');
    expect(textOf(rows[0]!)).toContain('无法读取：not a report');
    expect(html).toContain('<a href="b.html">b&lt;script&gt;.html</a>');
    expect(html).toContain('共 3 个文件，未通过 2 个；错误 3 项，警告 2 项。');
    // Sortable by every column, with buttons (keyboard) and one inline script.
    expect(elements(html).filter((e) => e.name === 'button')).toHaveLength(8);
    expect(elements(html).filter((e) => e.name === 'script')).toHaveLength(1);
  });

  it('makes an entry from a report and its validation', () => {
    const report = broken();
    const entry = htmlIndexEntry({ file: 'q.json', href: 'q.json.html', report, validation: validate(report) });
    expect(entry).toEqual({
      file: 'q.json',
      href: 'q.json.html',
      title: '青山市自然资源和规划局2022年政府信息公开工作年度报告',
      format: 'gov-2021',
      counts: { error: 5, warning: 1, info: 0, waived: 0 },
    });
    expect(htmlIndexEntry({ file: 'x.pdf', problem: 'unreadable' })).toEqual({ file: 'x.pdf', problem: 'unreadable' });
  });

  it('speaks English when asked and refuses what is not a list', () => {
    expect(renderHtmlIndex(entries, { locale: 'en', title: 'Batch' })).toContain('<h1>Batch</h1>');
    expect(() => renderHtmlIndex('x' as never)).toThrow(TypeError);
  });
});

// Makes the PDF fixtures of tests/fixtures/pdf with real producers: headless Chromium printing the
// HTML fixtures and pages generated here from the project's example reports, and LibreOffice
// converting the same generated pages. Run from the project root (needs `chromium`, `soffice`,
// `pdftoppm`, and fonts-noto-cjk):
//
//   npx tsx scripts/make-pdf-fixtures.ts
//
// The PDFs are committed; CI never regenerates them. Next to each generated PDF, `<name>.printed.json`
// is the report as printed (blank cells are null there), which the tests compare the import with.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getFormat } from '../src/formats/catalogue.js';
import { indexFormat, type ResolvedNode, type TableIndex } from '../src/formats/define.js';
import { parseReport, type Report } from '../src/model/report.js';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'tests/fixtures/pdf');
const work = mkdtempSync(join(tmpdir(), 'xxgk-pdf-'));
mkdirSync(out, { recursive: true });

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Style {
  /** The first label column of a table with group labels as narrow as one character (printed vertically). */
  readonly vertical?: boolean;
  /** Label columns narrow enough that long labels wrap over two or three lines. */
  readonly narrowLabels?: boolean;
  /** Cell padding (points): large enough makes the applications table run across a page break. */
  readonly padding?: number;
  /** Header rows in <thead> (a browser repeats them on every page the table spans). */
  readonly thead?: boolean;
  /** A plain list of rows, group labels on rows of their own (the 2014 layout), and no borders. */
  readonly flat?: boolean;
}

/** Rows printed as rows: valued and printed nodes, and leaves. */
const printedRow = (n: ResolvedNode) => (n.valued && n.printed) || n.children.length === 0;
/** Ancestors printed as a label cell spanning their rows (groups and unprinted subtotals with a label). */
const spanningLabels = (n: ResolvedNode): ResolvedNode[] => {
  const chain: ResolvedNode[] = [];
  for (let p = n.parent; p; p = p.parent) if (!printedRow(p) && !p.unlabeled) chain.unshift(p);
  return chain;
};

function tableHtml(t: TableIndex, values: Report['tables'][string], style: Style): string {
  const rows = t.rows.filter((n) => printedRow(n) || (style.flat === true && !n.unlabeled));
  const spanning = (n: ResolvedNode) => (style.flat ? [] : spanningLabels(n));
  // A table of one row (the review and litigation counts) prints no label column.
  const labelColumns = rows.length === 1 ? 0 : 1 + Math.max(...rows.map((r) => spanning(r).length));
  const leaves = t.valueColumns.filter((c) => c.children.length === 0);
  const columnDepth = Math.max(...leaves.map((c) => c.depth)) + 1;
  const pad = `padding:${style.padding ?? 2}pt 3pt`;
  const border = style.flat ? 'border:none' : 'border:0.75pt solid #000';
  const td = (text: string, attrs = '', extra = '') => `<td${attrs} style="${border};${pad};${extra}">${esc(text)}</td>`;
  const span = (rs: number, cs: number) => `${rs > 1 ? ` rowspan="${rs}"` : ''}${cs > 1 ? ` colspan="${cs}"` : ''}`;

  // The header: the column tree, a corner over the label columns.
  const header: string[][] = Array.from({ length: columnDepth }, () => []);
  const stub = t.rows[0]?.definition.stubHeader ?? '';
  if (labelColumns > 0) header[0]!.push(td(stub, span(columnDepth, labelColumns)));
  for (const c of t.columns) {
    const below = leaves.filter((l) => l === c || (function up(n: ResolvedNode | undefined): boolean {
      return n !== undefined && (n === c || up(n.parent));
    })(l));
    if (below.length === 0 || c.unlabeled) continue;
    const leaf = leaves.includes(c);
    header[c.depth]!.push(td(c.label, span(leaf ? columnDepth - c.depth : 1, below.length)));
  }

  // The body: one row per printed row; a spanning label opens where its first row is printed.
  const opened = new Set<ResolvedNode>();
  const body: string[] = [];
  for (const r of rows) {
    const cells: string[] = [];
    const chain = spanning(r);
    chain.forEach((a, depth) => {
      if (opened.has(a)) return;
      opened.add(a);
      const count = rows.filter((x) => spanning(x).includes(a)).length;
      const vertical = style.vertical && depth === 0 && labelColumns > 1 ? 'width:1.1em;' : '';
      cells.push(td(a.label, span(count, 1), vertical));
    });
    const labelWidth = style.narrowLabels ? 'width:7.5em;' : '';
    if (labelColumns > 0) cells.push(td(r.label, span(1, labelColumns - chain.length), labelWidth));
    for (const c of leaves) {
      const v = values?.[r.id]?.[c.id];
      const holds = r.valued && (r.columns === undefined || r.columns.includes(c.id));
      cells.push(td(holds && v !== null && v !== undefined ? String(v) : '', '', 'text-align:center'));
    }
    body.push(`<tr>${cells.join('')}</tr>`);
  }
  const head = header.map((h) => `<tr>${h.join('')}</tr>`).join('\n');
  const table = `<table style="border-collapse:collapse;width:100%;font-size:10.5pt">`;
  return style.thead ? `${table}<thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>` : `${table}${head}\n${body.join('\n')}</table>`;
}

/** A report as a page: title, preamble, numbered sections with run-in subsection headings, tables, signature. */
function reportHtml(report: Report, style: Style): string {
  const format = getFormat(report.format)!;
  const index = indexFormat(format);
  const numbers = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const parts: string[] = [];
  parts.push(`<h1 style="text-align:center;font-size:20pt">${esc(report.metadata.title ?? `${report.metadata.agency}${report.metadata.year}年政府信息公开工作年度报告`)}</h1>`);
  for (const p of report.preamble ?? []) parts.push(`<p style="text-indent:2em">${esc(p)}</p>`);
  const placed = new Set<string>();
  (report.sections ?? []).forEach((s, i) => {
    parts.push(`<h2 style="font-size:14pt">${numbers[i]}、${esc(s.title)}</h2>`);
    for (const p of s.paragraphs ?? []) parts.push(`<p style="text-indent:2em">${esc(p)}</p>`);
    (s.subsections ?? []).forEach((sub, j) => {
      const [first, ...rest] = sub.paragraphs ?? [];
      parts.push(`<p style="text-indent:2em"><b>（${numbers[j]}）${esc(sub.title)}。</b>${esc(first ?? '')}</p>`);
      for (const p of rest) parts.push(`<p style="text-indent:2em">${esc(p)}</p>`);
    });
    const template = format.sections.find((t) => t.id === s.id);
    for (const id of format.tablePlacement === 'sections' ? (template?.tables ?? []) : []) {
      const t = index.tableById.get(id);
      if (t) (parts.push(tableHtml(t, report.tables[id], style)), placed.add(id));
    }
  });
  if (report.signature) {
    parts.push(`<p style="text-align:right;margin-top:2em">${esc(report.signature.organ)}</p>`);
    if (report.signature.date) {
      const [y, m, d] = report.signature.date.split('-').map(Number);
      parts.push(`<p style="text-align:right">${y}年${m}月${d}日</p>`);
    }
  }
  const rest = index.tables.filter((t) => !placed.has(t.id));
  if (rest.length > 0) {
    const a = report.attachments?.[0];
    parts.push(`<p style="page-break-before:always">附件</p>`);
    parts.push(`<h2 style="text-align:center;font-size:14pt">${esc(a?.title ?? format.attachmentTitle ?? '政府信息公开情况统计表')}</h2>`);
    if (a?.period) parts.push(`<p>（${esc(a.period)}）</p>`);
    if (a?.filledBy) parts.push(`<p>填报单位（盖章）：${esc(a.filledBy)}</p>`);
    for (const t of rest) parts.push(tableHtml(t, report.tables[t.id], style));
  }
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(report.metadata.title ?? '')}</title>
<style>body{font-family:"Noto Serif CJK SC","Noto Sans CJK SC",serif;font-size:12pt;line-height:1.6;margin:0} p{margin:0.3em 0} @page{size:A4;margin:2cm 2.2cm}</style></head>
<body>${parts.join('\n')}</body></html>`;
}

const example = (name: string): Report => {
  const parsed = parseReport(JSON.parse(readFileSync(join(root, 'examples', name), 'utf8')));
  if (!parsed.success) throw new Error(`examples/${name} does not parse`);
  return parsed.data;
};

function chromium(html: string, pdf: string): void {
  execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, html], { stdio: 'ignore', timeout: 120_000 });
}

function soffice(html: string, pdf: string, filter = 'pdf:writer_web_pdf_Export'): void {
  const dir = mkdtempSync(join(work, 'soffice-'));
  execFileSync('soffice', [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--convert-to', filter, '--outdir', dir, html], { stdio: 'ignore', timeout: 180_000 });
  renameSync(join(dir, html.replace(/^.*\//, '').replace(/\.html$/, '.pdf')), pdf);
}

function write(name: string, report: Report, style: Style): string {
  const html = join(work, `${name}.html`);
  writeFileSync(html, reportHtml(report, style));
  writeFileSync(join(out, `${name}.printed.json`), `${JSON.stringify(report, null, 1)}\n`);
  return html;
}

// 1. Chromium prints an HTML fixture (a page as saved from a government site). Its PDFs are large
// (Chromium embeds CJK fonts as Type 3 fonts), so one page stands for the others.
chromium(join(root, 'tests/fixtures/html/gov-2021.html'), join(out, 'gov-2021.chromium.pdf'));

// 2. The example reports of the three formats, generated as pages and printed by both producers.
const layout: Style = { vertical: true, narrowLabels: true, padding: 6, thead: true };
const q22 = example('qingshan-2022.json');
// Blank cells: zeros of two organisation columns left unprinted (read back as absent).
const blanked: Report = structuredClone(q22);
for (const row of Object.values(blanked.tables.applications ?? {})) {
  for (const column of ['research', 'publicInterest']) if (row[column] === 0) row[column] = null;
}
chromium(write('qingshan-2022', blanked, layout), join(out, 'qingshan-2022.chromium.pdf'));
soffice(join(work, 'qingshan-2022.html'), join(out, 'qingshan-2022.soffice.pdf'));
const q20 = example('qingshan-2020.json');
soffice(write('qingshan-2020', q20, layout), join(out, 'qingshan-2020.soffice.pdf'));
const j17 = example('jiangbei-2017.json');
soffice(write('jiangbei-2017', j17, { padding: 2 }), join(out, 'jiangbei-2017.soffice.pdf'));
// The same without borders, a plain list of rows: the columns follow only from where the text stands.
soffice(write('jiangbei-2017-borderless', j17, { flat: true, padding: 2 }), join(out, 'jiangbei-2017-borderless.soffice.pdf'));

// 3. A broken total that validation must flag: the applications total one more than its parts.
const broken: Report = structuredClone(q22);
const row = broken.tables.applications!['applications.newThisYear']!;
row.total = Number(row.total) + 1;
soffice(write('qingshan-2022-broken', broken, { narrowLabels: true, padding: 3 }), join(out, 'qingshan-2022-broken.soffice.pdf'));

// 4. An encrypted PDF (a password to open it) and a scan (a page image, no text layer).
soffice(
  join(work, 'qingshan-2020.html'),
  join(out, 'encrypted.pdf'),
  'pdf:writer_web_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"xxgk"}}',
);
execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', join(out, 'qingshan-2020.soffice.pdf'), join(work, 'page')]);
copyFileSync(join(work, 'page.png'), join(work, 'scan-page.png'));
writeFileSync(join(work, 'scan.html'), '<!DOCTYPE html><html><body style="margin:0"><img src="scan-page.png" style="width:100%"></body></html>');
chromium(join(work, 'scan.html'), join(out, 'scan.pdf'));

if (process.env.XXGK_KEEP) console.log(`pages kept in ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(`PDF fixtures written to ${out}`);

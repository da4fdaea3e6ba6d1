// A report as a Word document in the layout of official documents (党政机关公文格式, GB/T 9704): A4,
// margins 37/35/28/26 mm, 三号仿宋 body text on a fixed line pitch with a two-character first-line
// indent, the title in 二号小标宋, headings 一、 in 黑体 and （一） in 楷体, the signature on the right,
// and each statistics table laid out as the official template prints it: multi-row headers with
// merged cells, group labels spanning their rows, the unit column, money with its printed precision.
// What the printed page does not show (format, level, region, section ids) is kept in custom
// document properties, which importDocx reads back.
import {
  AlignmentType,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
} from 'docx';
import type { Report } from '../model/report.js';
import { buildDocument, reportTitle, type Block, type Segment } from './document.js';
import { DOCX_PROPERTIES, UNIT_HEADER } from '../formats/conventions.js';
import type { TableLayout, TablePartLayout } from './layout.js';
import { resolveOptions, type RenderOptions } from './options.js';

/** Options of {@link renderDocx}: those of the other renderers that apply to a printed document. */
export type RenderDocxOptions = Pick<RenderOptions, 'format' | 'absent' | 'only' | 'validation' | 'locale'>;


/** Font families as official documents name them (the fallbacks each declares are in {@link DOCX_FONT_FALLBACKS}). */
export const DOCX_FONTS = {
  /** Body text: 仿宋_GB2312 (Windows ships it as 仿宋). */
  body: '仿宋_GB2312',
  /** The title: 方正小标宋简体. */
  title: '方正小标宋简体',
  /** First-level headings (一、). */
  heading: '黑体',
  /** Second-level headings (（一）). */
  subheading: '楷体_GB2312',
  /** Latin letters and digits. */
  latin: 'Times New Roman',
} as const;

/**
 * The font table's entries: each official family with the name a reader falls back to when it lacks
 * the family (w:altName: 仿宋_GB2312 → 仿宋, as Windows names it), and the GB2312 character set and
 * pitch, from which a word processor picks a like font when it has neither.
 */
export const DOCX_FONT_FALLBACKS: Readonly<Record<string, { readonly altName: string; readonly family: 'roman' | 'swiss' | 'modern' | 'script' }>> = {
  仿宋_GB2312: { altName: '仿宋', family: 'modern' },
  楷体_GB2312: { altName: '楷体', family: 'modern' },
  黑体: { altName: 'SimHei', family: 'modern' },
  方正小标宋简体: { altName: '宋体', family: 'roman' },
  宋体: { altName: 'SimSun', family: 'roman' },
};

const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${[
  ...Object.entries(DOCX_FONT_FALLBACKS).map(
    ([name, f]) => `<w:font w:name="${name}"><w:altName w:val="${f.altName}"/><w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="variable"/></w:font>`,
  ),
  '<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>',
].join('')}</w:fonts>`;

// Sizes in half points: 二号 22 pt, 三号 16 pt, 五号 10.5 pt, 小五 9 pt.
const TITLE_SIZE = 44;
const BODY_SIZE = 32;
const TABLE_SIZE = 21;
const SMALL_TABLE_SIZE = 18;
// Twips: 28.95 pt line pitch (22 lines on a page), A4, margins per GB/T 9704.
const LINE = 579;
const INDENT = 640; // two characters of 16 pt
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 2098, bottom: 1984, left: 1588, right: 1474 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

const font = (eastAsia: string) => ({ ascii: DOCX_FONTS.latin, hAnsi: DOCX_FONTS.latin, eastAsia, cs: DOCX_FONTS.latin });

/** Runs of text, a line break for each new line. */
function runs(text: string, run: Omit<IRunOptions, 'text' | 'break'> = {}): TextRun[] {
  return text.split('\n').map((line, i) => new TextRun({ ...run, text: line, ...(i > 0 && { break: 1 }) }));
}

const segmentsText = (segments: readonly Segment[]) => segments.map((s) => ('ref' in s ? s.value : s.text)).join('');

const spacing = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

function body(text: string, options: Partial<IParagraphOptions> = {}): Paragraph {
  return new Paragraph({ style: 'xxgkBody', ...options, children: runs(text) });
}

// ── tables ────────────────────────────────────────────────────────────────────────────────────

interface Cell {
  readonly text: string;
  readonly row: number;
  readonly column: number;
  readonly rowSpan: number;
  readonly colSpan: number;
  readonly align: 'left' | 'center';
  readonly bold?: boolean;
}

/** The number of stub (label) columns a part prints. */
function stubColumns(part: TablePartLayout): number {
  if (part.stubHeader === undefined) return 0;
  if (part.unitColumn) return 1;
  return Math.max(1, ...part.rows.filter((r) => r.label !== '').map((r) => r.depth + 1));
}

/** One part of a table as cells of a grid `width` columns wide, starting at grid row `top`. */
function partCells(part: TablePartLayout, width: number, top: number): { cells: Cell[]; height: number } {
  const cells: Cell[] = [];
  const stub = stubColumns(part);
  const unit = part.unitColumn ? 1 : 0;
  const first = stub + unit;
  const extra = Math.max(0, width - first - part.columns.length);
  const spanOf = (k: number) => (k === part.columns.length - 1 ? 1 + extra : 1);
  let y = top;
  if (part.caption !== undefined) {
    cells.push({ text: part.caption, row: y, column: 0, rowSpan: 1, colSpan: width, align: 'left', bold: true });
    y += 1;
  }
  // The header: the column tree over as many rows as its deepest path; a label spans the columns below it.
  const depth = Math.max(1, ...part.columns.map((c) => c.path.length));
  if (stub > 0) cells.push({ text: part.stubHeader ?? '', row: y, column: 0, rowSpan: depth, colSpan: stub, align: 'center' });
  if (unit) cells.push({ text: UNIT_HEADER, row: y, column: stub, rowSpan: depth, colSpan: 1, align: 'center' });
  for (let level = 0; level < depth; level++) {
    let k = 0;
    while (k < part.columns.length) {
      const column = part.columns[k]!;
      if (column.path.length <= level) {
        k += 1;
        continue;
      }
      // A column whose path ends here spans down to the values (a subtotal column too, printed before
      // its children with its own full label); the others group under their common label.
      const leaf = column.path.length === level + 1;
      const key = column.keys.slice(0, level + 1).join('/');
      let end = k + 1;
      if (!leaf) {
        while (end < part.columns.length && part.columns[end]!.path.length > level + 1 && part.columns[end]!.keys.slice(0, level + 1).join('/') === key) end += 1;
      }
      let span = 0;
      for (let j = k; j < end; j++) span += spanOf(j);
      cells.push({ text: column.path[level]!, row: y + level, column: first + k, rowSpan: leaf ? depth - level : 1, colSpan: span, align: 'center' });
      k = end;
    }
  }
  y += depth;
  // The rows: each printed row; a row's ancestors label the rows under them in one cell spanning them.
  const shown = part.rows.filter((r) => r.valued || (part.unitColumn && r.label !== ''));
  const rowIndex = new Map(part.rows.map((r) => [r.node, r] as const));
  const under = (ancestor: (typeof part.rows)[number]['node']) =>
    shown.filter((r) => {
      for (let n = r.node.parent; n; n = n.parent) if (n === ancestor) return true;
      return false;
    });
  const opened = new Set<unknown>();
  for (const row of shown) {
    if (stub > 0) {
      if (part.unitColumn) {
        cells.push({ text: '\u3000'.repeat(row.depth * 2) + row.label, row: y, column: 0, rowSpan: 1, colSpan: 1, align: 'left' });
      } else {
        const chain: (typeof part.rows)[number][] = [];
        for (let n = row.node.parent; n; n = n.parent) {
          const layout = rowIndex.get(n);
          if (layout) chain.unshift(layout);
        }
        for (const ancestor of chain) {
          if (opened.has(ancestor.node)) continue;
          opened.add(ancestor.node);
          const span = under(ancestor.node).length;
          cells.push({ text: ancestor.label, row: y, column: ancestor.depth, rowSpan: span, colSpan: 1, align: 'center' });
        }
        cells.push({ text: row.label, row: y, column: row.depth, rowSpan: 1, colSpan: stub - row.depth, align: 'left' });
      }
    }
    if (unit) cells.push({ text: row.unit ?? '', row: y, column: stub, rowSpan: 1, colSpan: 1, align: 'center' });
    row.cells.forEach((cell, k) => {
      const text = row.valued ? cell.text : '';
      cells.push({ text, row: y, column: first + k, rowSpan: 1, colSpan: spanOf(k), align: 'center' });
    });
    y += 1;
  }
  return { cells, height: y - top };
}

/** Column widths: the label columns share about two fifths of the text width, the value columns the rest. */
function columnWidths(part: TablePartLayout, width: number): number[] {
  const stub = stubColumns(part);
  const unit = part.unitColumn ? 1 : 0;
  const values = width - stub - unit;
  if (width === 0) return [];
  // The outer label columns (group labels) are narrow; the innermost, with the row labels, is wide.
  const stubShare = stub === 0 ? 0 : part.unitColumn ? 0.6 : Math.min(0.5, 0.24 + 0.08 * (stub - 1));
  const unitShare = unit ? 0.1 : 0;
  const widths: number[] = [];
  for (let i = 0; i < stub - 1; i++) widths.push(Math.floor(TEXT_WIDTH * 0.08));
  if (stub > 0) widths.push(Math.floor(TEXT_WIDTH * (stubShare - 0.08 * (stub - 1))));
  if (unit) widths.push(Math.floor(TEXT_WIDTH * unitShare));
  const rest = TEXT_WIDTH - widths.reduce((a, b) => a + b, 0);
  for (let i = 0; i < values; i++) widths.push(Math.floor(rest / values));
  return widths;
}

function table(layout: TableLayout): Table {
  const width = Math.max(...layout.parts.map((p) => stubColumns(p) + (p.unitColumn ? 1 : 0) + p.columns.length));
  const cells: Cell[] = [];
  let height = 0;
  for (const part of layout.parts) {
    const placed = partCells(part, width, height);
    cells.push(...placed.cells);
    height += placed.height;
  }
  const size = width > 8 ? SMALL_TABLE_SIZE : TABLE_SIZE;
  const widest = layout.parts.reduce((a, p) => (stubColumns(p) >= stubColumns(a) ? p : a), layout.parts[0]!);
  const widths = columnWidths(widest, width);
  const byRow: Cell[][] = Array.from({ length: height }, () => []);
  for (const cell of cells) byRow[cell.row]!.push(cell);
  const rows = byRow.map(
    (list) =>
      new TableRow({
        cantSplit: true,
        children: list
          .sort((a, b) => a.column - b.column)
          .map(
            (cell) =>
              new TableCell({
                ...(cell.colSpan > 1 && { columnSpan: cell.colSpan }),
                ...(cell.rowSpan > 1 && { rowSpan: cell.rowSpan }),
                verticalAlign: VerticalAlign.CENTER,
                width: { size: widths.slice(cell.column, cell.column + cell.colSpan).reduce((a, b) => a + b, 0), type: WidthType.DXA },
                children: [
                  new Paragraph({
                    alignment: cell.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER,
                    spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
                    children: runs(cell.text, { font: font(DOCX_FONTS.body), size, ...(cell.bold && { bold: true }) }),
                  }),
                ],
              }),
          ),
      }),
  );
  return new Table({ rows, columnWidths: widths, width: { size: TEXT_WIDTH, type: WidthType.DXA } });
}

// ── the document ──────────────────────────────────────────────────────────────────────────────

function blockContent(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'title':
      return [new Paragraph({ style: 'Title', children: runs(b.text) })];
    case 'metadata':
    case 'note':
    case 'break':
      // The metadata line is kept in the document's properties; the official layout has no rule line.
      return [];
    case 'paragraph':
      return [body(segmentsText(b.segments))];
    case 'heading': {
      const style = b.depth === 1 ? 'Heading1' : b.depth === 2 ? 'Heading2' : b.depth === 3 ? 'Heading3' : 'Heading4';
      return [new Paragraph({ style, children: runs(`${b.number}${b.title}`) })];
    }
    case 'caption':
      return [new Paragraph({ style: 'Caption', children: runs(b.text) })];
    case 'table':
      return [table(b.layout)];
    case 'enclosures': {
      const text = b.items.length === 1 ? `附件：${b.items[0]}` : b.items.map((item, i) => `${i === 0 ? '附件：' : ''}${i + 1}.${item}`).join('\n');
      return [body(''), body(text)];
    }
    case 'signature':
      return [
        body(''),
        new Paragraph({ style: 'xxgkSignature', children: runs(b.organ) }),
        ...(b.date === undefined ? [] : [new Paragraph({ style: 'xxgkSignature', children: runs(b.date) })]),
      ];
    case 'attachment':
      return [
        new Paragraph({ style: 'xxgkAttachmentMarker', pageBreakBefore: true, children: runs(b.marker) }),
        new Paragraph({ style: 'xxgkAttachmentTitle', children: runs(b.title) }),
        ...(b.period === undefined ? [] : [new Paragraph({ style: 'xxgkAttachmentPeriod', children: runs(`（${b.period}）`) })]),
        ...(b.filledBy === undefined ? [] : [new Paragraph({ style: 'xxgkFilledBy', children: runs(`填报单位（盖章）：${b.filledBy}`) })]),
      ];
    case 'validation':
      return [
        new Paragraph({ style: 'Heading1', pageBreakBefore: true, children: runs(b.title) }),
        ...(b.items.length === 0 ? [body(b.empty)] : b.items.map((item) => body(`［${item.tag}］${item.message}`))),
      ];
  }
}

const STYLES = {
  default: {
    document: { run: { font: font(DOCX_FONTS.body), size: BODY_SIZE }, paragraph: { spacing } },
  },
  paragraphStyles: [
    { id: 'xxgkBody', name: 'xxgk Body', basedOn: 'Normal', quickFormat: true, paragraph: { indent: { firstLine: INDENT }, alignment: AlignmentType.JUSTIFIED, spacing } },
    { id: 'Title', name: 'Title', basedOn: 'Normal', next: 'xxgkBody', quickFormat: true, run: { font: font(DOCX_FONTS.title), size: TITLE_SIZE }, paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 720, lineRule: LineRuleType.EXACT, before: 0, after: LINE } } },
    { id: 'Heading1', name: 'heading 1', basedOn: 'Normal', next: 'xxgkBody', quickFormat: true, run: { font: font(DOCX_FONTS.heading), size: BODY_SIZE }, paragraph: { indent: { firstLine: INDENT }, outlineLevel: 0, keepNext: true, spacing } },
    { id: 'Heading2', name: 'heading 2', basedOn: 'Normal', next: 'xxgkBody', quickFormat: true, run: { font: font(DOCX_FONTS.subheading), size: BODY_SIZE }, paragraph: { indent: { firstLine: INDENT }, outlineLevel: 1, keepNext: true, spacing } },
    { id: 'Heading3', name: 'heading 3', basedOn: 'Normal', next: 'xxgkBody', quickFormat: true, run: { font: font(DOCX_FONTS.body), size: BODY_SIZE, bold: true }, paragraph: { indent: { firstLine: INDENT }, outlineLevel: 2, keepNext: true, spacing } },
    { id: 'Heading4', name: 'heading 4', basedOn: 'Normal', next: 'xxgkBody', quickFormat: true, run: { font: font(DOCX_FONTS.body), size: BODY_SIZE }, paragraph: { indent: { firstLine: INDENT }, outlineLevel: 3, keepNext: true, spacing } },
    { id: 'Caption', name: 'caption', basedOn: 'Normal', quickFormat: true, run: { font: font(DOCX_FONTS.heading), size: BODY_SIZE }, paragraph: { alignment: AlignmentType.CENTER, keepNext: true, spacing } },
    { id: 'xxgkSignature', name: 'xxgk Signature', basedOn: 'Normal', quickFormat: true, paragraph: { alignment: AlignmentType.RIGHT, indent: { right: INDENT * 2 }, spacing } },
    { id: 'xxgkAttachmentMarker', name: 'xxgk Attachment', basedOn: 'Normal', quickFormat: true, run: { font: font(DOCX_FONTS.heading), size: BODY_SIZE }, paragraph: { spacing } },
    { id: 'xxgkAttachmentTitle', name: 'xxgk Attachment Title', basedOn: 'Normal', quickFormat: true, run: { font: font(DOCX_FONTS.title), size: TITLE_SIZE }, paragraph: { alignment: AlignmentType.CENTER, keepNext: true, spacing: { line: 720, lineRule: LineRuleType.EXACT, before: 0, after: 0 } } },
    { id: 'xxgkAttachmentPeriod', name: 'xxgk Attachment Period', basedOn: 'Normal', quickFormat: true, run: { font: font(DOCX_FONTS.subheading), size: BODY_SIZE }, paragraph: { alignment: AlignmentType.CENTER, keepNext: true, spacing } },
    { id: 'xxgkFilledBy', name: 'xxgk Filled By', basedOn: 'Normal', quickFormat: true, paragraph: { keepNext: true, spacing } },
  ],
};

/** The document model of the docx package for a report (the input of Packer). */
export function docxDocument(report: Report, options: RenderDocxOptions = {}): Document {
  const resolved = resolveOptions(report, { ...options, markDerived: false });
  const { blocks, hidden } = buildDocument(report, resolved);
  const children: (Paragraph | Table)[] = [];
  for (const b of blocks) children.push(...blockContent(b));
  const m = report.metadata;
  const custom: { name: string; value: string }[] = [{ name: DOCX_PROPERTIES.format, value: report.format }];
  if (m.level !== undefined) custom.push({ name: DOCX_PROPERTIES.level, value: m.level });
  if (m.region !== undefined) custom.push({ name: DOCX_PROPERTIES.region, value: m.region });
  if (m.publishedOn !== undefined) custom.push({ name: DOCX_PROPERTIES.publishedOn, value: m.publishedOn });
  if (m.sourceUrl !== undefined) custom.push({ name: DOCX_PROPERTIES.sourceUrl, value: m.sourceUrl });
  if (hidden.ids.length > 0) custom.push({ name: DOCX_PROPERTIES.ids, value: hidden.ids.map(encodeURIComponent).join(',') });
  if (!hidden.title) custom.push({ name: DOCX_PROPERTIES.defaultTitle, value: '1' });
  return new Document({
    title: reportTitle(report),
    creator: m.agency,
    ...(m.sourceUrl !== undefined && { description: m.sourceUrl }),
    customProperties: custom,
    styles: STYLES,
    sections: [
      {
        properties: { page: { size: PAGE, margin: { ...MARGIN, header: 851, footer: 992 } } },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ font: font('宋体'), size: 28, children: ['— ', PageNumber.CURRENT, ' —'] })] })],
          }),
        },
        children,
      },
    ],
  });
}

/**
 * Renders a report as a Word document (.docx bytes) in the layout of official documents: A4 with the
 * margins of GB/T 9704, the title in 二号小标宋, the body in 三号仿宋_GB2312 on a 28.95 pt line pitch,
 * headings 一、 in 黑体 and （一） in 楷体_GB2312, the signature organ and date on the right, the
 * attachment on a new page, and every statistics table as the official template prints it: header
 * cells merged over the columns below them, group labels spanning their rows, the unit column,
 * absent cells as `—`, money with its printed precision. Word styles carry the fonts (Latin text in
 * Times New Roman; a reader without a font substitutes its own). The format, level, region, publication
 * date, address and section ids are kept in custom document properties, so that
 * `importDocx(await renderDocx(report))` gives back the report's cells and sections. Throws a
 * TypeError for a value that is not a report document, an unknown format or a bad option.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseReport } from 'xxgk';
 * import { importDocx, renderDocx } from 'xxgk/docx';
 * const parsed = parseReport(readFileSync('examples/qingshan-2022.json', 'utf8'));
 * if (!parsed.success) throw parsed.error;
 * const bytes = await renderDocx(parsed.data); // writeFileSync('report.docx', bytes)
 * console.log(importDocx(bytes).report?.sections.length); // 6
 * ```
 */
export async function renderDocx(report: Report, options: RenderDocxOptions = {}): Promise<Uint8Array> {
  const document = docxDocument(report, options);
  const bytes = await Packer.pack(document, 'uint8array', false, [
    { path: 'word/fontTable.xml', data: FONT_TABLE },
    { path: 'docProps/core.xml', data: coreProperties(report) },
  ]);
  return withoutClock(bytes);
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The core properties: title, creator, address, and the report's own date (never the time of rendering). */
function coreProperties(report: Report): string {
  const m = report.metadata;
  const date = m.publishedOn ?? report.signature?.date;
  const stamp = date !== undefined ? `${date}T00:00:00Z` : undefined;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(reportTitle(report))}</dc:title><dc:creator>${escapeXml(m.agency)}</dc:creator>` +
    (m.sourceUrl !== undefined ? `<dc:description>${escapeXml(m.sourceUrl)}</dc:description>` : '') +
    (stamp !== undefined ? `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` : '') +
    '</cp:coreProperties>'
  );
}

/**
 * Sets every file time of the zip archive to 1980-01-01 00:00 (the zip epoch), so that the same report
 * always gives the same bytes: the renderer reads no clock. Times are outside the CRC-checked data.
 */
function withoutClock(zip: Uint8Array): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end -= 1;
  if (end < 0) return zip;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < count && at + 46 <= end && view.getUint32(at, true) === 0x02014b50; i++) {
    view.setUint32(at + 12, 0x00210000, true); // time 00:00:00, date 1980-01-01
    const local = view.getUint32(at + 42, true);
    if (local + 30 <= zip.length && view.getUint32(local, true) === 0x04034b50) view.setUint32(local + 10, 0x00210000, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return zip;
}

// WordprocessingML (the XML inside a .docx) read into a Layout: the body's paragraphs and tables in
// reading order; headings by their paragraph style (a heading or title style, or an outline level);
// automatic numbering (一、 （一） 1.) written out as the text Word shows; a leading bold run kept
// apart (a run-in heading); tables with gridSpan and vMerge resolved into the grid the assembler
// reads. Parsed with htmlparser2 in XML mode; element names are matched without their prefix.
import type { AnyNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { chineseNumeral } from '../../formats/conventions.js';
import type { Layout, LayoutBlock, LayoutFacts } from '../core/layout.js';
import { MAX_GRID_HEIGHT, MAX_GRID_WIDTH, type Grid, type GridCell } from '../core/grid.js';

/** The parts of a .docx the reader uses, as XML text. */
export interface DocxParts {
  readonly document: string;
  readonly styles?: string | undefined;
  readonly numbering?: string | undefined;
  readonly core?: string | undefined;
  readonly custom?: string | undefined;
}

/** What a document says about itself in its properties (docProps/core.xml and custom.xml). */
export interface DocxProperties {
  readonly title?: string;
  /** Custom properties, by name. */
  readonly custom: ReadonlyMap<string, string>;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);
const isElement = (node: AnyNode): node is Element => node.type === 'tag';

function parse(xml: string): Element[] {
  return parseDocument(xml.replace(/^\ufeff/, ''), { xmlMode: true }).children.filter(isElement);
}

/** The first child element with this local name. */
function child(element: Element | undefined, name: string): Element | undefined {
  if (!element) return undefined;
  for (const c of element.children) if (isElement(c) && local(c.name) === name) return c;
  return undefined;
}

/** The value of an attribute, matched by its local name (w:val, val). */
function attr(element: Element | undefined, name: string): string | undefined {
  if (!element) return undefined;
  for (const [key, value] of Object.entries(element.attribs)) if (local(key) === name) return value;
  return undefined;
}

/** A toggle property (w:b, w:vanish): on when present, unless its value says off. */
function toggle(element: Element | undefined): boolean | undefined {
  if (!element) return undefined;
  const value = attr(element, 'val');
  return value === undefined || !/^(?:0|false|off|none)$/i.test(value);
}

/** Every element below a node, depth first, without descending into the names in `stop`. */
function* descendants(node: Element, stop: ReadonlySet<string> = new Set()): Generator<Element> {
  const stack: Element[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const kids = current.children.filter(isElement);
    for (let i = kids.length - 1; i >= 0; i--) {
      const kid = kids[i]!;
      yield kid;
      if (!stop.has(local(kid.name))) stack.push(kid);
    }
  }
}

function textContent(element: Element): string {
  let out = '';
  const walk = (node: AnyNode) => {
    if (node.type === 'text') out += (node as unknown as { data: string }).data;
    else if (isElement(node)) node.children.forEach(walk);
  };
  walk(element);
  return out;
}

// ── styles ────────────────────────────────────────────────────────────────────────────────────

interface Style {
  readonly name: string;
  readonly basedOn: string | undefined;
  readonly outline: number | undefined;
  readonly bold: boolean | undefined;
  readonly numbering: { numId: string; ilvl: number } | undefined;
}

function readStyles(xml: string | undefined): Map<string, Style> {
  const styles = new Map<string, Style>();
  if (!xml) return styles;
  for (const root of parse(xml)) {
    for (const style of root.children.filter(isElement)) {
      if (local(style.name) !== 'style') continue;
      const id = attr(style, 'styleId');
      if (id === undefined) continue;
      const pPr = child(style, 'pPr');
      const outline = attr(child(pPr, 'outlineLvl'), 'val');
      const numPr = child(pPr, 'numPr');
      const numId = attr(child(numPr, 'numId'), 'val');
      styles.set(id, {
        name: (attr(child(style, 'name'), 'val') ?? id).toLowerCase(),
        basedOn: attr(child(style, 'basedOn'), 'val'),
        outline: outline !== undefined && /^\d$/.test(outline) ? Number(outline) : undefined,
        bold: toggle(child(child(style, 'rPr'), 'b')),
        numbering: numId !== undefined ? { numId, ilvl: Number(attr(child(numPr, 'ilvl'), 'val') ?? 0) || 0 } : undefined,
      });
    }
  }
  return styles;
}

/** A style's property, following `basedOn` (at most 20 steps: a cycle ends there). */
function inherited<T>(styles: Map<string, Style>, id: string | undefined, pick: (s: Style) => T | undefined): T | undefined {
  for (let k = 0; id !== undefined && k < 20; k++) {
    const style = styles.get(id);
    if (!style) return undefined;
    const value = pick(style);
    if (value !== undefined) return value;
    id = style.basedOn;
  }
  return undefined;
}

/** The heading level a paragraph style gives (1 title, 2 for heading 1, …), or undefined. */
function headingLevel(styles: Map<string, Style>, id: string | undefined, directOutline: number | undefined): number | undefined {
  if (directOutline !== undefined && directOutline < 9) return directOutline + 2;
  if (id === undefined) return undefined;
  const name = styles.get(id)?.name ?? id.toLowerCase();
  if (name === 'title' || name === '标题') return 1;
  const m = /^(?:heading|标题)\s*(\d)$/.exec(name);
  if (m) return Number(m[1]) + 1;
  const outline = inherited(styles, id, (s) => s.outline);
  return outline !== undefined && outline < 9 ? outline + 2 : undefined;
}

// ── numbering ─────────────────────────────────────────────────────────────────────────────────

interface Level {
  readonly start: number;
  readonly format: string;
  readonly text: string;
  readonly suffix: string;
}

interface Numbering {
  /** numId → its levels (the abstract numbering with the num's start overrides). */
  readonly nums: Map<string, Level[]>;
  /** numId → the list it counts in: lists of one abstract numbering continue each other unless one restarts (overrides). */
  readonly lists: Map<string, string>;
}

function readNumbering(xml: string | undefined): Numbering {
  const nums = new Map<string, Level[]>();
  const lists = new Map<string, string>();
  if (!xml) return { nums, lists };
  const abstracts = new Map<string, Level[]>();
  const levelOf = (lvl: Element): Level => ({
    start: Number(attr(child(lvl, 'start'), 'val') ?? 1) || 0,
    format: attr(child(lvl, 'numFmt'), 'val') ?? 'decimal',
    text: attr(child(lvl, 'lvlText'), 'val') ?? '',
    suffix: attr(child(lvl, 'suff'), 'val') ?? 'tab',
  });
  const levelsOf = (element: Element): Level[] => {
    const levels: Level[] = [];
    for (const lvl of element.children.filter(isElement)) {
      if (local(lvl.name) !== 'lvl') continue;
      const ilvl = Number(attr(lvl, 'ilvl') ?? 0);
      if (Number.isInteger(ilvl) && ilvl >= 0 && ilvl <= 8) levels[ilvl] = levelOf(lvl);
    }
    return levels;
  };
  for (const root of parse(xml)) {
    for (const el of root.children.filter(isElement)) {
      if (local(el.name) === 'abstractNum') {
        const id = attr(el, 'abstractNumId');
        if (id !== undefined) abstracts.set(id, levelsOf(el));
      }
    }
    for (const el of root.children.filter(isElement)) {
      if (local(el.name) !== 'num') continue;
      const id = attr(el, 'numId');
      const abstract = attr(child(el, 'abstractNumId'), 'val');
      if (id === undefined || abstract === undefined) continue;
      const levels = [...(abstracts.get(abstract) ?? [])];
      let restarts = false;
      for (const override of el.children.filter(isElement)) {
        if (local(override.name) !== 'lvlOverride') continue;
        restarts = true;
        const ilvl = Number(attr(override, 'ilvl') ?? -1);
        const start = attr(child(override, 'startOverride'), 'val');
        const own = child(override, 'lvl');
        if (!Number.isInteger(ilvl) || ilvl < 0 || ilvl > 8) continue;
        if (own) levels[ilvl] = levelOf(own);
        if (start !== undefined && levels[ilvl]) levels[ilvl] = { ...levels[ilvl]!, start: Number(start) || 0 };
      }
      nums.set(id, levels);
      lists.set(id, restarts ? `num:${id}` : `abstract:${abstract}`);
    }
  }
  return { nums, lists };
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const PARENTHESIZED = '⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇';
const STEMS = '甲乙丙丁戊己庚辛壬癸';
const BRANCHES = '子丑寅卯辰巳午未申酉戌亥';

function letters(n: number): string {
  if (n <= 0) return String(n);
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [value, digits] of table) while (n >= value) (out += digits), (n -= value);
  return out;
}

/** A counter as a numbering format prints it; undefined for a bullet or no number. */
function formatCounter(n: number, format: string): string | undefined {
  switch (format) {
    case 'decimal':
    case 'decimalZero':
      return format === 'decimalZero' && n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'chineseLegalSimplified':
    case 'ideographDigital':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseNumeral(n);
    case 'ideographTraditional':
      return STEMS[(n - 1) % 10] ?? String(n);
    case 'ideographZodiac':
      return BRANCHES[(n - 1) % 12] ?? String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
    case 'ideographEnclosedCircle':
      return CIRCLED[n - 1] ?? String(n);
    case 'decimalEnclosedParen':
      return PARENTHESIZED[n - 1] ?? String(n);
    case 'decimalEnclosedFullstop':
      return `${n}.`;
    case 'lowerLetter':
      return letters(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerRoman':
      return roman(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
    case 'none':
      return '';
    default:
      // bullet and formats without digits: no number text
      return undefined;
  }
}

/** Counts numbered paragraphs per list and level, and writes their numbers. */
class Counter {
  private readonly counts = new Map<string, number[]>();
  constructor(private readonly numbering: Numbering) {}

  label(numId: string, ilvl: number): string {
    const levels = this.numbering.nums.get(numId);
    const level = levels?.[ilvl];
    if (!levels || !level || numId === '0') return '';
    const list = this.numbering.lists.get(numId) ?? numId;
    const counts = this.counts.get(list) ?? [];
    this.counts.set(list, counts);
    counts[ilvl] = counts[ilvl] === undefined ? level.start : counts[ilvl]! + 1;
    for (let k = ilvl + 1; k < counts.length; k++) counts[k] = undefined as unknown as number;
    if (formatCounter(1, level.format) === undefined) return '';
    const text = level.text.replace(/%([1-9])/g, (_, d: string) => {
      const k = Number(d) - 1;
      const l = levels[k];
      const value = counts[k] ?? l?.start ?? 1;
      return l ? (formatCounter(value, k === ilvl ? level.format : l.format) ?? '') : '';
    });
    return text + (level.suffix === 'space' ? ' ' : '');
  }
}

// ── the body ──────────────────────────────────────────────────────────────────────────────────

/** Elements whose content is not text a reader sees (deleted text, field codes, drawings' frames). */
const HIDDEN_CONTENT = new Set(['del', 'delText', 'instrText', 'moveFrom', 'pPr', 'rPr', 'tblPr', 'trPr', 'tcPr', 'sectPr', 'drawing', 'pict', 'object', 'fldData', 'footnoteReference', 'endnoteReference', 'commentReference']);
/** Containers whose children are read as if they stood in their place. */
const TRANSPARENT = new Set(['sdt', 'sdtContent', 'customXml', 'smartTag', 'ins', 'moveTo', 'hyperlink', 'fldSimple', 'bdo', 'dir']);

interface Piece {
  text: string;
  bold: boolean;
}

interface Reader {
  readonly styles: Map<string, Style>;
  readonly counter: Counter;
}

/** The pieces of text of a paragraph, with their boldness. */
function paragraphPieces(p: Element, reader: Reader, paragraphBold: boolean): Piece[] {
  const pieces: Piece[] = [];
  const walk = (node: Element) => {
    for (const c of node.children) {
      if (!isElement(c)) continue;
      const name = local(c.name);
      if (HIDDEN_CONTENT.has(name)) continue;
      if (name === 'r') run(c);
      else if (TRANSPARENT.has(name)) walk(c);
    }
  };
  const run = (r: Element) => {
    const rPr = child(r, 'rPr');
    if (toggle(child(rPr, 'vanish')) === true) return;
    const own = toggle(child(rPr, 'b'));
    const styleBold = inherited(reader.styles, attr(child(rPr, 'rStyle'), 'val'), (s) => s.bold);
    const bold = own ?? styleBold ?? paragraphBold;
    let text = '';
    for (const c of r.children) {
      if (!isElement(c)) continue;
      switch (local(c.name)) {
        case 't':
          text += textContent(c);
          break;
        case 'tab':
        case 'ptab':
          text += '\t';
          break;
        case 'br':
        case 'cr':
          if (attr(c, 'type') !== 'page' && attr(c, 'type') !== 'column') text += '\n';
          break;
        case 'noBreakHyphen':
          text += '-';
          break;
        case 'softHyphen':
          break;
        case 'sym': {
          const code = Number.parseInt(attr(c, 'char') ?? '', 16);
          // Symbol fonts map their glyphs to the private use area (F0xx); those carry no text.
          if (Number.isInteger(code) && code > 0 && (code < 0xe000 || code > 0xf8ff)) text += String.fromCodePoint(code);
          break;
        }
        default:
          break;
      }
    }
    if (text) pieces.push({ text, bold });
  };
  walk(p);
  return pieces;
}

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const EDGE_SPACE = /^[\s\u3000]+|[\s\u3000]+$/g;
const SPACES = /[ \t\u00a0]+/g;
// A space beside a CJK character (or full-width punctuation) is no word space: text pasted from a web
// page or a PDF keeps the source's line wrapping as spaces between characters.
const CJK_SPACE = / (?=[^\u0000-\u2e7f])|(?<=[^\u0000-\u2e7f]) /gu;
/** A label's text (a table cell, a property): white space collapsed to one space, none beside CJK characters, trimmed. */
const cleanText = (raw: string) => raw.replace(INVISIBLE, '').replace(/[\s\u3000]+/g, ' ').trim().replace(CJK_SPACE, '');
/** A paragraph's text: invisible characters dropped, spaces collapsed (none beside CJK), line breaks kept, trimmed. */
const paragraphText = (raw: string) =>
  raw
    .replace(INVISIBLE, '')
    .replace(SPACES, ' ')
    .replace(CJK_SPACE, '')
    .split('\n')
    .map((line, i, lines) => (i === 0 ? line.replace(/ +$/, '') : i === lines.length - 1 ? line.replace(/^ +/, '') : line.trim()))
    .join('\n')
    .replace(EDGE_SPACE, '');

/** One paragraph as a block (undefined when it holds no text). */
function paragraphBlock(p: Element, reader: Reader): LayoutBlock | undefined {
  const pPr = child(p, 'pPr');
  const styleId = attr(child(pPr, 'pStyle'), 'val');
  const outline = attr(child(pPr, 'outlineLvl'), 'val');
  const level = headingLevel(reader.styles, styleId, outline !== undefined && /^\d$/.test(outline) ? Number(outline) : undefined);
  // (pPr's own rPr formats only the paragraph mark, never the text.)
  const styleBold = inherited(reader.styles, styleId, (s) => s.bold) ?? false;
  const pieces = paragraphPieces(p, reader, styleBold);

  const numPr = child(pPr, 'numPr');
  const styleNumbering = inherited(reader.styles, styleId, (s) => s.numbering);
  const numId = attr(child(numPr, 'numId'), 'val') ?? styleNumbering?.numId;
  const ilvl = Number(attr(child(numPr, 'ilvl'), 'val') ?? styleNumbering?.ilvl ?? 0) || 0;
  const number = numId !== undefined ? reader.counter.label(numId, ilvl) : '';

  const raw = pieces.map((x) => x.text).join('');
  const text = paragraphText(number + raw);
  if (!text) return undefined;
  if (level !== undefined) return { kind: 'heading', text, level };
  // A leading bold run followed by more text: a run-in heading.
  let k = 0;
  let lead = number;
  for (; k < pieces.length; k++) {
    const piece = pieces[k]!;
    if (!piece.bold && piece.text.trim() !== '') break;
    lead += piece.text;
  }
  const leadText = paragraphText(lead);
  const rest = paragraphText(pieces.slice(k).map((x) => x.text).join(''));
  if (k > 0 && leadText && rest) return { kind: 'paragraph', text, lead: leadText, rest };
  return { kind: 'paragraph', text };
}

interface MutableCell {
  text: string;
  row: number;
  column: number;
  rowSpan: number;
  colSpan: number;
}

/** The text of a table cell: its paragraphs (and nested tables' cells) joined, cleaned as a label. */
function cellText(tc: Element, reader: Reader): string {
  const parts: string[] = [];
  for (const el of descendants(tc, new Set(['p']))) {
    if (local(el.name) !== 'p') continue;
    const block = paragraphBlock(el, reader);
    if (block && block.kind !== 'table') parts.push(block.text);
  }
  return cleanText(parts.join('\n'));
}

/** A w:tbl as a grid: gridSpan widens a cell, vMerge="continue" extends the cell above it downwards. */
function tableGrid(tbl: Element, reader: Reader): Grid {
  const rowElements: Element[] = [];
  const collect = (node: Element) => {
    for (const c of node.children) {
      if (!isElement(c)) continue;
      const name = local(c.name);
      if (name === 'tr') rowElements.push(c);
      else if (TRANSPARENT.has(name)) collect(c);
    }
  };
  collect(tbl);
  let oversized = rowElements.length > MAX_GRID_HEIGHT;
  const height = Math.min(rowElements.length, MAX_GRID_HEIGHT);
  const rows: (MutableCell | undefined)[][] = Array.from({ length: height }, () => []);
  const cells: MutableCell[] = [];
  let width = 0;
  rowElements.slice(0, height).forEach((tr, y) => {
    const row = rows[y]!;
    const before = Number(attr(child(child(tr, 'trPr'), 'gridBefore'), 'val') ?? 0);
    let x = Number.isInteger(before) && before > 0 ? Math.min(before, MAX_GRID_WIDTH) : 0;
    const tcs: Element[] = [];
    const collectCells = (node: Element) => {
      for (const c of node.children) {
        if (!isElement(c)) continue;
        const name = local(c.name);
        if (name === 'tc') tcs.push(c);
        else if (TRANSPARENT.has(name)) collectCells(c);
      }
    };
    collectCells(tr);
    for (const tc of tcs) {
      if (x >= MAX_GRID_WIDTH) {
        oversized = true;
        break;
      }
      const tcPr = child(tc, 'tcPr');
      const span = Number(attr(child(tcPr, 'gridSpan'), 'val') ?? 1);
      const colSpan = Math.min(Number.isInteger(span) && span > 0 ? span : 1, MAX_GRID_WIDTH - x);
      const merge = child(tcPr, 'vMerge');
      const continues = merge !== undefined && (attr(merge, 'val') ?? 'continue') === 'continue';
      const above = y > 0 ? rows[y - 1]![x] : undefined;
      if (continues && above && above.column === x && above.colSpan === colSpan && above.row + above.rowSpan === y) {
        above.rowSpan += 1;
        for (let dx = 0; dx < colSpan; dx++) row[x + dx] = above;
      } else {
        const cell: MutableCell = { text: cellText(tc, reader), row: y, column: x, rowSpan: 1, colSpan };
        cells.push(cell);
        for (let dx = 0; dx < colSpan; dx++) row[x + dx] = cell;
      }
      x += colSpan;
      if (x > width) width = x;
    }
  });
  return { rows: rows as (GridCell | undefined)[][], width, height, cells, caption: undefined, oversized };
}

/** True for a paragraph in the caption style (Word's Caption, WPS's 题注). */
function isCaption(p: Element, reader: Reader): boolean {
  const id = attr(child(child(p, 'pPr'), 'pStyle'), 'val');
  if (id === undefined) return false;
  const name = reader.styles.get(id)?.name ?? id.toLowerCase();
  return name === 'caption' || name === '题注';
}

/** The body of document.xml as Layout blocks in reading order; a caption paragraph just before a table is that table's caption. */
function bodyBlocks(body: Element, reader: Reader): LayoutBlock[] {
  const blocks: LayoutBlock[] = [];
  let caption: LayoutBlock | undefined;
  const flush = () => {
    if (caption) blocks.push(caption);
    caption = undefined;
  };
  const walk = (node: Element) => {
    for (const c of node.children) {
      if (!isElement(c)) continue;
      const name = local(c.name);
      if (name === 'p') {
        const block = paragraphBlock(c, reader);
        if (!block) continue;
        flush();
        if (block.kind === 'paragraph' && isCaption(c, reader)) caption = block;
        else blocks.push(block);
      } else if (name === 'tbl') {
        const grid = tableGrid(c, reader);
        const title = caption?.kind === 'paragraph' ? caption.text : undefined;
        caption = undefined;
        blocks.push({ kind: 'table', grid: title !== undefined ? { ...grid, caption: title } : grid });
      } else if (TRANSPARENT.has(name)) walk(c);
    }
  };
  walk(body);
  flush();
  return blocks;
}

/** The document's properties: dc:title of core.xml, and the custom properties by name. */
export function readProperties(parts: Pick<DocxParts, 'core' | 'custom'>): DocxProperties {
  let title: string | undefined;
  for (const root of parts.core ? parse(parts.core) : []) {
    const t = child(root, 'title');
    if (t) title = cleanText(textContent(t)) || undefined;
  }
  const custom = new Map<string, string>();
  for (const root of parts.custom ? parse(parts.custom) : []) {
    for (const property of root.children.filter(isElement)) {
      const name = attr(property, 'name');
      const value = property.children.find(isElement);
      if (name !== undefined && value) custom.set(name, textContent(value));
    }
  }
  return { ...(title !== undefined && { title }), custom };
}

/** A Word document's XML that holds no document: what the reader refuses. */
export class DocxError extends Error {
  override readonly name = 'DocxError';
}

/** Reads the parts of a .docx into a Layout; throws a DocxError when document.xml has no body. */
export function docxLayout(parts: DocxParts, facts: LayoutFacts = {}): Layout {
  const reader: Reader = { styles: readStyles(parts.styles), counter: new Counter(readNumbering(parts.numbering)) };
  const root = parse(parts.document).find((e) => local(e.name) === 'document');
  const body = child(root, 'body');
  if (!body) throw new DocxError('word/document.xml holds no document body (a damaged or unfinished Word document)');
  return { blocks: bodyBlocks(body, reader), facts };
}

import type { AnyNode, Document, Element, ParentNode } from 'domhandler';
import { MAX_GRID_HEIGHT as MAX_HEIGHT, MAX_GRID_WIDTH as MAX_WIDTH, type Grid, type GridCell } from '../core/grid.js';

export type { Grid, GridCell } from '../core/grid.js';

// The page as the HTML importer sees it: a parsed document (htmlparser2) read into a flat list of
// blocks — paragraphs of text and the innermost tables — in page order, without page furniture
// (scripts, styles, forms' controls, navigation, hidden elements).

/** Elements whose content is never report text. */
const SKIP = new Set([
  'head', 'title', 'script', 'style', 'noscript', 'template', 'meta', 'link', 'base',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'canvas', 'video', 'audio', 'map', 'img',
  'input', 'select', 'option', 'optgroup', 'datalist', 'textarea', 'button', 'nav', 'aside', 'xml',
]);

/** Elements that start and end a paragraph. */
const BLOCK = new Set([
  'address', 'article', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'li',
  'main', 'menu', 'ol', 'p', 'pre', 'section', 'summary', 'ul', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th',
  'caption', 'legend', 'marquee',
]);

const HIDDEN = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all)\b/i;
const BOLD_STYLE = /(?:^|;)\s*font-weight\s*:\s*(bold|bolder|[6-9]00|normal|lighter|[1-5]00)\b/i;
const BOLD_TAGS = new Set(['b', 'strong', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const SPACES = /[ \t\n\r\f\u00a0\u3000]+/g;
// A space next to a CJK character (or full-width punctuation) is no word space: Word wraps its
// HTML between any two characters, and browsers show such a break as nothing.
const CJK_SPACE = / (?=[^\u0000-\u2e7f])|(?<=[^\u0000-\u2e7f]) /gu;

/** Text as a reader sees it: white space collapsed (non-breaking and ideographic spaces too), none beside CJK characters, trimmed. */
export function cleanText(raw: string): string {
  return raw.replace(INVISIBLE, '').replace(SPACES, ' ').trim().replace(CJK_SPACE, '');
}

/** A paragraph of the page. */
export interface ParaBlock {
  readonly kind: 'para';
  readonly text: string;
  /** The leading bold run (a run-in heading such as （一）主动公开), when more text follows it. */
  readonly lead: string | undefined;
  /** The text after `lead`. */
  readonly rest: string | undefined;
  /** The block element the paragraph stands in. */
  readonly element: ParentNode;
}

/** An innermost table of the page (a table that holds no other table). */
export interface TableBlock {
  readonly kind: 'table';
  readonly element: Element;
}

/** A paragraph or a table, in page order. */
export type Block = ParaBlock | TableBlock;

/** True for an element node. */
export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** True for an element whose style or attributes hide it. */
export function isHidden(element: Element): boolean {
  if (element.attribs.hidden !== undefined) return true;
  const style = element.attribs.style;
  return style !== undefined && HIDDEN.test(style);
}

function boldOf(element: Element, inherited: boolean): boolean {
  const style = element.attribs.style;
  if (style !== undefined) {
    const m = BOLD_STYLE.exec(style);
    if (m) return /^(?:bold|bolder|[6-9]00)$/i.test(m[1]!);
  }
  return inherited || BOLD_TAGS.has(element.name);
}

/** True when the element holds a table below it. */
function holdsTable(element: ParentNode): boolean {
  for (const child of element.children) {
    if (!isElement(child)) continue;
    if (child.name === 'table' || holdsTable(child)) return true;
  }
  return false;
}

interface Piece {
  readonly text: string;
  readonly bold: boolean;
}

/** Reads the page into paragraphs and innermost tables, in page order. */
export function blocksOf(root: Document): Block[] {
  const blocks: Block[] = [];
  let pieces: Piece[] = [];
  let owner: ParentNode = root;

  const flush = () => {
    if (pieces.length === 0) return;
    const all = pieces;
    pieces = [];
    const text = cleanText(all.map((p) => p.text).join(''));
    if (!text) return;
    let leadRaw = '';
    let k = 0;
    for (; k < all.length; k++) {
      const piece = all[k]!;
      if (!piece.bold && piece.text.replace(SPACES, '') !== '') break;
      leadRaw += piece.text;
    }
    const lead = cleanText(leadRaw);
    const rest = cleanText(all.slice(k).map((p) => p.text).join(''));
    blocks.push({ kind: 'para', text, lead: lead && rest ? lead : undefined, rest: lead && rest ? rest : undefined, element: owner });
  };

  const walk = (node: ParentNode, bold: boolean) => {
    for (const child of node.children) {
      if (child.type === 'text') {
        pieces.push({ text: child.data, bold });
        continue;
      }
      if (!isElement(child)) continue;
      const name = child.name;
      if (SKIP.has(name) || isHidden(child)) continue;
      if (name === 'br') {
        flush();
        continue;
      }
      const b = boldOf(child, bold);
      if (name === 'table' && !holdsTable(child)) {
        flush();
        blocks.push({ kind: 'table', element: child });
        continue;
      }
      if (BLOCK.has(name)) {
        flush();
        const outer = owner;
        owner = child;
        walk(child, b);
        flush();
        owner = outer;
        continue;
      }
      walk(child, b);
    }
  };
  walk(root, false);
  flush();
  return blocks;
}

/** The text of an element's content, as one line (line breaks and paragraphs inside it joined). */
export function textOf(element: ParentNode): string {
  const parts: string[] = [];
  const walk = (node: ParentNode) => {
    for (const child of node.children) {
      if (child.type === 'text') parts.push(child.data);
      else if (isElement(child) && !SKIP.has(child.name) && !isHidden(child)) {
        if (child.name === 'br' || BLOCK.has(child.name)) parts.push(' ');
        walk(child);
      }
    }
  };
  walk(element);
  return cleanText(parts.join(''));
}

/** Every element of a name below `root`, in page order (not inside skipped elements unless `all`). */
export function elementsByName(root: ParentNode, names: ReadonlySet<string>, all = false): Element[] {
  const out: Element[] = [];
  const walk = (node: ParentNode) => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (names.has(child.name)) out.push(child);
      if (all || !SKIP.has(child.name)) walk(child);
    }
  };
  walk(root);
  return out;
}

/** True when `ancestor` is `node` or holds it. */
export function contains(ancestor: ParentNode, node: AnyNode): boolean {
  for (let n: AnyNode | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Tables as grids
// ---------------------------------------------------------------------------------------------

/** Widest colspan honoured (HTML allows 1000; a report table is far narrower). */
const MAX_COLSPAN = 200;

function span(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number.parseInt(value.replace(/[^\d]/g, ''), 10);
  return Number.isFinite(n) ? n : fallback;
}

/** The grid of an innermost table: the HTML table model's slots, rowspan 0 meaning to the last row. */
export function gridOf(table: Element): Grid {
  const rowElements: Element[] = [];
  let caption: string | undefined;
  const collectRows = (node: ParentNode) => {
    for (const child of node.children) {
      if (!isElement(child) || SKIP.has(child.name) || isHidden(child)) continue;
      if (child.name === 'tr') rowElements.push(child);
      else if (child.name === 'caption') caption ??= textOf(child) || undefined;
      else if (child.name !== 'td' && child.name !== 'th') collectRows(child);
    }
  };
  collectRows(table);
  const cellsOf = (tr: Element): Element[] => {
    const out: Element[] = [];
    const walk = (node: ParentNode) => {
      for (const child of node.children) {
        if (!isElement(child) || SKIP.has(child.name) || isHidden(child)) continue;
        if (child.name === 'td' || child.name === 'th') out.push(child);
        else if (child.name !== 'tr') walk(child);
      }
    };
    walk(tr);
    return out;
  };

  let oversized = rowElements.length > MAX_HEIGHT;
  const height = Math.min(rowElements.length, MAX_HEIGHT);
  const rows: (GridCell | undefined)[][] = Array.from({ length: height }, () => []);
  const cells: GridCell[] = [];
  let width = 0;
  rowElements.slice(0, height).forEach((tr, y) => {
    const row = rows[y]!;
    let x = 0;
    for (const td of cellsOf(tr)) {
      while (row[x] !== undefined) x += 1;
      if (x >= MAX_WIDTH) {
        oversized = true;
        break;
      }
      const colSpan = Math.min(Math.max(span(td.attribs.colspan, 1), 1), MAX_COLSPAN, MAX_WIDTH - x);
      const rawRowSpan = span(td.attribs.rowspan, 1);
      const rowSpan = rawRowSpan === 0 ? height - y : Math.min(Math.max(rawRowSpan, 1), height - y);
      const cell: GridCell = { text: textOf(td), row: y, column: x, rowSpan, colSpan };
      cells.push(cell);
      for (let dy = 0; dy < rowSpan; dy++) {
        const target = rows[y + dy]!;
        for (let dx = 0; dx < colSpan; dx++) target[x + dx] = cell;
      }
      x += colSpan;
      if (x > width) width = x;
    }
  });
  for (const row of rows) if (row.length > width) width = row.length;
  return { rows, width, height, cells, caption, oversized };
}

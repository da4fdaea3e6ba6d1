// Pages of positioned text and rules → the Layout: ruled tables as grids; the other text as lines,
// the page furniture (page numbers such as `- 3 -`, running headers and footers) left out, and lines
// joined into paragraphs across line and page breaks (a paragraph ends at a short line, before an
// indented line, a change of type size, a wide gap or a table).
import type { Layout, LayoutBlock, LayoutFacts } from '../core/layout.js';
import { lineText, linesOf, middleOf, isCjk, joinText, type PageContent, type TextRun } from './geometry.js';
import { columnTables } from './columns.js';
import { gridOf, joinParts, ruledTables, type RuledTable } from './tables.js';

interface Line {
  readonly page: number;
  readonly top: number;
  readonly bottom: number;
  readonly x0: number;
  readonly x1: number;
  readonly size: number;
  readonly text: string;
  readonly runs: readonly TextRun[];
}

type Item = { readonly kind: 'line'; readonly line: Line } | { readonly kind: 'table'; readonly page: number; readonly parts: RuledTable[] };

const PAGE_NUMBER = /^(?:[-—–－―‒~～\s]*\d{1,4}[-—–－―‒~～\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$/iu;
const YEAR = /(?:19|20)\d{2}/u;
const TITLE_WORDS = /报告|年报/u;

/** The Layout of a PDF's pages: blocks in reading order, each located by page and position. */
export function layoutOf(pages: readonly PageContent[], documentTitle: string | undefined): Layout {
  const items: Item[] = [];
  const lines: Line[] = [];
  for (const page of pages) {
    const tables = ruledTables(page.rules, page.runs);
    const taken = new Set<TextRun>();
    for (const t of tables) for (const run of t.taken) taken.add(run);
    const pageLines = linesOf(page.runs.filter((r) => !taken.has(r)))
      .map((runs) => lineOf(page.number, runs))
      .filter((l) => l.text !== '');
    const pageItems: { y: number; item: Item }[] = [];
    const body = pageLines.filter((line) => !isFurniture(line, page, pages.length));
    // Tables without rules, among the lines that are in no ruled table.
    const inColumns = new Set<Line>();
    for (const found of columnTables(body.map((l) => l.runs))) {
      for (let k = found.from; k <= found.to; k++) inColumns.add(body[k]!);
      tables.push(found.table);
    }
    for (const line of body) {
      if (inColumns.has(line)) continue;
      pageItems.push({ y: line.top, item: { kind: 'line', line } });
      lines.push(line);
    }
    for (const t of tables) pageItems.push({ y: t.top, item: { kind: 'table', page: page.number, parts: [t] } });
    pageItems.sort((p, q) => p.y - q.y);
    for (const { item } of pageItems) {
      // A table that ends its page and one that starts the next with the same edges: one table in parts.
      const last = items[items.length - 1];
      if (item.kind === 'table' && last?.kind === 'table' && item.page === last.page + last.parts.length) {
        const before = last.parts[last.parts.length - 1]!;
        const part = item.parts[0]!;
        if (item === pageItems[0]!.item && continues(last.parts[0]!, before, part)) {
          last.parts.push(part);
          continue;
        }
      }
      items.push(item);
    }
  }
  const repeated = runningLines(lines, pages);
  const blocks = paragraphs(items.filter((i) => i.kind === 'table' || !repeated.has(i.line)), lines);
  const facts: LayoutFacts = documentTitle && YEAR.test(documentTitle) && TITLE_WORDS.test(documentTitle) ? { title: documentTitle } : {};
  return { blocks, facts };
}

/**
 * True when `part`, first on its page, continues the table whose last part `before` ended the page
 * before: it ends on the same right edge and starts on the same left edge, or right of it by less
 * than half the table's width (a group label's column not drawn again). Its columns may split the
 * table's further (a part without the rows that split a wide label column).
 */
function continues(first: RuledTable, before: RuledTable, part: RuledTable): boolean {
  const left = Math.min(first.left, before.left);
  const right = Math.max(first.right, before.right);
  return Math.abs(right - part.right) <= 3 && part.left >= left - 3 && part.left - left < (right - left) / 2;
}

const round = (v: number): number => Math.round(v * 10) / 10;

function lineOf(page: number, runs: readonly TextRun[]): Line {
  const size = Math.max(...runs.map((r) => r.size));
  const mid = runs.reduce((s, r) => s + middleOf(r), 0) / runs.length;
  return {
    page,
    top: mid - size / 2,
    bottom: mid + size / 2,
    x0: Math.min(...runs.map((r) => r.x0)),
    x1: Math.max(...runs.map((r) => r.x1)),
    size,
    text: lineText(runs),
    runs,
  };
}

/** A page number in the page's top or bottom margin. */
function isFurniture(line: Line, page: PageContent, _pageCount: number): boolean {
  const inMargin = line.top < page.height * 0.1 || line.bottom > page.height * 0.86;
  return inMargin && PAGE_NUMBER.test(line.text);
}

/** Lines that recur in the same margin of at least half the pages (a running header or footer). */
function runningLines(lines: readonly Line[], pages: readonly PageContent[]): Set<Line> {
  const out = new Set<Line>();
  if (pages.length < 3) return out;
  const heights = new Map(pages.map((p) => [p.number, p.height]));
  const byText = new Map<string, Line[]>();
  for (const line of lines) {
    const h = heights.get(line.page)!;
    const margin = line.top < h * 0.08 ? 'top' : line.bottom > h * 0.92 ? 'bottom' : undefined;
    if (!margin) continue;
    const key = `${margin}:${line.text.replace(/\d+/gu, '#')}`;
    let list = byText.get(key);
    if (!list) byText.set(key, (list = []));
    list.push(line);
  }
  for (const list of byText.values()) {
    if (new Set(list.map((l) => l.page)).size >= Math.max(2, pages.length / 2)) for (const l of list) out.add(l);
  }
  return out;
}

/** The most common value (rounded to a point), over lines weighted by their length. */
function mode(values: readonly [number, number][]): number | undefined {
  const counts = new Map<number, number>();
  for (const [v, w] of values) counts.set(Math.round(v), (counts.get(Math.round(v)) ?? 0) + w);
  let best: number | undefined;
  for (const [v, c] of counts) if (best === undefined || c > counts.get(best)!) best = v;
  return best;
}

function paragraphs(items: readonly Item[], allLines: readonly Line[]): LayoutBlock[] {
  // The body's measure: the left edge most lines start at, the right edge full lines reach, the usual line pitch.
  const bodySize = mode(allLines.map((l) => [l.size, l.text.length])) ?? 12;
  const body = allLines.filter((l) => Math.abs(l.size - bodySize) <= bodySize * 0.1);
  const left = mode(body.map((l) => [l.x0, l.text.length])) ?? 0;
  const ends = body.map((l) => l.x1).sort((a, b) => a - b);
  const right = ends.length > 0 ? ends[Math.floor(ends.length * 0.9)]! : Infinity;
  const pitches: number[] = [];
  for (let i = 1; i < body.length; i++) {
    const d = body[i]!.top - body[i - 1]!.top;
    if (body[i]!.page === body[i - 1]!.page && d > 0) pitches.push(d);
  }
  pitches.sort((a, b) => a - b);
  const pitch = pitches.length > 0 ? pitches[Math.floor(pitches.length / 2)]! : bodySize * 1.5;

  const blocks: LayoutBlock[] = [];
  let current: Line[] = [];
  const flush = () => {
    if (current.length > 0) blocks.push(paragraphOf(current));
    current = [];
  };
  for (const item of items) {
    if (item.kind === 'table') {
      flush();
      const { cells, width, height, rowParts } = joinParts(item.parts);
      const first = item.parts[0]!;
      // Parts of a table continue on the pages after its first.
      const pages = rowParts.map((k) => item.page + k);
      blocks.push({ kind: 'table', grid: gridOf(cells, width, height, pages), at: { page: item.page, x: round(first.left), y: round(first.top) } });
      continue;
    }
    const line = item.line;
    const prev = current[current.length - 1];
    if (prev) {
      const size = Math.min(prev.size, line.size);
      const continues =
        Math.abs(prev.size - line.size) <= size * 0.1 &&
        prev.x1 >= right - size * 1.5 &&
        line.x0 <= left + size * 0.8 &&
        (line.page !== prev.page || line.top - prev.top <= pitch * 1.5 + 1);
      if (!continues) flush();
    }
    current.push(line);
  }
  flush();
  return blocks;
}

function paragraphOf(lines: readonly Line[]): LayoutBlock {
  let text = '';
  for (const line of lines) text = joinText(text, line.text, !(isCjk(text[text.length - 1]) || isCjk(line.text[0])));
  const first = lines[0]!;
  const at = { page: first.page, x: round(first.x0), y: round(first.top) };
  const lead = leadOf(lines);
  if (lead && text.startsWith(lead) && text.length > lead.length) {
    return { kind: 'paragraph', text, lead, rest: text.slice(lead.length), at };
  }
  return { kind: 'paragraph', text, at };
}

/** A leading run set in another font than the paragraph's (a run-in heading ending in 。or ：). */
function leadOf(lines: readonly Line[]): string | undefined {
  const runs = lines.flatMap((l) => l.runs);
  const weight = new Map<string, number>();
  for (const r of runs) weight.set(r.font, (weight.get(r.font) ?? 0) + r.text.length);
  let main: string | undefined;
  for (const [f, w] of weight) if (main === undefined || w > weight.get(main)!) main = f;
  const font = runs[0]?.font;
  if (font === undefined || font === main) return undefined;
  const lead: TextRun[] = [];
  for (const r of lines[0]!.runs) {
    if (r.font !== font) break;
    lead.push(r);
  }
  const text = lineText(lead);
  return /^.{2,60}[。：:．.]$/u.test(text) && !/\d$/u.test(text) ? text : undefined;
}

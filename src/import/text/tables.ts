import { isUnit } from '../../model/units.js';
import { DERIVED_NOTE, measurer } from '../../formats/conventions.js';
import { GridBuilder, MAX_GRID_HEIGHT, MAX_GRID_WIDTH, type Grid, type GridCell } from '../core/grid.js';
import type { Lexicon } from '../core/layout.js';
import { isValueCell } from '../core/values.js';
import type { IssueList } from '../core/issues.js';
import { normalizeLabel } from '../core/labels.js';
import { TERMINAL, length, squash } from '../core/conventions.js';

// The statistics tables printed as plain text, read into grids that the assembler maps to a format's
// cells by their label paths. Which lines are table lines, text alone does not say: the reader asks the
// lexicon of the candidate formats' labels (never a format). Three shapes:
// - box tables as renderText draws them (`+----+` rules, `| … | … |` rows, header levels),
// - row blocks as renderText writes tables too wide for the page (a row label, then indented
//   `column label path：value` lines, nested row labels indented further),
// - tables copied from a web page: a row per line, cells separated by tabs or runs of 2+ spaces,
//   merged header cells printed once, rows under a merged label cell starting with their own label.
// Every grid row keeps its source line, so that whatever the reader cannot place names its line.

/** The text's tables: each grid with the 0-based line it starts on (values printed `12*` are `marked`). */
export interface TextTables {
  readonly grids: readonly { readonly start: number; readonly grid: Grid }[];
  /** 0-based indices of the lines read as table lines (captions and the derived-value note included). */
  readonly consumed: Set<number>;
}

const MARK = /^(.*?)\s*[*＊]$/u;
const NOTES: ReadonlySet<string> = new Set(Object.values(DERIVED_NOTE));
/** Most lines a wrapped row block line is joined from. */
const MAX_WRAPPED = 6;
/** Longest text read as a row label line of a row block. */
const MAX_LABEL = 120;
/** Longest line read as a row block line (label path, value and unit): the official label paths are under 100 characters. */
const MAX_BLOCK_LINE = 400;

/** True for a printed value: a number, a dash (absent), with or without the derived mark. */
function isValueText(text: string): boolean {
  const t = squash(text);
  const m = MARK.exec(t);
  return isValueCell(m ? m[1]! : t);
}

/** A value as the reader takes it: the derived mark removed (and remembered). */
function unmark(text: string): { text: string; marked: boolean } {
  const t = text.trim();
  const m = MARK.exec(t);
  if (m && m[1] !== '' && isValueText(m[1]!)) return { text: m[1]!, marked: true };
  return { text: t, marked: false };
}

/** A grid builder that takes a value's derived mark (`12*`) off into the cell's `marked`. */
class MarkingGridBuilder extends GridBuilder {
  /** Puts a value cell: its derived mark, if any, is taken off its text. */
  value(y: number, x: number, raw: string, colSpan = 1): GridCell | undefined {
    const { text, marked } = unmark(raw);
    return this.put(y, x, text, colSpan, 1, marked ? { marked } : {});
  }
}

// ---------------------------------------------------------------------------------------------
// Box tables
// ---------------------------------------------------------------------------------------------

const isBoxLine = (raw: string): boolean => {
  const t = raw.trim();
  return t.length >= 2 && /^[+|]/.test(t) && /[+|]$/.test(t);
};
const isRuleLine = (raw: string): boolean => {
  const t = raw.trim();
  return /^[-+|= ]+$/.test(t) && /[-=]\+|\+[-=]/.test(t);
};

/**
 * The display columns at which `mark` stands in a line, and the texts between two marks (what a
 * box row holds between its bars).
 */
function marks(raw: string, mark: '|' | '+', widthOf: (text: string) => number): { at: number[]; texts: string[] } {
  const at: number[] = [];
  const texts: string[] = [];
  let column = 0;
  let offset = 0;
  let start = 0;
  for (const char of raw) {
    if (char === mark) {
      if (at.length > 0) texts.push(raw.slice(start, offset));
      at.push(column);
      start = offset + 1;
    }
    column += char === '\t' ? 1 : widthOf(char);
    offset += char.length;
  }
  return { at, texts };
}

function boxGrid(lines: readonly string[], from: number, to: number, caption: number | undefined): Grid {
  const widthOf = measurer();
  // Rows past the most a grid holds are counted (the grid is then oversized), not laid out.
  const most = MAX_GRID_HEIGHT - (caption === undefined ? 0 : 1);
  const held: { index: number; at: number[]; texts: string[] }[] = [];
  const past: number[] = [];
  const bounds = new Set<number>();
  for (let i = from; i <= to; i++) {
    const raw = lines[i]!;
    if (isRuleLine(raw)) {
      if (held.length < most) for (const at of marks(raw, '+', widthOf).at) bounds.add(at);
    } else if (held.length >= most) {
      if (raw.indexOf('|') !== raw.lastIndexOf('|')) past.push(i);
    } else {
      const row = marks(raw, '|', widthOf);
      if (row.at.length >= 2) held.push({ index: i, ...row });
    }
  }
  if (bounds.size < 2) for (const row of held) for (const at of row.at) bounds.add(at);
  const sorted = [...bounds].sort((a, b) => a - b);
  const columnAt = (at: number): number => {
    let k = 0;
    while (k + 1 < sorted.length && sorted[k + 1]! <= at) k += 1;
    return k;
  };
  const b = new MarkingGridBuilder();
  b.covers(from + 1);
  b.covers(to + 1);
  const width = Math.max(1, sorted.length - 1);
  if (caption !== undefined) b.put(b.row(caption + 1), 0, lines[caption]!, width);
  for (const row of held) {
    const y = b.row(row.index + 1);
    row.texts.forEach((text, j) => {
      const x = columnAt(row.at[j]!);
      const end = Math.max(x + 1, columnAt(row.at[j + 1]!));
      if (!b.free(y, x)) return;
      if (isValueText(text)) b.value(y, x, text, end - x);
      else b.put(y, x, text, end - x);
    });
  }
  for (const index of past) b.row(index + 1);
  return b.grid();
}

// ---------------------------------------------------------------------------------------------
// Row blocks
// ---------------------------------------------------------------------------------------------

const VALUE_LINE = /^( *)(\S.*?)\s*[：:]\s*([^\s：:]+)(?:\s+([^\s：:]+))?\s*$/u;

interface BlockLine {
  readonly index: number;
  /** The line without its indentation. */
  readonly text: string;
  readonly indent: number;
  readonly label: string;
  /** The value and unit of a `label：value` line. */
  readonly value?: string;
  readonly unit?: string;
}

function blockLine(raw: string, index: number): BlockLine | undefined {
  if (raw.length > MAX_BLOCK_LINE || raw.includes('\t') || raw.startsWith('\u3000') || raw.trim() === '' || isBoxLine(raw)) return undefined;
  const m = VALUE_LINE.exec(raw.replace(/\s+$/u, ''));
  if (m && isValueText(m[3]!) && (m[4] === undefined || isUnit(squash(m[4])))) {
    return { index, text: raw.trim(), indent: m[1]!.length, label: m[2]!.trim(), value: m[3]!, unit: m[4] };
  }
  const text = raw.trim();
  // A sentence is no label; a label wrapped before its value ends with the colon.
  if (text.length > 2 * MAX_LABEL || /\S\s{2,}\S/u.test(text) || length(text) > MAX_LABEL || (TERMINAL.test(text) && !/[：:]$/u.test(text))) return undefined;
  return { index, text, indent: raw.length - raw.trimStart().length, label: text };
}

/**
 * Joins the lines of a label or `label：value` line that was wrapped (renderText continues it two
 * spaces deeper), where the line alone is no label path of the format and the joined text is one.
 */
function unwrap(run: readonly BlockLine[], knownPath: (label: string) => boolean): BlockLine[] {
  const out: BlockLine[] = [];
  for (let k = 0; k < run.length; k++) {
    const line = run[k]!;
    let taken = line;
    const next = run[k + 1];
    const continued = next !== undefined && next.indent === line.indent + 2 && (next.text.startsWith('·') || !knownPath(next.label));
    if (line.value === undefined && (!knownPath(line.label) || /[：:·]$/u.test(line.label) || continued)) {
      // The shortest run of continuation lines that makes a label path of the format.
      let text = line.text;
      for (let n = 1; n < MAX_WRAPPED && k + n < run.length; n++) {
        const next = run[k + n]!;
        if (next.indent !== line.indent + 2) break;
        text += next.text;
        const joined = blockLine(' '.repeat(line.indent) + text, line.index);
        // A label cut before its value (`…组织：` then `0`) reads on.
        if (joined && knownPath(joined.label) && balanced(joined.label) && (joined.value !== undefined || !/[：:·]$/u.test(joined.label))) {
          taken = joined;
          k += n;
          break;
        }
        if (next.value !== undefined) break;
      }
    }
    out.push(taken);
  }
  return out;
}

/** True when every bracket the text opens it closes: a label cut inside its note (（不包括…) goes on. */
function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '（' || char === '(') depth += 1;
    else if ((char === '）' || char === ')') && depth > 0) depth -= 1;
  }
  return depth === 0;
}

function blockGrid(lines: readonly BlockLine[]): Grid {
  const b = new MarkingGridBuilder();
  const stack: BlockLine[] = [];
  lines.forEach((line, k) => {
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= line.indent) stack.pop();
    const texts = [...stack.map((s) => s.label)];
    if (line.value === undefined) {
      const next = lines[k + 1];
      stack.push(line);
      // A label with rows under it is read with them; one without is read alone (typos, unknown text).
      if (next && next.indent > line.indent) return;
    } else texts.push(...line.label.split('·').filter((t) => t.trim() !== ''));
    const y = b.row(line.index + 1);
    let x = 0;
    for (const t of line.value === undefined ? [line.label] : texts) b.put(y, x++, t);
    if (line.value !== undefined) {
      b.value(y, x++, line.value);
      if (line.unit !== undefined) b.put(y, x++, line.unit);
    }
  });
  return b.grid(true);
}

// ---------------------------------------------------------------------------------------------
// Tables copied from a page (tab or space separated)
// ---------------------------------------------------------------------------------------------

function fieldsOf(raw: string): string[] {
  // Trimmed without a pattern: `\s+$` is tried at every space of a long run (quadratic).
  const trimmed = raw.replace(/^[ \u3000]+/u, '').trimEnd();
  const fields = trimmed.includes('\t') ? trimmed.split('\t') : trimmed.split(/\s{2,}/u);
  return fields.map((f) => f.trim());
}

interface Row {
  readonly index: number;
  readonly fields: readonly string[];
  readonly kind: 'header' | 'data' | 'label';
  readonly labels: readonly string[];
  readonly values: readonly string[];
}

function sheetGrid(lexicon: Lexicon, rows: readonly Row[], issues: IssueList): Grid {
  let stub = 0;
  let valueCount = 0;
  for (const r of rows) {
    if (r.kind !== 'data') continue;
    stub = Math.max(stub, r.labels.length);
    valueCount = Math.max(valueCount, r.values.length);
  }
  // The format table the header labels belong to the most: it gives each header label its span.
  const votes = new Map<string, number>();
  for (const row of rows) {
    if (row.kind !== 'header') continue;
    for (const f of row.fields) for (const t of new Set(lexicon.spans(f).map((s) => s.table))) votes.set(t, (votes.get(t) ?? 0) + 1);
  }
  const table = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
  const spanOf = (text: string) => {
    const spans = lexicon.spans(text).filter((s) => s.table === table);
    const first = spans[0];
    return first && spans.every((s) => s.leaves === first.leaves && s.leaf === first.leaf) ? first : undefined;
  };
  const b = new MarkingGridBuilder();
  let width = stub + valueCount;
  let valueColumns: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.kind === 'header') {
      // A run of header rows: the HTML table model, with the spans the format's column tree gives.
      let end = i;
      while (end + 1 < rows.length && rows[end + 1]!.kind === 'header') end += 1;
      const run = rows.slice(i, end + 1);
      const ys = run.map((r) => b.row(r.index + 1));
      const covered = new Set<number>();
      run.forEach((r, h) => {
        const y = ys[h]!;
        const down = run.length - h;
        if (r.fields.length === width && width > 0) {
          r.fields.forEach((f, x) => {
            if (f !== '' && b.free(y, x)) b.put(y, x, f);
            if (f !== '' && x >= stub) covered.add(x);
          });
          return;
        }
        let x = 0;
        r.fields.forEach((f, k) => {
          while (!b.free(y, x)) x += 1;
          if (f === '') {
            x += 1;
            return;
          }
          const roles = lexicon.roles(f);
          const span = spanOf(f);
          let colSpan = 1;
          let rowSpan = 1;
          if (k === 0 && x === 0 && stub > 0 && (!normalizeLabel(f) || (roles.header && !roles.column))) {
            colSpan = stub;
            rowSpan = down;
          } else if (span) {
            colSpan = span.leaves;
            rowSpan = span.leaf ? down : 1;
          }
          b.put(y, x, f, colSpan, rowSpan);
          if (x + colSpan > stub) for (let c = Math.max(x, stub); c < x + colSpan; c++) covered.add(c);
          x += colSpan;
        });
      });
      valueColumns = [...covered].sort((p, q) => p - q);
      width = Math.max(width, b.width);
      i = end;
      continue;
    }
    const y = b.row(row.index + 1);
    if (row.kind === 'label') {
      b.put(y, 0, row.fields.filter((f) => f !== '').join(' '), Math.max(1, stub));
      continue;
    }
    row.labels.forEach((label, k) => b.put(y, k, label, k === row.labels.length - 1 ? Math.max(1, stub - k) : 1));
    const slots = valueColumns.length > 0 ? valueColumns : Array.from({ length: Math.max(0, width - stub) }, (_, k) => stub + k);
    const extra = Math.max(0, row.values.length - slots.length);
    row.values.forEach((value, k) => {
      if (k < extra) {
        if (value !== '') {
          issues.add({ code: 'unplaced_value', severity: 'error', line: row.index + 1, label: row.labels.join('/') || undefined, value });
        }
        return;
      }
      const x = slots[slots.length - (row.values.length - k)]!;
      if (b.free(y, x)) b.value(y, x, value);
    });
  }
  return b.grid();
}

// ---------------------------------------------------------------------------------------------
// Finding the tables
// ---------------------------------------------------------------------------------------------

/**
 * Reads the statistics tables printed in the lines (box tables, row blocks, tab or space separated
 * rows), telling table lines by the lexicon's labels; a value with no column is an issue naming its line.
 */
export function readTextTables(lines: readonly string[], lexicon: Lexicon, issues: IssueList): TextTables {
  const consumed = new Set<number>();
  const pages: { start: number; grid: Grid }[] = [];
  const known = (text: string): boolean => {
    // Titles not: a section heading can read as a table's title.
    const r = lexicon.roles(text);
    return r.row || r.column;
  };
  const blank = (i: number) => (lines[i] ?? '').trim() === '';

  // Box tables, with a caption line right above (a block's label).
  for (let i = 0; i < lines.length; i++) {
    if (!isBoxLine(lines[i]!)) continue;
    let end = i;
    while (end + 1 < lines.length && isBoxLine(lines[end + 1]!)) end += 1;
    if (end > i || isRuleLine(lines[i]!)) {
      const above = i - 1;
      const caption = above >= 0 && !blank(above) && !consumed.has(above) && known(lines[above]!.trim()) ? above : undefined;
      pages.push({ start: caption ?? i, grid: boxGrid(lines, i, end, caption) });
      for (let k = caption ?? i; k <= end; k++) consumed.add(k);
    }
    i = end;
  }

  // Row blocks: runs of label lines and `label：value` lines.
  for (let i = 0; i < lines.length; i++) {
    if (consumed.has(i)) continue;
    const run: BlockLine[] = [];
    for (let k = i; k < lines.length && !consumed.has(k); k++) {
      const line = blockLine(lines[k]!, k);
      if (!line) break;
      run.push(line);
    }
    if (run.length === 0) continue;
    i = run[run.length - 1]!.index;
    const knownPath = (label: string) => label.split('·').every((t) => known(t));
    const joined = unwrap(run, knownPath);
    // Unknown label lines at either end are text around the table.
    const keep = (l: BlockLine) => l.value !== undefined || known(l.label);
    let a = 0;
    let z = joined.length - 1;
    while (a <= z && !keep(joined[a]!)) a += 1;
    while (z >= a && !keep(joined[z]!)) z -= 1;
    const block = joined.slice(a, z + 1);
    if (!block.some((l) => l.value !== undefined && knownPath(l.label))) continue;
    pages.push({ start: block[0]!.index, grid: blockGrid(block) });
    const first = block[0]!.index;
    const last = joined[z + 1]?.index ?? i + 1;
    for (let k = first; k < last; k++) consumed.add(k);
  }

  // Rows copied from a page.
  for (let i = 0; i < lines.length; i++) {
    if (consumed.has(i)) continue;
    const run: Row[] = [];
    for (let k = i; k < lines.length && !consumed.has(k) && !blank(k); k++) {
      const fields = fieldsOf(lines[k]!);
      const filled = fields.filter((f) => f !== '');
      if (filled.length === 1 && lexicon.roles(filled[0]!).row) {
        run.push({ index: k, fields, kind: 'label', labels: filled, values: [] });
        continue;
      }
      if (filled.length < 2 || !filled.some((f) => isValueText(f) || known(f))) break;
      const first = fields.findIndex((f) => isValueText(f));
      if (first >= 0) {
        const labels = fields.slice(0, first).filter((f) => f !== '');
        // A value cell left empty keeps its place among the values.
        const values = fields.slice(first);
        run.push({ index: k, fields, kind: 'data', labels, values });
      } else {
        const header = filled.some((f) => {
          const r = lexicon.roles(f);
          return (r.column && !r.row) || r.header || !normalizeLabel(f);
        });
        run.push({ index: k, fields, kind: header ? 'header' : 'label', labels: filled, values: [] });
      }
    }
    // Label lines after the last row are text below the table.
    while (run.length > 0 && run[run.length - 1]!.kind === 'label') run.pop();
    if (run.length === 0) continue;
    i = run[run.length - 1]!.index;
    if (!run.some((r) => r.kind === 'data')) continue;
    pages.push({ start: run[0]!.index, grid: sheetGrid(lexicon, run, issues) });
    for (const r of run) consumed.add(r.index);
  }
  // The note under a table with derived values.
  if (pages.length > 0) {
    lines.forEach((line, i) => {
      if (NOTES.has(line.trim())) consumed.add(i);
    });
  }
  pages.sort((p, q) => p.start - q.start);
  return { grids: pages, consumed };
}

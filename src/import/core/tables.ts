import { indexFormat, type CellInfo, type Format, type ResolvedNode, type TableIndex } from '../../formats/define.js';
import { UNITS, isUnit } from '../../model/units.js';
import type { CellValue } from '../../model/values.js';
import type { ImportIssueData, IssueList } from './issues.js';
import { cellTextKind, parseCellValue, type CellTextKind } from './values.js';
import { planFor, type Plan } from '../../formats/plan.js';
import { QUOTES, attachmentTitles, cellLabelPath, labelMatcher, looseLabel, nodeLabelPath, normalizeLabel, stripNumbering, type CellMatch, type LabelTypo } from './labels.js';
import { FILLED_BY, PERIOD, squash } from './conventions.js';
import type { Grid, GridCell } from './grid.js';
import type { ColumnSpan, LabelRoles, Lexicon } from './layout.js';

// Reading a page's statistics tables. Generic over any format: a page table is matched to the
// format table whose labels it prints; its header rows give every grid column a label path (the
// column's header cells, top to bottom); every value takes the label cells to its left in its row
// (the row's label path, several stub columns deep) and the label paths of the columns it spans;
// the format's label matcher (the one `fromLabels` uses) then names the one cell they pick out.

/** Label roles a text can have in a format table (bits). */
const ROW = 1;
const COLUMN = 2;
const TITLE = 4;
const STUB = 8;
const UNIT_HEADER = 16;
const INDEX_HEADER = 32;
const NOTE_HEADER = 64;
const HEADER_WORD = STUB | UNIT_HEADER | INDEX_HEADER | NOTE_HEADER;

/** Header words of the label, unit, index and remark columns that tables print besides the format's own. */
const WORDS: readonly (readonly [string, number])[] = [
  ...['统计指标', '指标名称', '指标', '项目', '名称', '内容', '类别', '信息内容'].map((w) => [w, STUB] as const),
  ...['单位', '计量单位'].map((w) => [w, UNIT_HEADER] as const),
  ...['序号', '编号', '代码'].map((w) => [w, INDEX_HEADER] as const),
  ...['备注', '说明'].map((w) => [w, NOTE_HEADER] as const),
];

interface TableWords {
  readonly table: TableIndex;
  readonly strict: ReadonlyMap<string, number>;
  readonly loose: ReadonlyMap<string, number>;
}

const wordCache = new WeakMap<Format, readonly TableWords[]>();

/** For each table of a format: normalised label → roles (row, column, title, stub header). */
function tableWords(format: Format): readonly TableWords[] {
  const cached = wordCache.get(format);
  if (cached) return cached;
  const out = indexFormat(format).tables.map((table): TableWords => {
    const strict = new Map<string, number>();
    const loose = new Map<string, number>();
    const add = (text: string | undefined, role: number, withLoose = true) => {
      if (!text) return;
      const s = normalizeLabel(text);
      if (!s) return;
      strict.set(s, (strict.get(s) ?? 0) | role);
      const l = stripNumbering(s);
      if (withLoose && l) loose.set(l, (loose.get(l) ?? 0) | role);
    };
    for (const node of table.rows) if (!node.unlabeled) for (const t of [node.label, ...node.aliases]) add(t, ROW);
    for (const node of table.columns) if (!node.unlabeled) for (const t of [node.label, ...node.aliases]) add(t, COLUMN);
    add(table.definition.title, TITLE);
    add(table.definition.stubHeader, STUB);
    for (const row of table.rows) add(row.definition.stubHeader, STUB);
    for (const [word, role] of WORDS) add(word, role, false);
    return { table, strict, loose };
  });
  wordCache.set(format, out);
  return out;
}


/** For each column label of a table of the format that prints `text`: how many value columns it spans, and whether it has sub-columns. */
function columnSpans(format: Format, text: string): ColumnSpan[] {
  const key = normalizeLabel(text);
  if (!key) return [];
  const out: ColumnSpan[] = [];
  for (const { table } of tableWords(format)) {
    for (const node of table.columns) {
      if (node.unlabeled || ![node.label, ...node.aliases].some((t) => normalizeLabel(t) === key || stripNumbering(normalizeLabel(t)) === stripNumbering(key))) continue;
      const under = (n: ResolvedNode): boolean => n === node || (n.parent !== undefined && under(n.parent));
      out.push({ table: `${format.id}/${table.id}`, leaves: Math.max(1, table.valueColumns.filter((c) => under(c) && c.printed).length), leaf: node.children.length === 0 });
    }
  }
  return out;
}

const NO_ROLE: LabelRoles = { row: false, column: false, title: false, header: false, stub: false };

/** The labels of `formats` as a reader of unmarked text may ask of them (see {@link Lexicon}). */
export function lexiconOf(formats: readonly Format[]): Lexicon {
  const words = formats.flatMap((f) => tableWords(f));
  // A text much longer than any label the formats print (notes and all) is none: a paragraph is not normalised.
  let longest = 0;
  for (const f of formats) {
    for (const table of indexFormat(f).tables) {
      for (const node of [...table.rows, ...table.columns]) for (const t of [node.label, ...node.aliases]) longest = Math.max(longest, t.length);
      longest = Math.max(longest, table.definition.title.length);
    }
  }
  const most = 2 * longest + 40;
  const attachments = attachmentTitles(formats);
  return {
    roles(text) {
      if (text.length > most) return NO_ROLE;
      const key = normalizeLabel(text);
      // Nothing but a note in brackets is no label (a reader asks of printed text, not of a header's empty corner).
      if (!key) return NO_ROLE;
      let r = 0;
      for (const w of words) r |= roleOf(w, key);
      return { row: (r & ROW) !== 0, column: (r & COLUMN) !== 0, title: (r & TITLE) !== 0, header: (r & HEADER_WORD) !== 0, stub: (r & STUB) !== 0 };
    },
    spans: (text) => (text.length > most ? [] : formats.flatMap((format) => columnSpans(format, text))),
    attachment: (text) => text.length <= most && attachments.has(looseLabel(text)),
  };
}

function roleIn(words: TableWords, text: string): number {
  return roleOf(words, normalizeLabel(text));
}

/** The roles of a normalised label (`normalizeLabel`) in one table. */
function roleOf(words: TableWords, key: string): number {
  if (!key) return STUB; // nothing but a parenthesised note, such as the A1 note over the stub columns
  return (words.strict.get(key) ?? 0) | (words.loose.get(stripNumbering(key)) ?? 0);
}

type ColumnClass = 'value' | 'stub' | 'unit' | 'index' | 'note' | 'none';

/** Most label cells a value takes from its row. */
const MAX_LABELS = 8;

/** The header of a band of rows: each grid column's class and label path (header cells, top to bottom). */
interface Band {
  readonly classes: readonly ColumnClass[];
  readonly paths: readonly (readonly GridCell[])[];
  readonly keys: readonly string[];
}

/** A statistics table of the document: its number among the body's tables, its grid, and the page it starts on (PDF). */
export interface PageTable {
  readonly number: number;
  readonly grid: Grid;
  readonly page?: number;
}

/** What the page's tables hold. */
export interface TableReading {
  readonly values: Map<CellInfo, CellValue>;
  /** Ids of the format tables the page prints. */
  readonly found: Set<string>;
  /** Attachment lines printed inside a table (title, 年度, 填报单位). */
  readonly attachment: { title?: string; period?: string; filledBy?: string };
  /** The grid cell each value was read from. */
  readonly sources: Map<CellInfo, GridCell>;
}

/** True when some format of `formats` prints at least two of the table's texts as labels. */
export function looksLikeStatistics(grid: Grid, formats: readonly Format[]): boolean {
  return formats.some((f) => tableWords(f).some((w) => hits(grid, w) >= 2));
}

function hits(grid: Grid, words: TableWords): number {
  const seen = new Set<string>();
  for (const cell of grid.cells) {
    if (cell.text === '' || cell.text.length > 200) continue;
    const s = normalizeLabel(cell.text);
    if (!s || seen.has(s)) continue;
    if (((words.strict.get(s) ?? 0) | (words.loose.get(stripNumbering(s)) ?? 0)) & (ROW | COLUMN | TITLE)) seen.add(s);
  }
  return seen.size;
}

/** Reads every value of the page's statistics tables into the format's cells; whatever cannot be placed becomes an issue. */
export function readTables(format: Format, tables: readonly PageTable[], issues: IssueList): TableReading {
  const matcher = labelMatcher(format);
  const index = matcher.index;
  const allWords = tableWords(format);
  const order = new Map<ResolvedNode, number>();
  for (const table of index.tables) for (const row of table.rows) order.set(row, order.size);
  const cellCount = new Map<ResolvedNode, number>();
  for (const cell of index.cells) cellCount.set(cell.row, (cellCount.get(cell.row) ?? 0) + 1);
  const values = new Map<CellInfo, CellValue>();
  const sources = new Map<CellInfo, GridCell>();
  const placed = new Set<CellInfo>();
  const seenRows = new Set<ResolvedNode>();
  const found = new Set<string>();
  const attachment: { title?: string; period?: string; filledBy?: string } = {};
  const lastBand = new Map<string, { band: Band; width: number }>();
  // Lone numbers a converter moved out of their rows: placed at the end, or reported.
  const strays: { readonly table: TableIndex; readonly text: string; readonly issue: ImportIssueData }[] = [];
  const lastPosition = new Map<string, number>();

  for (const page of tables) {
    const { grid, number } = page;
    if (grid.oversized) {
      // Hundreds of columns or thousands of rows: no statistics table of a report.
      const first = grid.cells.filter((c) => c.row === 0 && c.text !== '').map((c) => c.text).join(' | ');
      issues.add({ code: 'unknown_table', severity: 'warning', tableNumber: number, ...linesOf(grid), ...(page.page !== undefined && { page: page.page }), label: first });
      continue;
    }
    let words: TableWords | undefined;
    let best = 1;
    for (const w of allWords) {
      const n = hits(grid, w);
      if (n > best) {
        best = n;
        words = w;
      }
    }
    if (!words) {
      const first = grid.cells.filter((c) => c.row === 0 && c.text !== '').map((c) => c.text).join(' | ');
      const numbers = grid.cells.some((c) => cellTextKind(c.text) === 'num');
      issues.add({ code: 'unknown_table', severity: numbers ? 'warning' : 'info', tableNumber: number, ...linesOf(grid), ...(page.page !== undefined && { page: page.page }), label: first });
      continue;
    }
    const table = words.table;
    const w = words;
    found.add(table.id);
    const title = table.definition.title;
    const at = (cell: GridCell) => {
      // A grid read from text names the cell's source line too.
      const line = cell.line ?? grid.lines?.[cell.row];
      const onPage = grid.pages?.[cell.row] ?? page.page;
      return {
        tableNumber: number,
        row: cell.row + 1,
        column: cell.column + 1,
        ...(line !== undefined && { line }),
        ...(cell.endLine !== undefined && { endLine: cell.endLine }),
        ...(onPage !== undefined && { page: onPage }),
      };
    };

    const roles = new Map<GridCell, number>();
    const role = (cell: GridCell): number => {
      let r = roles.get(cell);
      if (r === undefined) {
        r = roleIn(w, cell.text);
        roles.set(cell, r);
      }
      return r;
    };
    const kinds = new Map<GridCell, CellTextKind>();
    const kind = (cell: GridCell): CellTextKind => {
      let k = kinds.get(cell);
      if (k === undefined) {
        k = cellTextKind(cell.text);
        kinds.set(cell, k);
      }
      return k;
    };
    const rowCells = (y: number): GridCell[] => {
      const out: GridCell[] = [];
      // A cell covers consecutive columns of a row.
      for (const cell of grid.rows[y] ?? []) if (cell && out[out.length - 1] !== cell) out.push(cell);
      return out;
    };
    const isHeader = (cells: readonly GridCell[], y: number): boolean => {
      let strong = false;
      for (const cell of cells) {
        if (cell.row !== y) continue;
        const k = kind(cell);
        if (k === 'num' || k === 'dash') return false;
        if (k !== 'text' || PERIOD.test(cell.text) || FILLED_BY.test(cell.text)) continue;
        const r = role(cell);
        if (r & HEADER_WORD || (r & COLUMN && !(r & ROW))) strong = true;
      }
      return strong;
    };
    const bandOf = (ys: readonly number[]): Band => {
      const classes: ColumnClass[] = [];
      const paths: GridCell[][] = [];
      const keys: string[] = [];
      for (let x = 0; x < grid.width; x++) {
        const path: GridCell[] = [];
        let flags = 0;
        const seen = new Set<GridCell>();
        for (const y of ys) {
          const cell = grid.rows[y]?.[x];
          if (!cell || seen.has(cell) || kind(cell) === 'empty') continue;
          seen.add(cell);
          const r = role(cell);
          if (r & (HEADER_WORD | TITLE)) flags |= r;
          else if (r === 0 || r & COLUMN) path.push(cell);
        }
        classes.push(path.length > 0 ? 'value' : flags & UNIT_HEADER ? 'unit' : flags & INDEX_HEADER ? 'index' : flags & NOTE_HEADER ? 'note' : 'stub');
        paths.push(path);
        keys.push(path.map((c) => `${c.row}:${c.column}`).join('/'));
      }
      return { classes, paths, keys };
    };

    let band: Band | undefined;
    const inherited = lastBand.get(table.id);
    if (inherited && inherited.width === grid.width && !grid.selfLabeled) band = inherited.band;
    let run: number[] = [];
    let previousHeader = false;
    // Rows are printed in order, also across the parts of a table split over several <table>s.
    let position = lastPosition.get(table.id) ?? -1;
    const unknownGroups = new Map<GridCell, { label: string; candidates: readonly string[]; values: string[] }>();
    const typoDone = new Set<GridCell>();

    const reportTypos = (typos: readonly LabelTypo[], cells: readonly GridCell[]) => {
      for (const typo of typos) {
        const cell = cells.find((c) => c.text === typo.given);
        if (cell && typoDone.has(cell)) continue;
        if (cell) typoDone.add(cell);
        issues.add({ code: 'label_typo', severity: 'warning', ...(cell ? at(cell) : { tableNumber: number }), label: typo.given, candidates: [typo.path] });
      }
    };

    for (let y = 0; y < grid.height; y++) {
      const cells = rowCells(y);
      if (cells.length === 0) continue;
      if (isHeader(cells, y)) {
        run = previousHeader ? [...run, y] : [y];
        band = bandOf(run);
        previousHeader = true;
        continue;
      }
      previousHeader = false;
      const classesOf = (cell: GridCell): Set<ColumnClass> => {
        const set = new Set<ColumnClass>();
        for (let x = cell.column; x < Math.min(cell.column + cell.colSpan, grid.width); x++) set.add(band ? band.classes[x]! : 'none');
        return set;
      };
      const labels: GridCell[] = [];
      const vals: GridCell[] = [];
      const notes: GridCell[] = [];
      let unit: GridCell | undefined;
      for (const cell of cells) {
        const classes = classesOf(cell);
        const k = kind(cell);
        const valueOnly = classes.size > 0 && [...classes].every((c) => c === 'value');
        if (cell.row !== y) {
          if (k === 'text' && !valueOnly) labels.push(cell);
          continue;
        }
        if (k === 'text') {
          if (classes.has('stub') || classes.has('none')) labels.push(cell);
          else if (classes.has('value')) vals.push(cell);
          else if (role(cell) & ROW) labels.push(cell);
          else notes.push(cell);
        } else if (k === 'unit') unit = cell;
        else if (k === 'num' || k === 'dash') {
          // Row numbers under 序号 are no values; a dash under 单位 marks a group row.
          if (classes.has('value') || classes.has('none') || classes.has('stub') || (k === 'num' && classes.has('unit'))) vals.push(cell);
          else if (k === 'num' && classes.has('note')) notes.push(cell);
        } else if (classes.has('value') || classes.has('none')) vals.push(cell);
      }
      for (const note of notes) issues.add({ code: 'table_text', severity: 'info', ...at(note), table: table.id, value: note.text });

      if (vals.length === 0) {
        // A caption, title or note row: attachment lines are kept, texts the format does not know reported.
        for (const cell of labels) {
          if (cell.row !== y) continue;
          const period = PERIOD.exec(cell.text);
          const filled = FILLED_BY.exec(cell.text);
          if (period) attachment.period ??= squash(period[1]!);
          else if (filled) attachment.filledBy ??= filled[1]!.trim() || undefined;
          else if (role(cell) & TITLE) attachment.title ??= cell.text;
          else if (role(cell) === 0) labelOnlyText(cell);
        }
        continue;
      }
      // The labels nearest the values (a stub is a few columns deep; more is no table of a report).
      if (labels.length > MAX_LABELS) labels.splice(0, labels.length - MAX_LABELS);
      const labelTexts = labels.map((c) => c.text);
      const rowStart = position;
      let rowEnd = position;
      let placedAny = false;
      const aligned = band ? (alignedColumns(band, vals, grid.width) ?? alignedByRules(band, vals, labelTexts, rowStart, unit)) : undefined;
      for (const v of vals) {
        const k = kind(v);
        const blank = k === 'empty' || k === 'dash';
        // The distinct label paths of the value columns the cell spans, widest share first.
        const spans = new Map<string, { path: readonly GridCell[]; overlap: number }>();
        if (band) {
          const [from, to] = aligned?.get(v) ?? [v.column, Math.min(v.column + v.colSpan, grid.width)];
          for (let x = from; x < to; x++) {
            if (band.classes[x] !== 'value') continue;
            const key = band.keys[x]!;
            const entry = spans.get(key);
            if (entry) entry.overlap += 1;
            else spans.set(key, { path: band.paths[x]!, overlap: 1 });
          }
        }
        const tries = [...spans.values()].sort((a, b) => b.overlap - a.overlap);
        if (tries.length === 0) tries.push({ path: [], overlap: 0 });
        const resolved = resolve(labelTexts, tries, rowStart);
        const used = [...labels, ...resolved.path];
        const labelPath = [...labelTexts, ...resolved.path.map((c) => c.text)].join('/');
        if (resolved.kind === 'group') wrappedLabels(labels, resolved.node);
        if (resolved.kind !== 'cell') {
          if (blank) continue;
          const value = v.text;
          if (resolved.kind === 'group') {
            reportTypos(resolved.typos, used);
            issues.add({ code: 'label_only', severity: 'error', ...at(v), table: table.id, label: labelPath, cellLabel: nodeLabelPath(resolved.node), value });
          } else if (resolved.kind === 'ambiguous') {
            issues.add({ code: 'ambiguous_label', severity: 'error', ...at(v), table: table.id, label: labelPath, candidates: resolved.candidates, value });
          } else if (resolved.kind === 'unknown') {
            const cell = used.find((c) => c.text === resolved.unknown) ?? v;
            const group = unknownGroups.get(cell) ?? { label: resolved.unknown, candidates: resolved.candidates, values: [] };
            group.values.push(value);
            unknownGroups.set(cell, group);
          } else {
            const issue: ImportIssueData = { code: 'unplaced_value', severity: 'error', ...at(v), table: table.id, label: labelPath, candidates: resolved.candidates, value };
            // A row of one number and no label of its own: a number moved out of its row.
            if (vals.length === 1 && labelTexts.length === 0 && cellTextKind(v.text) === 'num') strays.push({ table, text: v.text, issue });
            else issues.add(issue);
          }
          continue;
        }
        const cell = resolved.cell;
        reportTypos(resolved.typos, used);
        wrappedLabels(labels, cell.row);
        for (const header of resolved.ignored) {
          if (typoDone.has(header)) continue;
          typoDone.add(header);
          issues.add({ code: 'unknown_label', severity: 'warning', ...at(header), table: table.id, label: header.text, candidates: [cellLabelPath(index, cell)] });
        }
        seenRows.add(cell.row);
        rowEnd = Math.max(rowEnd, order.get(cell.row) ?? rowEnd);
        placedAny = true;
        if (blank) continue;
        const where = { ...at(v), table: table.id, cell: cell.ref, cellLabel: cellLabelPath(index, cell) };
        const printedUnit = unit ? squash(unit.text) : undefined;
        const parsed = parseCellValue(v.text, cell, printedUnit);
        if (!parsed.ok) {
          issues.add({ ...where, code: 'bad_value', severity: 'error', value: v.text, reason: parsed.reason });
          continue;
        }
        if (printedUnit && isUnit(printedUnit) && printedUnit !== cell.unit && UNITS[printedUnit].kind === 'count') {
          issues.add({ ...where, code: 'unit_mismatch', severity: 'warning', ...at(unit!), units: { from: printedUnit, to: cell.unit } });
        }
        if (parsed.from) {
          issues.add({ ...where, code: 'unit_converted', severity: 'info', value: v.text, units: { from: parsed.from, to: cell.unit }, converted: parsed.value });
        }
        if (placed.has(cell)) {
          issues.add({ ...where, code: 'duplicate_cell', severity: values.get(cell) === parsed.value ? 'warning' : 'error', value: v.text });
          continue;
        }
        if (!cell.printed && parsed.value !== null) issues.add({ ...where, code: 'group_value', severity: 'info', value: parsed.value });
        values.set(cell, parsed.value);
        sources.set(cell, v);
        placed.add(cell);
      }
      position = rowEnd;
      if (!placedAny) for (const cell of labels) if (cell.row === y && role(cell) === 0 && !unknownGroups.has(cell)) labelOnlyText(cell);
    }
    if (band) lastBand.set(table.id, { band, width: grid.width });
    lastPosition.set(table.id, position);

    for (const [cell, group] of unknownGroups) {
      issues.add({
        code: 'unknown_label',
        severity: 'error',
        ...at(cell),
        table: table.id,
        label: group.label,
        candidates: group.candidates,
        value: group.values.length === 1 ? group.values[0] : group.values.join(' | '),
      });
    }

    /**
     * A label printed over several lines must read as the official one, note and all: its lines were
     * joined by the reader, and a note (which the matcher passes over) must not hide a stray line.
     */
    function wrappedLabels(cells: readonly GridCell[], node: ResolvedNode): void {
      for (const c of cells) {
        if (c.endLine === undefined || typoDone.has(c)) continue;
        const given = squash(c.text).replace(QUOTES, '');
        let official = false;
        for (let n: ResolvedNode | undefined = node; n && !official; n = n.parent) official = [n.label, ...n.aliases].some((t) => squash(t).replace(QUOTES, '') === given);
        if (official) continue;
        typoDone.add(c);
        issues.add({ code: 'label_typo', severity: 'warning', ...at(c), label: c.text, candidates: [nodeLabelPath(node)] });
      }
    }

    /** A label cell beside no placed value: a typo of a label, or text the format does not know. */
    function labelOnlyText(cell: GridCell): void {
      if (typoDone.has(cell)) return;
      typoDone.add(cell);
      const m = matcher.cell([title, cell.text]);
      if (m.kind !== 'unknown' && m.typos.length > 0) {
        issues.add({ code: 'label_typo', severity: 'warning', ...at(cell), label: cell.text, candidates: m.typos.map((t) => t.path) });
      } else if (m.kind === 'unknown') {
        issues.add({ code: 'table_text', severity: 'info', ...at(cell), table: table.id, value: cell.text });
      }
    }

    /**
     * A row that lost cells (a converter dropped one: fewer values than the header's value columns, and
     * not under them): each way of keeping its values in order under the value columns is tried, and
     * the row is placed when exactly one way agrees with every relation and identity of the format that
     * the values read so far decide. Undefined when none or several do (the values are then reported).
     */
    function alignedByRules(band: Band, vals: readonly GridCell[], rowLabels: readonly string[], rowStart: number, unit: GridCell | undefined): Map<GridCell, [number, number]> | undefined {
      const columns = valueColumns(band, grid.width);
      // The row's printed values (its empty cells under the header stay where they are).
      const ordered = vals.filter((v) => cellTextKind(v.text) !== 'empty').sort((a, b) => a.column - b.column);
      if (ordered.length === 0 || ordered.length >= columns.length || ordered.some((v) => underValue(band, v, grid.width))) return undefined;
      if (ordered.some((v) => cellTextKind(v.text) !== 'num')) return undefined;
      const choices = combinations(columns.length, ordered.length, MAX_ALIGNMENTS);
      if (!choices) return undefined;
      const printedUnit = unit ? squash(unit.text) : undefined;
      const known = knownValues(values);
      const agreeing: number[][] = [];
      for (const choice of choices) {
        const assigned = new Map<string, number>();
        let ok = true;
        for (let j = 0; j < ordered.length && ok; j++) {
          const r = resolve(rowLabels, [{ path: band.paths[columns[choice[j]!]![0]]!, overlap: 1 }], rowStart);
          // Only cells the table prints, not yet filled, can have lost their value.
          const parsed = r.kind === 'cell' && r.cell.printed && !placed.has(r.cell) ? parseCellValue(ordered[j]!.text, r.cell, printedUnit) : undefined;
          if (r.kind !== 'cell' || !parsed?.ok || typeof parsed.value !== 'number' || assigned.has(r.cell.ref)) ok = false;
          else assigned.set(r.cell.ref, parsed.value);
        }
        if (!ok) continue;
        const verdict = judge(planFor(format), known, assigned);
        // A way the rules leave open makes the row uncertain, whatever the others say.
        if (verdict === 'open') return undefined;
        if (verdict === 'holds') agreeing.push(choice);
        if (agreeing.length > 1) return undefined;
      }
      if (agreeing.length !== 1) return undefined;
      const first = ordered[0]!;
      issues.add({ code: 'row_shape', severity: 'info', ...at(first), table: table.id, expected: columns.length, actual: ordered.length });
      return new Map(ordered.map((v, j) => [v, columns[agreeing[0]![j]!]!]));
    }

    /** The one cell a value's labels pick out, trying each column path it spans, then the row's labels alone. */
    function resolve(rowLabels: readonly string[], tries: readonly { path: readonly GridCell[]; overlap: number }[], rowStart: number): Resolution {
      const matches = tries.map((t) => ({ ...t, match: matcher.cell([title, ...rowLabels, ...t.path.map((c) => c.text)]) }));
      const cells = matches.filter((m) => m.match.kind === 'cell');
      if (cells.length > 0) {
        const top = cells[0]!.overlap;
        const distinct = [...new Set(cells.filter((m) => m.overlap === top).map((m) => (m.match as CellHit).cell))];
        if (distinct.length === 1) {
          const m = cells.find((c) => c.overlap === top)!;
          return { kind: 'cell', cell: distinct[0]!, typos: m.match.typos, path: m.path, ignored: [] };
        }
        return { kind: 'ambiguous', path: cells[0]!.path, candidates: distinct.map((c) => cellLabelPath(index, c)) };
      }
      // The same labels twice in a table (2014: （二）被依法纠错数): the next such row in print order.
      for (const m of matches) {
        if (m.match.kind !== 'ambiguous') continue;
        const next = m.match.cells.find((c) => (order.get(c.row) ?? -1) > rowStart);
        if (next) return { kind: 'cell', cell: next, typos: m.match.typos, path: m.path, ignored: [] };
      }
      const group = matches.find((m) => m.match.kind === 'group');
      if (group && group.match.kind === 'group') return { kind: 'group', node: group.match.node, typos: group.match.typos, path: group.path };
      // A row with one cell needs no column when its header is a local one (2017年度), or when its
      // one value spans the columns of another block (a block printed without its own header).
      const unknownHeader = matches.some((m) => m.match.kind === 'unknown' && m.path.some((c) => m.match.kind === 'unknown' && m.match.unknown.includes(c.text)));
      if (rowLabels.length > 0 && matches.some((m) => m.path.length > 0) && (unknownHeader || matches.length > 1)) {
        const alone = matcher.cell([title, ...rowLabels]);
        const hit =
          alone.kind === 'cell'
            ? alone.cell
            : alone.kind === 'ambiguous'
              ? alone.cells.find((c) => (order.get(c.row) ?? -1) > rowStart && (cellCount.get(c.row) ?? 0) === 1)
              : undefined;
        if (hit) {
          const unknownHeaders = matches.flatMap((m) => (m.match.kind === 'unknown' ? m.path.filter((c) => m.match.kind === 'unknown' && m.match.unknown.includes(c.text)) : []));
          return { kind: 'cell', cell: hit, typos: alone.typos, path: [], ignored: [...new Set(unknownHeaders)] };
        }
      }
      const unknown = matches.find((m) => m.match.kind === 'unknown' && m.match.unknown.length > 0);
      if (unknown && unknown.match.kind === 'unknown') {
        return { kind: 'unknown', path: unknown.path, unknown: unknown.match.unknown[0]!, candidates: unknown.match.candidates };
      }
      const ambiguous = matches.find((m) => m.match.kind === 'ambiguous');
      if (ambiguous && ambiguous.match.kind === 'ambiguous') return { kind: 'ambiguous', path: ambiguous.path, candidates: ambiguous.match.candidates };
      const first = matches[0]!;
      return { kind: 'unplaced', path: first.path, candidates: first.match.kind === 'unknown' ? first.match.candidates : [] };
    }
  }

  for (const stray of strays) placeStray(stray);

  for (const table of index.tables) {
    if (!found.has(table.id)) {
      issues.add({ code: 'missing_table', severity: 'warning', table: table.id });
      continue;
    }
    for (const row of table.rows) {
      if (!row.valued || seenRows.has(row)) continue;
      const printed = table.cells.find((c) => c.row === row && c.printed);
      if (printed) issues.add({ code: 'missing_row', severity: 'info', table: table.id, label: nodeLabelPath(row), cell: printed.ref });
    }
  }
  return { values, found, attachment, sources };

  /**
   * A lone number with no place: it goes to the one printed cell of its table still empty where the
   * format's relations and identities, decided by all the other values, hold with it (a converter moved
   * it out of its row); when the rules leave any doubt it is reported.
   */
  function placeStray(stray: (typeof strays)[number]): void {
    const known = knownValues(values);
    const plan = planFor(format);
    let target: CellInfo | undefined;
    for (const cell of stray.table.cells) {
      if (!cell.printed || placed.has(cell)) continue;
      const parsed = parseCellValue(stray.text, cell);
      if (!parsed.ok || typeof parsed.value !== 'number') continue;
      const verdict = judge(plan, known, new Map([[cell.ref, parsed.value]]));
      if (verdict === 'open' || (verdict === 'holds' && target)) {
        issues.add(stray.issue);
        return;
      }
      if (verdict === 'holds') target = cell;
    }
    if (!target) {
      issues.add(stray.issue);
      return;
    }
    const value = parseCellValue(stray.text, target);
    if (!value.ok) return;
    values.set(target, value.value);
    placed.add(target);
    issues.add({ ...stray.issue, code: 'placed_by_rules', severity: 'warning', value: stray.text, cell: target.ref, cellLabel: cellLabelPath(index, target) });
  }
}

type CellHit = Extract<CellMatch, { kind: 'cell' }>;

/**
 * A row whose cells do not line up with its header (a header cell spanning other columns than the data
 * rows' cells, as Word and CMS editors leave them): when some value sits under no value column and the
 * row has exactly one value cell per value column of the header, the values are placed by their order
 * under the header's value columns. Undefined when the row lines up (or its shape leaves it uncertain).
 */
function alignedColumns(band: Band, vals: readonly GridCell[], width: number): Map<GridCell, [number, number]> | undefined {
  if (vals.every((v) => underValue(band, v, width))) return undefined;
  const columns = valueColumns(band, width);
  if (columns.length !== vals.length) return undefined;
  const ordered = [...vals].sort((a, b) => a.column - b.column);
  return new Map(ordered.map((v, i) => [v, columns[i]!]));
}

/** True when a value cell stands under some value column of the header. */
function underValue(band: Band, v: GridCell, width: number): boolean {
  for (let x = v.column; x < Math.min(v.column + v.colSpan, width); x++) if (band.classes[x] === 'value') return true;
  return false;
}

/** The header's value columns, left to right, each as the grid columns [from, to) it spans. */
function valueColumns(band: Band, width: number): [number, number][] {
  const columns: [number, number][] = [];
  for (let x = 0; x < width; x++) {
    if (band.classes[x] !== 'value') continue;
    const last = columns[columns.length - 1];
    if (last && last[1] === x && band.keys[x] === band.keys[x - 1]) last[1] = x + 1;
    else columns.push([x, x + 1]);
  }
  return columns;
}

/** Most ways of placing a row that lost cells that are tried (a row of 7 columns that lost 1 has 7). */
const MAX_ALIGNMENTS = 64;

/** Every choice of k of n positions in order, or undefined when there are more than `max`. */
function combinations(n: number, k: number, max: number): number[][] | undefined {
  const out: number[][] = [];
  const pick = (from: number, chosen: number[]): boolean => {
    if (chosen.length === k) {
      out.push([...chosen]);
      return out.length <= max;
    }
    for (let i = from; i <= n - (k - chosen.length); i++) {
      chosen.push(i);
      if (!pick(i + 1, chosen)) return false;
      chosen.pop();
    }
    return true;
  };
  return pick(0, []) ? out : undefined;
}

/** The counts read so far, by cell ref. */
function knownValues(values: ReadonlyMap<CellInfo, CellValue>): Map<string, number> {
  const known = new Map<string, number>();
  for (const [cell, value] of values) if (typeof value === 'number') known.set(cell.ref, value);
  return known;
}

/**
 * What the tree relations and same-year identities of the plan say of the values `assigned`, with the
 * values known: `broken` when one they take part in fails; `holds` when none fails and each assigned
 * value takes part in one that is decided (all its cells known) and holds; `open` otherwise. A derived
 * subtotal counts as the sum of its parts where they are all known.
 */
function judge(plan: Plan, known: ReadonlyMap<string, number>, assigned: ReadonlyMap<string, number>): 'broken' | 'holds' | 'open' {
  const confirmed = new Set<string>();
  // The assigned values a decided check rests on: its own cells, and the parts of a derived subtotal it reads.
  const confirm = (cells: readonly number[]) => {
    for (const i of cells) {
      const cell = plan.cells[i]!;
      if (assigned.has(cell.info.ref)) confirmed.add(cell.info.ref);
      else if (cell.children && known.get(cell.info.ref) === undefined) confirm(cell.children);
    }
  };
  const memo = new Map<number, number | undefined>();
  const value = (i: number): number | undefined => {
    if (memo.has(i)) return memo.get(i);
    const cell = plan.cells[i]!;
    let v = assigned.get(cell.info.ref) ?? known.get(cell.info.ref);
    if (v === undefined && cell.children) {
      let sum = 0;
      for (const c of cell.children) {
        const x = value(c);
        if (x === undefined) {
          sum = Number.NaN;
          break;
        }
        sum += x;
      }
      v = Number.isNaN(sum) ? undefined : sum;
    }
    memo.set(i, v);
    return v;
  };
  const touchedMemo = new Map<number, boolean>();
  const touched = (i: number): boolean => {
    let t = touchedMemo.get(i);
    if (t === undefined) {
      const cell = plan.cells[i]!;
      t = assigned.has(cell.info.ref) || (cell.children !== undefined && known.get(cell.info.ref) === undefined && cell.children.some(touched));
      touchedMemo.set(i, t);
    }
    return t;
  };
  for (const tree of plan.trees) {
    if (!touched(tree.total) && !tree.parts.some(touched)) continue;
    // A derived subtotal's own relation holds by its making: it decides nothing.
    const totalCell = plan.cells[tree.total]!;
    if (totalCell.children && known.get(totalCell.info.ref) === undefined) continue;
    const total = value(tree.total);
    const parts = tree.parts.map(value);
    if (total === undefined || parts.some((p) => p === undefined)) continue;
    const sum = (parts as number[]).reduce((a, b) => a + b, 0);
    const max = Math.max(...(parts as number[]));
    if (tree.relation === 'sum' && sum !== total) return 'broken';
    if (tree.relation === 'partOf' && max > total) return 'broken';
    if (tree.relation === 'distinct' && (max > total || total > sum)) return 'broken';
    confirm([tree.total, ...tree.parts]);
  }
  for (const identity of plan.identities) {
    if (identity.crossYear) continue;
    const terms = [...identity.left, ...identity.right];
    if (!terms.some((t) => t.cell >= 0 && touched(t.cell))) continue;
    if (identity.identity.relation === 'distinct') continue;
    const sides = [identity.left, identity.right].map((list) => {
      let sum: number | undefined = 0;
      for (const t of list) {
        const v = t.cell >= 0 ? value(t.cell) : undefined;
        sum = v === undefined || sum === undefined ? undefined : sum + t.coefficient * v;
      }
      return sum;
    });
    const [left, right] = sides;
    if (left === undefined || right === undefined) continue;
    const relation = identity.identity.relation;
    if ((relation === 'eq' && left !== right) || (relation === 'le' && left > right)) return 'broken';
    confirm(terms.filter((t) => t.cell >= 0).map((t) => t.cell));
  }
  return confirmed.size === assigned.size ? 'holds' : 'open';
}

/** The source lines a grid read from text covers (nothing for a grid of a page). */
function linesOf(grid: Grid): { line?: number; endLine?: number } {
  return grid.source ? { line: grid.source.line, endLine: grid.source.endLine } : {};
}

type Resolution =
  | { readonly kind: 'cell'; readonly cell: CellInfo; readonly typos: readonly LabelTypo[]; readonly path: readonly GridCell[]; readonly ignored: readonly GridCell[] }
  | { readonly kind: 'group'; readonly node: ResolvedNode; readonly typos: readonly LabelTypo[]; readonly path: readonly GridCell[] }
  | { readonly kind: 'ambiguous'; readonly path: readonly GridCell[]; readonly candidates: readonly string[] }
  | { readonly kind: 'unknown'; readonly path: readonly GridCell[]; readonly unknown: string; readonly candidates: readonly string[] }
  | { readonly kind: 'unplaced'; readonly path: readonly GridCell[]; readonly candidates: readonly string[] };

import { indexFormat, type CellInfo, type Format, type FormatIndex, type ResolvedNode, type TableIndex } from '../../formats/define.js';

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

const NUMERAL_ONLY = /^(?:[一二三四五六七八九十百零〇]+|\d+)$/;
const INVISIBLE = /[\s\u200b-\u200d\u2060\ufeff]+/gu;
/** Quotation marks, which labels print in several ways. */
export const QUOTES = /["'“”‘’「」『』〝〞＂＇]/g;
const OPEN = /[【〔［\[{｛]/g;
const CLOSE = /[】〕］\]}｝]/g;
// Placeholders that keep numbering parentheses such as （一） while notes are removed.
const KEEP_OPEN = '\u0001';
const KEEP_CLOSE = '\u0002';

/**
 * Normalises a printed label for comparison: NFKC (full-width digits, letters and punctuation to
 * half-width), lower case, no white space (incl. U+3000) or quotes, and parenthesised notes removed
 * — `（区分处理的，只计这一情形，不计其他情形）` goes, numbering such as `（一）` stays.
 */
export function normalizeLabel(label: string): string {
  const cached = normalized.get(label);
  if (cached !== undefined) return cached;
  const result = normalize(label);
  if (label.length <= MAX_CACHED_LENGTH) {
    if (normalized.size >= MAX_CACHED) normalized.clear();
    normalized.set(label, result);
  }
  return result;
}

/** Labels normalised so far (labels repeat across rows, cells and documents). */
const normalized = new Map<string, string>();
const MAX_CACHED = 8192;
const MAX_CACHED_LENGTH = 200;

function normalize(label: string): string {
  let s = label.normalize('NFKC').toLowerCase().replace(INVISIBLE, '').replace(QUOTES, '');
  s = s.replace(OPEN, '(').replace(CLOSE, ')').replace(/[\u0001\u0002]/g, '');
  // Innermost groups first: numerals are kept (as placeholders), anything else is a note.
  for (let round = 0; round < 16; round++) {
    const next = s.replace(/\(([^()]*)\)/g, (_m, inner: string) =>
      NUMERAL_ONLY.test(inner) ? `${KEEP_OPEN}${inner}${KEEP_CLOSE}` : '',
    );
    if (next === s) break;
    s = next;
  }
  // A note left open at the end (a label cut where it was broken across lines).
  s = s.replace(/\(([^()]*)$/, (m, inner: string) => (NUMERAL_ONLY.test(inner) ? m : ''));
  return s.replaceAll(KEEP_OPEN, '(').replaceAll(KEEP_CLOSE, ')');
}

const NUMBERING =
  /^(?:其中:?|[一二三四五六七八九十百零〇]+[、.,]|\((?:[一二三四五六七八九十百零〇]+|\d+)\)[、.,]?|\d+(?:[、,)]|\.(?!\d))|[a-z][.)、](?![a-z]))/;

/** Removes numbering prefixes (`一、` `（一）` `1.` `1、` `其中：`) from a normalised label. */
export function stripNumbering(normalized: string): string {
  let s = normalized;
  for (let round = 0; round < 4; round++) {
    const m = NUMBERING.exec(s);
    if (!m || m[0].length === s.length) break;
    s = s.slice(m[0].length);
  }
  // Trailing colons by hand: /:+$/ is quadratic on a long run of colons that is not at the end.
  let end = s.length;
  while (end > 0 && s[end - 1] === ':') end--;
  return end === s.length ? s : s.slice(0, end);
}

/** The loose comparison key of a label: {@link normalizeLabel} without numbering prefixes. */
export function looseLabel(label: string): string {
  return stripNumbering(normalizeLabel(label));
}

/** Levenshtein distance between two strings (by code point); stops early above `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > max) return max + 1;
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[y.length]!;
}

/** The largest edit distance accepted as a typo of an official label of this (normalised) length. */
export function typoThreshold(length: number): number {
  return length < 4 ? 0 : Math.max(1, Math.floor(length * 0.3));
}

/** Longest label text the fuzzy matcher compares (longer inputs are never typos of a label). */
const MAX_FUZZY_LENGTH = 120;

// ---------------------------------------------------------------------------------------------
// The matcher
// ---------------------------------------------------------------------------------------------

/** A label read as a misspelling of an official one. */
export interface LabelTypo {
  /** The label as given. */
  readonly given: string;
  /** The official label it was read as. */
  readonly label: string;
  /** The official label path of that node, joined with "/". */
  readonly path: string;
}

/** What a sequence of printed labels picks out. */
export type CellMatch =
  /** Exactly one cell. `exact` is false when some label matched only loosely or as a typo. */
  | { readonly kind: 'cell'; readonly cell: CellInfo; readonly exact: boolean; readonly typos: readonly LabelTypo[] }
  /** A label-only node (relation `group`), which has no cell. */
  | { readonly kind: 'group'; readonly node: ResolvedNode; readonly typos: readonly LabelTypo[] }
  /** Several cells fit equally well; `cells` in print order, `candidates` their label paths. */
  | {
      readonly kind: 'ambiguous';
      readonly cells: readonly CellInfo[];
      readonly candidates: readonly string[];
      readonly typos: readonly LabelTypo[];
    }
  /**
   * No cell fits. `unknown` are the labels that name nothing in the format (empty when every label
   * is known but they do not combine into a cell); `candidates` the closest official label paths.
   */
  | {
      readonly kind: 'unknown';
      readonly unknown: readonly string[];
      readonly candidates: readonly string[];
      readonly typos: readonly LabelTypo[];
    };

/** Finds cells of one format from printed labels; built once per format by {@link labelMatcher}. */
export interface LabelMatcher {
  readonly format: Format;
  readonly index: FormatIndex;
  /**
   * The one cell that a sequence of printed labels picks out: the row's label path then the
   * column's (or the column's first), where ancestors and the table title may be left out, and the
   * column may be left out for a row with one cell.
   */
  cell(labels: readonly string[]): CellMatch;
  /** Splits a "/"-joined label path, keeping labels that themselves contain "/" (本年增/减) whole. */
  split(path: string): string[];
  /** The official key of a cell: its row label path, plus its column label path unless the row has one cell. */
  keyOf(cell: CellInfo): { readonly row: string; readonly column: string | undefined };
}

/** The official label path of a node, joined with "/". */
export function nodeLabelPath(node: ResolvedNode): string {
  return node.labelPath.join('/');
}

/** The official label path of a cell as a person names it: row path, then column path unless the row has one cell. */
export function cellLabelPath(index: FormatIndex, cell: CellInfo): string {
  const key = keyParts(index, cell);
  return key.column === undefined ? key.row : key.row === '' ? key.column : `${key.row}/${key.column}`;
}

function keyParts(index: FormatIndex, cell: CellInfo): { row: string; column: string | undefined } {
  const single = cellsOfRow(index, cell.row).length === 1;
  return { row: nodeLabelPath(cell.row), column: single && !cell.row.unlabeled ? undefined : nodeLabelPath(cell.column) };
}

const rowCells = new WeakMap<FormatIndex, Map<ResolvedNode, CellInfo[]>>();
function cellsOfRow(index: FormatIndex, row: ResolvedNode): readonly CellInfo[] {
  let map = rowCells.get(index);
  if (!map) {
    map = new Map();
    for (const cell of index.cells) {
      const list = map.get(cell.row);
      if (list) list.push(cell);
      else map.set(cell.row, [cell]);
    }
    rowCells.set(index, map);
  }
  return map.get(row) ?? [];
}

interface Forms {
  readonly strict: ReadonlySet<string>;
  readonly loose: ReadonlySet<string>;
}

interface Slot {
  readonly forms: Forms;
  readonly node: ResolvedNode | undefined;
  readonly required: boolean;
}

interface Entry {
  readonly cell: CellInfo | undefined;
  readonly group: ResolvedNode | undefined;
  readonly orders: readonly (readonly Slot[])[];
  /** Nodes some label must name for the entry to fit (the row's and the column's own labels). */
  readonly required: readonly ResolvedNode[];
}

interface Segment {
  readonly given: string;
  readonly strict: string;
  readonly loose: string;
  /** The loose form this segment was corrected to, when it is a typo. */
  readonly typo: string | undefined;
}

/** Most candidate label paths an unknown label names. */
const MAX_CANDIDATES = 5;

/** Most unknown labels whose nearest official labels a matcher remembers. */
const MAX_NEAREST_CACHED = 2048;

/** Most "/"-separated parts a single label may span (本年增/减 spans two). */
const MAX_SLASH_PARTS = 4;

const COST_STRICT = 0;
const COST_LOOSE = 1;
const COST_TYPO = 3;
const NO_MATCH = Number.POSITIVE_INFINITY;

const matchers = new WeakMap<Format, LabelMatcher>();

/** The label matcher of a format (built on first use and cached with the format). */
export function labelMatcher(format: Format): LabelMatcher {
  const cached = matchers.get(format);
  if (cached) return cached;
  const matcher = buildMatcher(format);
  matchers.set(format, matcher);
  return matcher;
}

function formsOf(texts: readonly string[]): Forms {
  const strict = new Set<string>();
  const loose = new Set<string>();
  for (const text of texts) {
    const s = normalizeLabel(text);
    if (s) strict.add(s);
    const l = stripNumbering(s);
    if (l) loose.add(l);
  }
  return { strict, loose };
}

function buildMatcher(format: Format): LabelMatcher {
  const index = indexFormat(format);
  const nodeForms = new Map<ResolvedNode, Forms>();
  const vocabulary = new Map<string, ResolvedNode[]>(); // loose form → nodes (and table titles)
  const strictVocabulary = new Map<string, ResolvedNode[]>(); // strict form → nodes
  const addVocabulary = (forms: Forms, node: ResolvedNode | undefined) => {
    for (const s of forms.strict) {
      const list = strictVocabulary.get(s);
      if (!list) strictVocabulary.set(s, node ? [node] : []);
      else if (node) list.push(node);
    }
    for (const l of forms.loose) {
      const list = vocabulary.get(l);
      if (!list) vocabulary.set(l, node ? [node] : []);
      else if (node) list.push(node);
    }
  };
  const forms = (node: ResolvedNode): Forms => {
    let f = nodeForms.get(node);
    if (!f) {
      f = formsOf([node.label, ...node.aliases]);
      nodeForms.set(node, f);
      addVocabulary(f, node);
    }
    return f;
  };
  const titleForms = new Map<TableIndex, Forms>();
  for (const table of index.tables) {
    const f = formsOf([table.definition.title]);
    titleForms.set(table, f);
    addVocabulary(f, undefined);
    for (const node of [...table.rows, ...table.columns]) if (!node.unlabeled) forms(node);
  }

  const chain = (node: ResolvedNode): ResolvedNode[] => {
    const out: ResolvedNode[] = [];
    for (let n: ResolvedNode | undefined = node; n; n = n.parent) if (!n.unlabeled) out.unshift(n);
    return out;
  };
  const slots = (node: ResolvedNode, leafRequired: boolean): Slot[] =>
    chain(node).map((n) => ({ forms: forms(n), node: n, required: leafRequired && n === node }));
  const ordersOf = (title: Slot, a: Slot[], b: Slot[]): Slot[][] =>
    a.length > 0 && b.length > 0 ? [[title, ...a, ...b], [title, ...b, ...a]] : [[title, ...a, ...b]];
  const entry = (cell: CellInfo | undefined, group: ResolvedNode | undefined, orders: Slot[][]): Entry => ({
    cell,
    group,
    orders,
    required: orders[0]!.flatMap((slot) => (slot.required && slot.node ? [slot.node] : [])),
  });

  const cellEntries: Entry[] = [];
  const groupEntries: Entry[] = [];
  for (const table of index.tables) {
    const title: Slot = { forms: titleForms.get(table)!, node: undefined, required: false };
    for (const cell of table.cells) {
      const single = cellsOfRow(index, cell.row).length === 1;
      cellEntries.push(entry(cell, undefined, ordersOf(title, slots(cell.row, true), slots(cell.column, !single))));
    }
    // Label-only nodes, alone or with any label of the other axis (to tell "this holds no value").
    for (const row of table.rows) {
      if (row.valued || row.unlabeled) continue;
      const columns = table.valueColumns.filter((c) => !row.columns || row.columns.includes(c.id));
      for (const column of columns.length > 0 ? columns : [undefined]) {
        groupEntries.push(entry(undefined, row, ordersOf(title, slots(row, true), column ? slots(column, false) : [])));
      }
    }
    for (const column of table.columns) {
      if (column.valued || column.unlabeled) continue;
      const rows = table.rows.filter((r) => r.valued);
      for (const row of rows.length > 0 ? rows : [undefined]) {
        groupEntries.push(entry(undefined, column, ordersOf(title, row ? slots(row, false) : [], slots(column, true))));
      }
    }
  }

  // Entries by the first node they require: a lookup only tries entries whose nodes were named.
  const byNode = (entries: readonly Entry[]) => {
    const map = new Map<ResolvedNode | undefined, Entry[]>();
    for (const e of entries) {
      const key = e.required[0];
      const list = map.get(key);
      if (list) list.push(e);
      else map.set(key, [e]);
    }
    return map;
  };
  const cellsByNode = byNode(cellEntries);
  const groupsByNode = byNode(groupEntries);
  const candidatesOf = (map: Map<ResolvedNode | undefined, Entry[]>, named: ReadonlySet<ResolvedNode>): Entry[] => {
    const out: Entry[] = [...(map.get(undefined) ?? [])];
    for (const node of named) for (const e of map.get(node) ?? []) if (e.required.every((n) => named.has(n))) out.push(e);
    return out;
  };
  const namedNodes = (segments: readonly Segment[]): Set<ResolvedNode> => {
    const named = new Set<ResolvedNode>();
    for (const segment of segments) {
      const lists =
        segment.typo !== undefined
          ? [vocabulary.get(segment.typo)]
          : [strictVocabulary.get(segment.strict), segment.loose ? vocabulary.get(segment.loose) : undefined];
      for (const list of lists) for (const node of list ?? []) named.add(node);
    }
    return named;
  };

  const slashForms = new Set<string>();
  for (const l of vocabulary.keys()) if (l.includes('/')) slashForms.add(l);
  for (const s of strictVocabulary.keys()) if (s.includes('/')) slashForms.add(s);

  const order = new Map<CellInfo, number>();
  index.cells.forEach((cell, i) => order.set(cell, i));

  /** Reads a segment: known as is, corrected as a typo, or unknown (undefined). */
  const read = (given: string): Segment | { unknown: string; candidates: string[] } => {
    const strict = normalizeLabel(given);
    const loose = stripNumbering(strict);
    if (strictVocabulary.has(strict) || vocabulary.has(loose)) return { given, strict, loose, typo: undefined };
    const ranked = nearest(loose);
    const best = ranked[0];
    const second = ranked[1];
    if (
      best &&
      loose.length > 0 &&
      best.distance <= typoThreshold(Array.from(best.form).length) &&
      (!second || second.distance >= best.distance + Math.max(1, Math.ceil(best.distance / 2)))
    ) {
      return { given, strict, loose, typo: best.form };
    }
    return { unknown: given, candidates: candidatePaths(ranked.slice(0, 3).map((r) => r.form)) };
  };

  // The official labels nearest an unknown one, remembered: a label is read once per cell it names.
  const nearestCache = new Map<string, readonly { form: string; distance: number }[]>();
  const nearest = (loose: string): readonly { form: string; distance: number }[] => {
    let ranked = nearestCache.get(loose);
    if (!ranked) {
      ranked = rank(loose);
      if (nearestCache.size >= MAX_NEAREST_CACHED) nearestCache.clear();
      nearestCache.set(loose, ranked);
    }
    return ranked;
  };
  const rank = (loose: string): { form: string; distance: number }[] => {
    const length = Array.from(loose).length;
    if (length === 0 || length > MAX_FUZZY_LENGTH) return [];
    const ranked: { form: string; distance: number; contains: boolean }[] = [];
    for (const form of vocabulary.keys()) {
      const limit = Math.max(typoThreshold(Array.from(form).length) * 2 + 2, 4);
      const distance = editDistance(loose, form, limit);
      if (distance <= limit) ranked.push({ form, distance, contains: form.includes(loose) || loose.includes(form) });
    }
    // Labels that contain the input (or are contained in it) come first among equals.
    ranked.sort((a, b) => a.distance - b.distance || Number(b.contains) - Number(a.contains) || a.form.localeCompare(b.form));
    return ranked;
  };

  const candidatePaths = (looseForms: readonly string[]): string[] => {
    const out: string[] = [];
    for (const form of looseForms) {
      const nodes = vocabulary.get(form) ?? [];
      if (nodes.length === 0) {
        const table = index.tables.find((t) => titleForms.get(t)!.loose.has(form));
        if (table) out.push(table.definition.title);
      }
      for (const node of nodes) out.push(nodeLabelPath(node));
    }
    return [...new Set(out)].slice(0, MAX_CANDIDATES);
  };

  const cost = (segment: Segment, slot: Slot): number => {
    if (segment.typo !== undefined) return slot.forms.loose.has(segment.typo) ? COST_TYPO : NO_MATCH;
    if (slot.forms.strict.has(segment.strict)) return COST_STRICT;
    if (segment.loose && slot.forms.loose.has(segment.loose)) return COST_LOOSE;
    return NO_MATCH;
  };

  /** Cheapest order-preserving assignment of every segment to a slot, required slots all used. */
  const align = (segments: readonly Segment[], order: readonly Slot[]): { cost: number; used: (Slot | undefined)[] } => {
    const k = segments.length;
    const m = order.length;
    if (k > m) return { cost: NO_MATCH, used: [] };
    // f[i][j]: cheapest way to place the first i segments into the first j slots.
    const f: number[][] = Array.from({ length: k + 1 }, () => new Array<number>(m + 1).fill(NO_MATCH));
    f[0]![0] = 0;
    for (let j = 0; j < m; j++) {
      const slot = order[j]!;
      for (let i = 0; i <= k; i++) {
        const here = f[i]![j]!;
        if (here === NO_MATCH) continue;
        if (!slot.required && here < f[i]![j + 1]!) f[i]![j + 1] = here;
        if (i < k) {
          const c = cost(segments[i]!, slot);
          if (c !== NO_MATCH && here + c < f[i + 1]![j + 1]!) f[i + 1]![j + 1] = here + c;
        }
      }
    }
    const total = f[k]![m]!;
    if (total === NO_MATCH) return { cost: NO_MATCH, used: [] };
    // Walk back to name the slot each segment went to (for typo messages).
    const used: (Slot | undefined)[] = new Array(k).fill(undefined);
    let i = k;
    for (let j = m; j > 0 && i >= 0; j--) {
      const slot = order[j - 1]!;
      const here = f[i]![j]!;
      if (i > 0) {
        const c = cost(segments[i - 1]!, slot);
        if (c !== NO_MATCH && f[i - 1]![j - 1]! + c === here) {
          used[i - 1] = slot;
          i -= 1;
          continue;
        }
      }
      // Otherwise the slot was skipped (f[i][j - 1] === here).
    }
    return { cost: total, used };
  };

  const best = (entry: Entry, segments: readonly Segment[]) => {
    let result: { cost: number; used: (Slot | undefined)[] } = { cost: NO_MATCH, used: [] };
    for (const o of entry.orders) {
      const r = align(segments, o);
      if (r.cost < result.cost) result = r;
    }
    return result;
  };

  const typosOf = (segments: readonly Segment[], used: readonly (Slot | undefined)[]): LabelTypo[] =>
    segments.flatMap((segment, i) => {
      if (segment.typo === undefined) return [];
      const node = used[i]?.node;
      return [{ given: segment.given, label: node?.label ?? segment.typo, path: node ? nodeLabelPath(node) : segment.typo }];
    });

  const cellMatch = (labels: readonly string[]): CellMatch => {
    const segments: Segment[] = [];
    const unknown: string[] = [];
    let unknownCandidates: string[] = [];
    for (const label of labels) {
      if (typeof label !== 'string' || normalizeLabel(label) === '') continue;
      const r = read(label);
      if ('unknown' in r) {
        if (unknown.length === 0) unknownCandidates = r.candidates;
        unknown.push(r.unknown);
      } else segments.push(r);
    }
    const typoOnly = segments.flatMap((s) =>
      s.typo === undefined ? [] : [{ given: s.given, label: s.typo, path: candidatePaths([s.typo])[0] ?? s.typo }],
    );
    if (unknown.length > 0) return { kind: 'unknown', unknown, candidates: unknownCandidates, typos: typoOnly };
    if (segments.length === 0) return { kind: 'unknown', unknown: [''], candidates: [], typos: [] };

    const named = namedNodes(segments);
    let bestCost = NO_MATCH;
    let winners: { cell: CellInfo; used: (Slot | undefined)[] }[] = [];
    for (const entry of candidatesOf(cellsByNode, named)) {
      const r = best(entry, segments);
      if (r.cost === NO_MATCH || r.cost > bestCost) continue;
      if (r.cost < bestCost) {
        bestCost = r.cost;
        winners = [];
      }
      winners.push({ cell: entry.cell!, used: r.used });
    }
    if (winners.length === 1) {
      const w = winners[0]!;
      return { kind: 'cell', cell: w.cell, exact: bestCost === 0, typos: typosOf(segments, w.used) };
    }
    if (winners.length > 1) {
      const cells = winners.map((w) => w.cell).sort((a, b) => order.get(a)! - order.get(b)!);
      return {
        kind: 'ambiguous',
        cells,
        candidates: [...new Set(cells.map((c) => cellLabelPath(index, c)))],
        typos: typosOf(segments, winners[0]!.used),
      };
    }
    let groupBest: { node: ResolvedNode; cost: number; used: (Slot | undefined)[] } | undefined;
    for (const entry of candidatesOf(groupsByNode, named)) {
      const r = best(entry, segments);
      if (r.cost !== NO_MATCH && (!groupBest || r.cost < groupBest.cost)) groupBest = { node: entry.group!, cost: r.cost, used: r.used };
    }
    if (groupBest) return { kind: 'group', node: groupBest.node, typos: typosOf(segments, groupBest.used) };

    // Every label is known, but they do not combine into a cell: name the cells that fit most labels.
    let most = 0;
    let near: CellInfo[] = [];
    for (const entry of cellEntries) {
      const slotsOfEntry = entry.orders[0]!;
      const fits = segments.filter((s) => slotsOfEntry.some((slot) => cost(s, slot) !== NO_MATCH)).length;
      if (fits > most) {
        most = fits;
        near = [];
      }
      if (fits === most && fits > 0) near.push(entry.cell!);
    }
    return {
      kind: 'unknown',
      unknown: [],
      candidates: [...new Set(near.slice(0, MAX_CANDIDATES).map((c) => cellLabelPath(index, c)))],
      typos: typoOnly,
    };
  };

  const split = (path: string): string[] => {
    const parts = path.split(/[/／]/);
    const out: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      let taken = 1;
      // Prefer the longest run of parts that is itself a label containing "/".
      for (let j = Math.min(parts.length, i + MAX_SLASH_PARTS); j > i + 1; j--) {
        const joined = parts.slice(i, j).join('/');
        const strict = normalizeLabel(joined);
        if (slashForms.has(strict) || slashForms.has(stripNumbering(strict))) {
          taken = j - i;
          break;
        }
      }
      out.push(parts.slice(i, i + taken).join('/'));
      i += taken - 1;
    }
    return out.filter((p) => normalizeLabel(p) !== '');
  };

  return {
    format,
    index,
    cell: cellMatch,
    split,
    keyOf: (cell) => keyParts(index, cell),
  };
}

/** The loose titles of the attachments that hold the tables of `formats` (the attachment's own and its tables'), for formats that print their tables in one. */
export function attachmentTitles(formats: readonly Format[]): Set<string> {
  const titles = new Set<string>();
  for (const f of formats) {
    if (f.tablePlacement !== 'attachment') continue;
    for (const title of [f.attachmentTitle, ...f.tables.map((t) => t.title)]) if (title) titles.add(looseLabel(title));
  }
  return titles;
}

import { indexFormat, termParts, type CellInfo, type Format, type FormatIndex, type ResolvedNode } from './define.js';
import type { IdentityDefinition, NarrativeCue, RuleKind, Severity } from './types.js';

/**
 * A format compiled for checking and summing: its cells in one array, each with the name issues
 * give it, its tree relations and identities per column or row, and flat arrays for the checks
 * that run on every validation. Computed once per format; validate and rollup read it.
 */

/** A cell an issue is about: ids and the official label paths (joined with "/"). */
export interface IssueCell {
  readonly table: string;
  readonly row: string;
  readonly column: string;
  /** `rowId/columnId`. */
  readonly ref: string;
  readonly rowLabel: string;
  readonly columnLabel: string;
  /** A short name for messages, e.g. `（七）总计（自然人）`. */
  readonly name: string;
}

/** A rule's identity as issues report it. */
export interface RuleRef {
  readonly id: string;
  readonly kind: RuleKind;
  readonly severity: Severity;
}

/** One cell of the plan, with everything an issue needs precomputed. */
export interface PlanCell {
  readonly index: number;
  readonly info: CellInfo;
  readonly issueCell: IssueCell;
  /** For a derived subtotal the official table does not print: the cells it adds up. */
  readonly children: readonly number[] | undefined;
}

/** A tree relation between one cell and its children's cells. */
export interface TreeCheck {
  readonly relation: 'sum' | 'partOf' | 'distinct';
  readonly rule: RuleRef;
  readonly total: number;
  readonly parts: readonly number[];
}

/** One term of an identity instance. */
export interface PlanTerm {
  /** The cell in this year's format, or -1 for a previous-year term whose ref this format lacks. */
  readonly cell: number;
  readonly ref: string;
  readonly coefficient: number;
  readonly previous: boolean;
}

/** An identity applied to one column or row. */
export interface IdentityCheck {
  readonly identity: IdentityDefinition;
  readonly rule: RuleRef;
  readonly left: readonly PlanTerm[];
  readonly right: readonly PlanTerm[];
  readonly crossYear: boolean;
  /** The column (each: 'column') or row (each: 'row') this instance is for. */
  readonly along: string | undefined;
}

/** A narrative cue, compiled. */
export interface CueCheck {
  readonly cue: NarrativeCue;
  readonly pattern: RegExp;
  readonly cells: readonly number[];
}

/** Everything validate and rollup need from a format, computed once per format. */
export interface Plan {
  readonly format: Format;
  readonly index: FormatIndex;
  readonly cells: readonly PlanCell[];
  readonly cellByRef: ReadonlyMap<string, PlanCell>;
  readonly trees: readonly TreeCheck[];
  readonly identities: readonly IdentityCheck[];
  readonly cues: readonly CueCheck[];
  /** The tables in the format's order, each with its rows and their columns, for one pass over a report's own structure. */
  readonly layout: readonly LayoutTable[];
  /** table id → its layout. */
  readonly layoutById: ReadonlyMap<string, LayoutTable>;
  /** Every tree relation and same-year identity as flat arrays: checked without allocation. */
  readonly fast: FastChecks;
  /** Derived subtotals, each after the derived subtotals among its children. */
  readonly derivedOrder: Int32Array;
  /** One expression matching where any narrative cue matches (undefined when the cues cannot be combined). */
  readonly cueFilter: RegExp | undefined;
  /** The section template ids. */
  readonly sectionIds: ReadonlySet<string>;
  /** Per cell: 1 when the official table prints it (it is not a derived subtotal). */
  readonly printed: Uint8Array;
  /** How many cells the official table prints. */
  readonly printedCount: number;
  /** Every cell's children (derived subtotals only): `childList[childStart[i] … childStart[i + 1]]`. */
  readonly childStart: Int32Array;
  readonly childList: Int32Array;
  /** Per cell: 0 count, 1 signed count, 2 money. */
  readonly kinds: Uint8Array;
  /** Section templates' titles and aliases without white space, for matching headings. */
  readonly sectionTitles: ReadonlyMap<string, string>;
}

/** One row of a table's layout: its value columns in the format's order and their cells. */
export interface LayoutRow {
  readonly id: string;
  /** The row's place among its table's layout rows. */
  readonly position: number;
  readonly columns: readonly string[];
  /** Per column (same order): its cell. */
  readonly cells: readonly number[];
  /** column id → its place in `columns`. */
  readonly columnPosition: ReadonlyMap<string, number>;
}

/** One table's layout: its valued rows in the format's order. */
export interface LayoutTable {
  readonly id: string;
  /** The table's place in the format. */
  readonly position: number;
  readonly rows: readonly LayoutRow[];
  readonly rowById: ReadonlyMap<string, LayoutRow>;
}

/**
 * What a fast check asserts of its terms' values v₀ … vₖ: Σ coefficient × v = 0 (`Equal`);
 * Σ coefficient × v ≤ 0 (`AtMost`); v₁ … vₖ ≤ v₀, the 其中 relation (`PartOf`);
 * max(v₁ … vₖ) ≤ v₀ ≤ Σ v₁ … vₖ (`Distinct`); nothing, always taking the exact path (`Exact`).
 */
export const FastKind = { Equal: 0, AtMost: 1, PartOf: 2, Distinct: 3, Exact: 4 } as const;

/** One of {@link FastKind}'s values. */
export type FastKind = (typeof FastKind)[keyof typeof FastKind];

/**
 * The tree relations, then the same-year identities, in the order they are checked, as flat
 * arrays: check k has terms `start[k]` to `start[k + 1]`. A term reads `values[slot[t]]`, where slot
 * i < n is cell i's effective value and n + i the reported value of derived subtotal i.
 */
export interface FastChecks {
  readonly kind: Uint8Array;
  readonly start: Int32Array;
  readonly slot: Int32Array;
  readonly coefficient: Float64Array;
  /** Per check: the tree (≥ 0) or the identity (−1 − its index into `identities`) it stands for. */
  readonly source: Int32Array;
}

const plans = new WeakMap<Format, Plan>();

/** The compiled plan of a format (cached). */
export function planFor(format: Format): Plan {
  let plan = plans.get(format);
  if (!plan) {
    plan = compile(format);
    plans.set(format, plan);
  }
  return plan;
}

const DEFAULT_TREE_RULES: Record<'sum' | 'partOf' | 'distinct', RuleRef> = {
  sum: { id: 'tree.sum', kind: 'customary', severity: 'error' },
  partOf: { id: 'tree.partOf', kind: 'customary', severity: 'error' },
  distinct: { id: 'tree.distinct', kind: 'customary', severity: 'error' },
};

function compile(format: Format): Plan {
  const index = indexFormat(format);
  const duplicateLabels = new Set<string>();
  const seen = new Set<string>();
  for (const table of index.tables) {
    for (const row of table.rows) {
      if (seen.has(row.label)) duplicateLabels.add(row.label);
      seen.add(row.label);
    }
  }
  const rowName = (row: ResolvedNode): string => {
    if (row.unlabeled) return '';
    const label = shortLabel(row.label);
    return duplicateLabels.has(row.label) && row.parent ? `${shortLabel(row.parent.label)}/${label}` : label;
  };
  const columnNames = new Map<ResolvedNode, string>();
  for (const table of index.tables) {
    const paths = table.valueColumns.map((c) => c.labelPath);
    let common = 0;
    while (paths.length > 1 && paths.every((p) => p.length > common + 1 && p[common] === paths[0]![common])) common++;
    for (const column of table.valueColumns) columnNames.set(column, column.labelPath.slice(common).join('/'));
  }

  const cells: PlanCell[] = [];
  const cellByRef = new Map<string, PlanCell>();
  index.cells.forEach((info, i) => {
    const table = index.tableById.get(info.table)!;
    const row = rowName(info.row);
    const column = table.valueColumns.length > 1 ? columnNames.get(info.column) ?? info.column.label : '';
    const name = row && column ? `${row}（${column}）` : row || column;
    const cell: PlanCell = {
      index: i,
      info,
      children: undefined,
      // Shared by every issue about the cell, in every validation: frozen, so that no caller can change another's.
      issueCell: Object.freeze({
        table: info.table,
        row: info.row.id,
        column: info.column.id,
        ref: info.ref,
        rowLabel: info.row.labelPath.join('/'),
        columnLabel: info.column.labelPath.join('/'),
        name,
      }),
    };
    cells.push(cell);
    cellByRef.set(info.ref, cell);
  });
  const at = (row: string, column: string) => cellByRef.get(`${row}/${column}`)?.index;

  // Derived subtotals: a cell of a sum node the official table does not print adds up its children.
  for (const cell of cells) {
    const { row, column } = cell.info;
    let children: number[] | undefined;
    if (row.relation === 'sum' && !row.printed) children = row.children.map((c) => at(c.id, column.id)).filter((i) => i !== undefined);
    else if (column.relation === 'sum' && !column.printed) children = column.children.map((c) => at(row.id, c.id)).filter((i) => i !== undefined);
    if (children) (cell as { children: readonly number[] | undefined }).children = children;
  }

  const trees: TreeCheck[] = [];
  for (const table of index.tables) {
    for (const node of [...table.rows, ...table.columns]) {
      if (node.relation !== 'sum' && node.relation !== 'partOf' && node.relation !== 'distinct') continue;
      const rule = node.rule ?? DEFAULT_TREE_RULES[node.relation];
      for (const cell of table.cells) {
        if ((node.axis === 'row' ? cell.row : cell.column) !== node) continue;
        const parts = node.children
          .map((child) => (node.axis === 'row' ? at(child.id, cell.column.id) : at(cell.row.id, child.id)))
          .filter((i) => i !== undefined);
        trees.push({ relation: node.relation, rule, total: cellByRef.get(cell.ref)!.index, parts });
      }
    }
  }

  const identities: IdentityCheck[] = [];
  for (const identity of format.identities) {
    const table = index.tableById.get(identity.table)!;
    const rule: RuleRef = { id: identity.rule, kind: identity.kind, severity: identity.severity };
    const crossYear = [...identity.left, ...identity.right].some((t) => termParts(t).previous);
    const instances: Array<string | undefined> =
      identity.each === 'column'
        ? table.valueColumns.map((c) => c.id)
        : identity.each === 'row'
          ? table.rows.filter((r) => r.valued).map((r) => r.id)
          : [undefined];
    for (const along of instances) {
      if (along !== undefined && identity.only && !identity.only.includes(along)) continue;
      const terms = (side: IdentityDefinition['left']): PlanTerm[] | undefined => {
        const out: PlanTerm[] = [];
        for (const term of side) {
          const { ref, coefficient, previous } = termParts(term);
          const full = identity.each === 'column' ? `${ref}/${along}` : identity.each === 'row' ? `${along}/${ref}` : ref;
          const cell = cellByRef.get(full);
          if (!cell && !previous) return undefined; // the identity does not apply here
          out.push({ cell: cell ? cell.index : -1, ref: full, coefficient, previous });
        }
        return out;
      };
      const left = terms(identity.left);
      const right = terms(identity.right);
      if (left && right) identities.push({ identity, rule, left, right, crossYear, along });
    }
  }

  const cues: CueCheck[] = (format.cues ?? []).map((cue) => ({
    cue,
    pattern: new RegExp(cue.pattern, 'g'),
    cells: cue.cells.map((ref) => cellByRef.get(ref)!.index),
  }));

  const layout: LayoutTable[] = [];
  const layoutById = new Map<string, LayoutTable>();
  const printed = new Uint8Array(cells.length);
  const kinds = new Uint8Array(cells.length);
  const childStart = new Int32Array(cells.length + 1);
  const childList: number[] = [];
  for (const cell of cells) {
    let table = layoutById.get(cell.info.table);
    if (!table) {
      table = { id: cell.info.table, position: layout.length, rows: [], rowById: new Map<string, LayoutRow>() };
      layoutById.set(table.id, table);
      layout.push(table);
    }
    let row = table.rowById.get(cell.info.row.id);
    if (!row) {
      row = { id: cell.info.row.id, position: table.rows.length, columns: [], cells: [], columnPosition: new Map<string, number>() };
      (table.rows as LayoutRow[]).push(row);
      (table.rowById as Map<string, LayoutRow>).set(row.id, row);
    }
    (row.columnPosition as Map<string, number>).set(cell.info.column.id, row.columns.length);
    (row.columns as string[]).push(cell.info.column.id);
    (row.cells as number[]).push(cell.index);
    if (cell.info.printed) printed[cell.index] = 1;
    childList.push(...(cell.children ?? []));
    childStart[cell.index + 1] = childList.length;
    kinds[cell.index] = cell.info.kind === 'count' ? 0 : cell.info.kind === 'signedCount' ? 1 : 2;
  }
  const sectionTitles = new Map<string, string>();
  for (const template of format.sections) {
    for (const title of [template.title, ...(template.aliases ?? [])]) {
      const key = title.replace(/[\s\u3000]/g, '');
      if (!sectionTitles.has(key)) sectionTitles.set(key, template.id);
    }
  }
  return {
    format,
    index,
    cells,
    cellByRef,
    trees,
    identities,
    cues,
    layout,
    layoutById,
    fast: compileFast(cells, trees, identities),
    derivedOrder: derivedOrder(cells),
    cueFilter: cueFilter(format.cues ?? []),
    sectionIds: new Set(format.sections.map((t) => t.id)),
    printed,
    printedCount: printed.reduce((sum, p) => sum + p, 0),
    childStart,
    childList: Int32Array.from(childList),
    kinds,
    sectionTitles,
  };
}

/** The flat form of the tree relations and the same-year identities, in checking order. */
function compileFast(cells: readonly PlanCell[], trees: readonly TreeCheck[], identities: readonly IdentityCheck[]): FastChecks {
  const n = cells.length;
  const derivedCells = new Set(cells.filter((c) => c.children).map((c) => c.index));
  const kind: number[] = [];
  const start: number[] = [0];
  const slot: number[] = [];
  const coefficient: number[] = [];
  const source: number[] = [];
  const add = (k: FastKind, terms: ReadonlyArray<readonly [number, number]>, from: number) => {
    kind.push(k);
    for (const [s, c] of terms) {
      slot.push(s);
      coefficient.push(c);
    }
    start.push(slot.length);
    source.push(from);
  };
  trees.forEach((tree, t) => {
    if (tree.parts.length === 0) return;
    // A derived total is checked as the report states it (slot n + i); its parts by their effective values.
    const total: readonly [number, number] = [derivedCells.has(tree.total) ? n + tree.total : tree.total, 1];
    const parts = tree.parts.map((p) => [p, tree.relation === 'sum' ? -1 : 1] as const);
    add(tree.relation === 'sum' ? FastKind.Equal : tree.relation === 'partOf' ? FastKind.PartOf : FastKind.Distinct, [total, ...parts], t);
  });
  identities.forEach((check, c) => {
    if (check.crossYear) return;
    const { relation } = check.identity;
    if (relation === 'distinct') {
      const simple = check.left.length === 1 && [...check.left, ...check.right].every((t) => t.coefficient === 1);
      if (simple) add(FastKind.Distinct, [[check.left[0]!.cell, 1], ...check.right.map((t) => [t.cell, 1] as const)], -1 - c);
      else add(FastKind.Exact, [], -1 - c);
      return;
    }
    const terms = [...check.left.map((t) => [t.cell, t.coefficient] as const), ...check.right.map((t) => [t.cell, -t.coefficient] as const)];
    // Native arithmetic is exact only for whole coefficients; others take the exact path.
    if (terms.every(([, k]) => Number.isSafeInteger(k))) add(relation === 'le' ? FastKind.AtMost : FastKind.Equal, terms, -1 - c);
    else add(FastKind.Exact, [], -1 - c);
  });
  return {
    kind: Uint8Array.from(kind),
    start: Int32Array.from(start),
    slot: Int32Array.from(slot),
    coefficient: Float64Array.from(coefficient),
    source: Int32Array.from(source),
  };
}

/** The derived subtotals, each after those among its children (a post-order walk). */
function derivedOrder(cells: readonly PlanCell[]): Int32Array {
  const out: number[] = [];
  const state = new Uint8Array(cells.length); // 1 visiting, 2 done
  for (const cell of cells) {
    if (!cell.children) continue;
    const stack: Array<[number, number]> = [[cell.index, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [i, next] = top;
      const children = cells[i]!.children;
      if (next === 0 && state[i] !== 0) {
        stack.pop();
        continue;
      }
      state[i] = 1;
      if (children && next < children.length) {
        top[1] = next + 1;
        const c = children[next]!;
        if (cells[c]!.children && state[c] === 0) stack.push([c, 0]);
        continue;
      }
      state[i] = 2;
      out.push(i);
      stack.pop();
    }
  }
  return Int32Array.from(out);
}

/**
 * One expression that matches exactly where at least one cue matches: the cues as alternatives.
 * Undefined when that would change a cue's meaning (a back reference or a named group) or is not
 * a valid expression.
 */
function cueFilter(cues: readonly NarrativeCue[]): RegExp | undefined {
  if (cues.length < 2) return undefined;
  if (cues.some((c) => /\\[1-9]|\\k<|\(\?<(?![=!])/.test(c.pattern))) return undefined;
  try {
    return new RegExp(cues.map((c) => `(?:${c.pattern})`).join('|'));
  } catch {
    return undefined;
  }
}

/** A label without its trailing parenthesised note: 1.专职人员数（不包括…） → 1.专职人员数. */
export function shortLabel(label: string): string {
  const short = label.replace(/（[^（）]*）$/, '');
  return /[^\s（）()、.．0-9一二三四五六七八九十]/.test(short) ? short : label;
}

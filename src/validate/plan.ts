import { indexFormat, termParts, type CellInfo, type Format, type FormatIndex, type ResolvedNode } from '../formats/define.js';
import type { IdentityDefinition, LocalizedText, NarrativeCue, RuleKind, Severity } from '../formats/types.js';
import type { IssueCell } from './issues.js';

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

/** Everything `validate` needs from a format, computed once per format. */
export interface Plan {
  readonly format: Format;
  readonly index: FormatIndex;
  readonly cells: readonly PlanCell[];
  readonly cellByRef: ReadonlyMap<string, PlanCell>;
  readonly trees: readonly TreeCheck[];
  readonly identities: readonly IdentityCheck[];
  readonly cues: readonly CueCheck[];
  /** table id → row id → column id → cell, for one pass over a report's own structure. */
  readonly nested: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, PlanCell>>>;
  /** Per cell: 1 when it is a money cell (arithmetic over it needs Decimal). */
  readonly money: Uint8Array;
  /** Per cell: 1 when it is a derived subtotal (it has `children`). */
  readonly derived: Uint8Array;
  /** Per cell: 0 count, 1 signed count, 2 money. */
  readonly kinds: Uint8Array;
  /** Section templates' titles and aliases without white space, for matching headings. */
  readonly sectionTitles: ReadonlyMap<string, string>;
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

  const nested = new Map<string, Map<string, Map<string, PlanCell>>>();
  const money = new Uint8Array(cells.length);
  const derived = new Uint8Array(cells.length);
  const kinds = new Uint8Array(cells.length);
  for (const cell of cells) {
    const rows = nested.get(cell.info.table) ?? new Map<string, Map<string, PlanCell>>();
    nested.set(cell.info.table, rows);
    const columns = rows.get(cell.info.row.id) ?? new Map<string, PlanCell>();
    rows.set(cell.info.row.id, columns);
    columns.set(cell.info.column.id, cell);
    if (cell.info.kind === 'money') money[cell.index] = 1;
    if (cell.children) derived[cell.index] = 1;
    kinds[cell.index] = cell.info.kind === 'count' ? 0 : cell.info.kind === 'signedCount' ? 1 : 2;
  }
  const sectionTitles = new Map<string, string>();
  for (const template of format.sections) {
    for (const title of [template.title, ...(template.aliases ?? [])]) {
      const key = title.replace(/[\s\u3000]/g, '');
      if (!sectionTitles.has(key)) sectionTitles.set(key, template.id);
    }
  }
  return { format, index, cells, cellByRef, trees, identities, cues, nested, money, derived, kinds, sectionTitles };
}

/** A label without its trailing parenthesised note: 1.专职人员数（不包括…） → 1.专职人员数. */
export function shortLabel(label: string): string {
  const short = label.replace(/（[^（）]*）$/, '');
  return /[^\s（）()、.．0-9一二三四五六七八九十]/.test(short) ? short : label;
}

/** The localized name of a sum of cells, for messages. */
export function sumName(cells: readonly IssueCell[]): LocalizedText {
  if (cells.length === 1) return { 'zh-CN': cells[0]!.name, en: cells[0]!.name };
  if (cells.length <= 3) {
    const names = cells.map((c) => c.name);
    return { 'zh-CN': `${names.join('、')}之和`, en: `the sum of ${names.join(', ')}` };
  }
  const first = cells[0]!.name;
  const last = cells[cells.length - 1]!.name;
  return { 'zh-CN': `${first}至${last}之和`, en: `the sum of ${first} … ${last}` };
}

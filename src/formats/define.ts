import { isId } from '../model/report.js';
import { isUnit, unitFitsKind, VALUE_KINDS, type Unit, type ValueKind } from '../model/units.js';
import type {
  FormatDefinition,
  IdentityDefinition,
  NodeDefinition,
  Relation,
  RuleTag,
  TableDefinition,
  Term,
} from './types.js';

/** A format edition that {@link defineFormat} has checked; immutable. */
export type Format = FormatDefinition;

/** One problem found in a format definition. */
export interface FormatProblem {
  /** Where: e.g. `tables[1].rows › applications.results.withheld`. */
  readonly path: string;
  readonly message: string;
}

/** Thrown by {@link defineFormat} for a definition that does not make sense; lists every problem. */
export class FormatDefinitionError extends Error {
  /** Every problem found, in definition order. */
  readonly problems: readonly FormatProblem[];
  constructor(formatId: string, problems: readonly FormatProblem[]) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super(`format ${JSON.stringify(formatId)}: ${first?.path}: ${first?.message}${more}`);
    this.name = 'FormatDefinitionError';
    this.problems = problems;
  }
}

/** A row or column of a checked format, with its resolved place in the tree. */
export interface ResolvedNode {
  readonly id: string;
  readonly label: string;
  readonly aliases: readonly string[];
  readonly axis: 'row' | 'column';
  readonly table: string;
  readonly parent: ResolvedNode | undefined;
  readonly children: readonly ResolvedNode[];
  readonly depth: number;
  /** Labels from the top of the tree down to this node (unlabeled nodes left out). */
  readonly labelPath: readonly string[];
  readonly relation: Relation | undefined;
  readonly rule: RuleTag | undefined;
  /** The unit this node's cells take unless the other axis says otherwise. */
  readonly unit: Unit | undefined;
  readonly kind: ValueKind | undefined;
  /** False for `group` nodes, which never hold a value. */
  readonly valued: boolean;
  /** False when the official table prints no value for the node (a derived subtotal). */
  readonly printed: boolean;
  readonly unlabeled: boolean;
  /** Rows: the column ids holding values for this row (inherited); undefined means all. */
  readonly columns: readonly string[] | undefined;
  readonly definition: NodeDefinition;
}

/** One cell of a checked format. */
export interface CellInfo {
  readonly table: string;
  readonly row: ResolvedNode;
  readonly column: ResolvedNode;
  /** `rowId/columnId`, the reference used everywhere in xxgk. */
  readonly ref: string;
  readonly unit: Unit;
  readonly kind: ValueKind;
  /** False for derived subtotals that the official table does not print. */
  readonly printed: boolean;
}

/** The indexes of one table. */
export interface TableIndex {
  readonly definition: TableDefinition;
  readonly id: string;
  /** Rows in print order (pre-order). */
  readonly rows: readonly ResolvedNode[];
  /** Columns in print order (pre-order). */
  readonly columns: readonly ResolvedNode[];
  /** Columns that hold values, in print order. */
  readonly valueColumns: readonly ResolvedNode[];
  readonly rowById: ReadonlyMap<string, ResolvedNode>;
  readonly columnById: ReadonlyMap<string, ResolvedNode>;
  /** Cells in print order (row by row). */
  readonly cells: readonly CellInfo[];
}

/** The indexes of a checked format: lookups that every layer reads. */
export interface FormatIndex {
  readonly format: Format;
  readonly tables: readonly TableIndex[];
  readonly tableById: ReadonlyMap<string, TableIndex>;
  /** Row ids are unique across a format's tables. */
  readonly rowById: ReadonlyMap<string, ResolvedNode>;
  readonly cells: readonly CellInfo[];
  readonly cellByRef: ReadonlyMap<string, CellInfo>;
  readonly identityById: ReadonlyMap<string, IdentityDefinition>;
}

const RELATIONS: readonly Relation[] = ['sum', 'partOf', 'distinct', 'group'];
const RULE_KINDS = ['official', 'customary', 'heuristic'];
const SEVERITIES = ['error', 'warning', 'info'];
const FORMAT_ID = /^[a-z0-9][a-z0-9-]*$/;

const indexes = new WeakMap<object, FormatIndex>();

/**
 * Checks a format definition (unique ids, known units and kinds, relations that make sense,
 * identities over cells that exist) and returns it deep-frozen. A bad definition throws a
 * {@link FormatDefinitionError} naming every offending node.
 *
 * @example
 * ```ts
 * import { defineFormat, formats } from 'xxgk';
 * const base = formats['gov-2021'];
 * // A local variant: the official format with one more customary rule switched off, under its own id.
 * const local = defineFormat({ ...base, id: 'zj-2021', title: `${base.title}（浙江）` });
 * console.log(local.id, local.tables.length); // zj-2021 3
 * ```
 */
export function defineFormat(definition: FormatDefinition): Format {
  if (definition === null || typeof definition !== 'object') {
    throw new TypeError('defineFormat expects a format definition object');
  }
  const copy = deepFreeze(structuredClone(definition)) as Format;
  indexes.set(copy, buildIndex(copy));
  return copy;
}

/** The indexes of a format, built (and the format checked) on first use. */
export function indexFormat(format: Format): FormatIndex {
  const cached = indexes.get(format);
  if (cached) return cached;
  const index = buildIndex(format);
  indexes.set(format, index);
  return index;
}

/** Splits `rowId/columnId` (or a bare row id) into its parts. */
export function splitRef(ref: string): { row: string; column: string | undefined } {
  const slash = ref.indexOf('/');
  return slash < 0
    ? { row: ref, column: undefined }
    : { row: ref.slice(0, slash), column: ref.slice(slash + 1) };
}

/**
 * Resolves a cell reference (`rowId/columnId`, or a bare row id in a one-column table) to the
 * cell it names, or `undefined`.
 */
export function resolveCell(index: FormatIndex, ref: string): CellInfo | undefined {
  const direct = index.cellByRef.get(ref);
  if (direct) return direct;
  const { row, column } = splitRef(ref);
  if (column !== undefined) return undefined;
  const node = index.rowById.get(row);
  if (!node) return undefined;
  const table = index.tableById.get(node.table);
  if (!table || table.valueColumns.length !== 1) return undefined;
  return index.cellByRef.get(`${row}/${table.valueColumns[0]!.id}`);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function buildIndex(format: Format): FormatIndex {
  const problems: FormatProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const formatId = typeof format.id === 'string' ? format.id : '?';

  if (typeof format.id !== 'string' || !FORMAT_ID.test(format.id)) {
    problem('id', `format id must be lowercase ASCII letters, digits and "-", got ${JSON.stringify(format.id)}`);
  }
  if (typeof format.edition !== 'string' || format.edition.length === 0) problem('edition', 'edition is required');
  if (typeof format.title !== 'string' || format.title.length === 0) problem('title', 'title is required');
  if (format.tablePlacement !== 'sections' && format.tablePlacement !== 'attachment') {
    problem('tablePlacement', 'must be "sections" or "attachment"');
  }
  if (!Array.isArray(format.tables) || format.tables.length === 0) problem('tables', 'a format needs at least one table');
  if (!Array.isArray(format.sections)) problem('sections', 'sections must be an array');
  if (!Array.isArray(format.identities)) problem('identities', 'identities must be an array (possibly empty)');
  if (problems.length > 0) throw new FormatDefinitionError(formatId, problems);

  const tables: TableIndex[] = [];
  const tableById = new Map<string, TableIndex>();
  const rowById = new Map<string, ResolvedNode>();
  const cells: CellInfo[] = [];
  const cellByRef = new Map<string, CellInfo>();

  format.tables.forEach((table, t) => {
    const where = `tables[${t}] ${JSON.stringify(table?.id)}`;
    if (!isId(table?.id)) return problem(where, 'table id must be dotted ASCII camelCase');
    if (tableById.has(table.id)) return problem(where, `duplicate table id ${table.id}`);
    if (typeof table.title !== 'string' || !table.title) problem(where, 'table title is required');
    if (table.unit !== undefined && !isUnit(table.unit)) problem(where, `unknown unit ${JSON.stringify(table.unit)}`);
    if (table.kind !== undefined && !VALUE_KINDS.includes(table.kind)) problem(where, `unknown value kind ${JSON.stringify(table.kind)}`);

    const columnById = new Map<string, ResolvedNode>();
    const columns = resolveTree(table, 'column', table.columns, columnById, problem, where);
    const localRows = new Map<string, ResolvedNode>();
    const rows = resolveTree(table, 'row', table.rows, localRows, problem, where);
    for (const [id, node] of localRows) {
      if (rowById.has(id)) problem(`${where} rows › ${id}`, `row id ${id} is used by another table; row ids are unique across a format`);
      else rowById.set(id, node);
    }
    const valueColumns = columns.filter((c) => c.valued);

    const tableCells: CellInfo[] = [];
    for (const row of rows) {
      if (row.columns) {
        for (const col of row.columns) {
          const column = columnById.get(col);
          if (!column) problem(`${where} rows › ${row.id}`, `columns names unknown column ${JSON.stringify(col)}`);
          else if (!column.valued) problem(`${where} rows › ${row.id}`, `column ${col} is a group and holds no values`);
        }
      }
      if (!row.valued) continue;
      for (const column of valueColumns) {
        if (row.columns && !row.columns.includes(column.id)) continue;
        const unit = column.unit ?? row.unit ?? table.unit;
        const kind = column.kind ?? row.kind ?? table.kind ?? (unit ? defaultKind(unit) : undefined);
        const ref = `${row.id}/${column.id}`;
        if (!unit || !kind) {
          problem(`${where} cell ${ref}`, 'no unit: give the row, the column or the table a unit');
          continue;
        }
        if (!isUnit(unit) || !VALUE_KINDS.includes(kind)) continue; // reported on the node already
        if (!unitFitsKind(unit, kind)) problem(`${where} cell ${ref}`, `unit ${unit} does not fit value kind ${kind}`);
        const cell: CellInfo = {
          table: table.id,
          row,
          column,
          ref,
          unit,
          kind,
          printed: row.printed && column.printed,
        };
        tableCells.push(cell);
        cellByRef.set(ref, cell);
      }
    }
    for (const row of rows) {
      if (row.valued && !tableCells.some((c) => c.row === row)) problem(`${where} rows › ${row.id}`, 'row holds no cell: no column applies to it');
    }
    checkRelationUnits(rows, tableCells, where, problem);
    checkRelationUnits(columns, tableCells, where, problem);
    cells.push(...tableCells);
    const index: TableIndex = {
      definition: table,
      id: table.id,
      rows,
      columns,
      valueColumns,
      rowById: localRows,
      columnById,
      cells: tableCells,
    };
    tables.push(index);
    tableById.set(table.id, index);
  });

  const identityById = new Map<string, IdentityDefinition>();
  format.identities.forEach((identity, i) => {
    const where = `identities[${i}] ${JSON.stringify(identity?.id)}`;
    if (typeof identity?.id !== 'string' || !identity.id) return problem(where, 'identity id is required');
    if (identityById.has(identity.id)) problem(where, `duplicate identity id ${identity.id}`);
    identityById.set(identity.id, identity);
    if (typeof identity.rule !== 'string' || !identity.rule) problem(where, 'rule is required');
    if (!RULE_KINDS.includes(identity.kind)) problem(where, `kind must be one of ${RULE_KINDS.join(', ')}`);
    if (!SEVERITIES.includes(identity.severity)) problem(where, `severity must be one of ${SEVERITIES.join(', ')}`);
    if (!['eq', 'le', 'distinct'].includes(identity.relation)) problem(where, 'relation must be eq, le or distinct');
    if (!identity.description?.['zh-CN'] || !identity.description?.en) problem(where, 'description needs zh-CN and en');
    const table = tableById.get(identity.table);
    if (!table) return problem(where, `unknown table ${JSON.stringify(identity.table)}`);
    if (!Array.isArray(identity.left) || !Array.isArray(identity.right) || identity.left.length === 0 || identity.right.length === 0) {
      return problem(where, 'left and right need at least one term each');
    }
    if (identity.only !== undefined) {
      if (!identity.each) problem(where, '"only" needs "each"');
      for (const id of identity.only) {
        const known = identity.each === 'column' ? table.columnById.get(id) : table.rowById.get(id);
        if (!known) problem(where, `"only" names unknown ${identity.each === 'column' ? 'column' : 'row'} ${JSON.stringify(id)}`);
      }
    }
    if (identity.relation === 'distinct' && identity.left.length !== 1) problem(where, 'a distinct identity has exactly one left term (the total)');
    for (const term of [...identity.left, ...identity.right]) {
      const { ref, coefficient } = termParts(term);
      if (!Number.isFinite(coefficient) || coefficient === 0) problem(where, `term ${ref}: coefficient must be a non-zero number`);
      const message = checkTermRef(table, identity.each, ref, cellByRef);
      if (message) problem(where, message);
    }
  });

  const cueIds = new Set<string>();
  (format.cues ?? []).forEach((cue, c) => {
    const where = `cues[${c}] ${JSON.stringify(cue?.id)}`;
    if (typeof cue?.id !== 'string' || !cue.id) return problem(where, 'cue id is required');
    if (cueIds.has(cue.id)) problem(where, `duplicate cue id ${cue.id}`);
    cueIds.add(cue.id);
    if (!Array.isArray(cue.cells) || cue.cells.length === 0) problem(where, 'a cue names at least one cell');
    for (const ref of cue.cells ?? []) if (!cellByRef.has(ref)) problem(where, `cell ${ref} does not exist`);
    if (typeof cue.pattern !== 'string' || cue.pattern.length > 300) return problem(where, 'pattern must be a regular expression source of at most 300 characters');
    try {
      const groups = new RegExp(`${cue.pattern}|`).exec('')!.length - 1;
      if (groups !== 1) problem(where, `pattern must have exactly one capture group, has ${groups}`);
    } catch (error) {
      problem(where, `pattern is not a regular expression: ${(error as Error).message}`);
    }
    if (!cue.description?.['zh-CN'] || !cue.description?.en) problem(where, 'description needs zh-CN and en');
  });

  const sectionIds = new Set<string>();
  const placed = new Set<string>();
  format.sections.forEach((section, s) => {
    const where = `sections[${s}] ${JSON.stringify(section?.id)}`;
    if (!isId(section?.id)) return problem(where, 'section id must be dotted ASCII camelCase');
    if (sectionIds.has(section.id)) problem(where, `duplicate section id ${section.id}`);
    sectionIds.add(section.id);
    if (typeof section.title !== 'string' || !section.title) problem(where, 'section title is required');
    for (const tableId of section.tables ?? []) {
      if (!tableById.has(tableId)) problem(where, `unknown table ${JSON.stringify(tableId)}`);
      if (placed.has(tableId)) problem(where, `table ${tableId} is placed in two sections`);
      placed.add(tableId);
    }
  });
  if (format.tablePlacement === 'sections') {
    for (const table of tables) {
      if (!placed.has(table.id)) problem(`tables ${table.id}`, 'with tablePlacement "sections" every table must be placed in a section');
    }
  }

  if (problems.length > 0) throw new FormatDefinitionError(formatId, problems);
  return {
    format,
    tables,
    tableById,
    rowById,
    cells,
    cellByRef,
    identityById,
  };
}

/** The reference and coefficient of an identity term. */
export function termParts(term: Term): { ref: string; coefficient: number; previous: boolean } {
  return typeof term === 'string'
    ? { ref: term, coefficient: 1, previous: false }
    : { ref: term.ref, coefficient: term.coefficient ?? 1, previous: term.previous === true };
}

function checkTermRef(
  table: TableIndex,
  each: IdentityDefinition['each'],
  ref: string,
  cellByRef: ReadonlyMap<string, CellInfo>,
): string | undefined {
  if (typeof ref !== 'string') return 'a term needs a reference';
  if (each === 'column') {
    const row = table.rowById.get(ref);
    return row && row.valued ? undefined : `term ${ref} is not a valued row of table ${table.id}`;
  }
  if (each === 'row') {
    const column = table.columnById.get(ref);
    return column && column.valued ? undefined : `term ${ref} is not a valued column of table ${table.id}`;
  }
  const cell = cellByRef.get(ref);
  if (!cell) return `term ${ref} is not a cell (rowId/columnId)`;
  return cell.table === table.id ? undefined : `term ${ref} is in table ${cell.table}, not ${table.id}`;
}

function defaultKind(unit: Unit): ValueKind {
  return unit === '万元' || unit === '元' ? 'money' : 'count';
}

function resolveTree(
  table: TableDefinition,
  axis: 'row' | 'column',
  nodes: readonly NodeDefinition[] | undefined,
  byId: Map<string, ResolvedNode>,
  problem: (path: string, message: string) => void,
  where: string,
): ResolvedNode[] {
  const out: ResolvedNode[] = [];
  const label = axis === 'row' ? 'rows' : 'columns';
  if (!Array.isArray(nodes) || nodes.length === 0) {
    problem(where, `a table needs at least one ${axis}`);
    return out;
  }
  const visit = (node: NodeDefinition, parent: ResolvedNode | undefined, depth: number): ResolvedNode | undefined => {
    const path = `${where} ${label} › ${typeof node?.id === 'string' ? node.id : '?'}`;
    if (!isId(node?.id)) {
      problem(path, `node id ${JSON.stringify(node?.id)} must be dotted ASCII camelCase (and not a reserved name)`);
      return undefined;
    }
    if (byId.has(node.id)) problem(path, `duplicate ${axis} id ${node.id}`);
    if (typeof node.label !== 'string' || node.label.trim() === '') problem(path, 'label is required');
    if (node.aliases !== undefined && (!Array.isArray(node.aliases) || node.aliases.some((a) => typeof a !== 'string' || !a))) {
      problem(path, 'aliases must be non-empty strings');
    }
    if (node.unit !== undefined && !isUnit(node.unit)) problem(path, `unknown unit ${JSON.stringify(node.unit)}`);
    if (node.kind !== undefined && !VALUE_KINDS.includes(node.kind)) problem(path, `unknown value kind ${JSON.stringify(node.kind)}`);
    if (node.unit && node.kind && isUnit(node.unit) && !unitFitsKind(node.unit, node.kind)) {
      problem(path, `unit ${node.unit} does not fit value kind ${node.kind}`);
    }
    const children = node.children ?? [];
    if (node.relation !== undefined && !RELATIONS.includes(node.relation)) problem(path, `unknown relation ${JSON.stringify(node.relation)}`);
    if (children.length > 0 && node.relation === undefined) problem(path, 'a node with children needs a relation (sum, partOf, distinct or group)');
    if (children.length === 0 && node.relation !== undefined) problem(path, `relation ${node.relation} needs children`);
    if (node.rule !== undefined) {
      if (!node.rule.id || !RULE_KINDS.includes(node.rule.kind) || !SEVERITIES.includes(node.rule.severity)) {
        problem(path, 'rule needs an id, a kind (official|customary|heuristic) and a severity (error|warning|info)');
      }
    }
    if (axis === 'column' && (node.columns !== undefined || node.stubHeader !== undefined)) {
      problem(path, '"columns" and "stubHeader" belong to rows');
    }
    const columns = node.columns ?? parent?.columns;
    const unlabeled = node.unlabeled === true;
    const kids: ResolvedNode[] = [];
    const resolved: ResolvedNode = {
      id: node.id,
      label: node.label,
      aliases: node.aliases ?? [],
      axis,
      table: table.id,
      parent,
      children: kids,
      depth,
      labelPath: unlabeled ? (parent?.labelPath ?? []) : [...(parent?.labelPath ?? []), node.label],
      relation: node.relation,
      rule: node.rule,
      unit: node.unit ?? parent?.unit,
      kind: node.kind ?? parent?.kind,
      valued: node.relation !== 'group',
      printed: node.relation !== 'group' && node.printed !== false,
      unlabeled,
      columns,
      definition: node,
    };
    byId.set(node.id, resolved);
    out.push(resolved);
    for (const child of children) {
      const r = visit(child, resolved, depth + 1);
      if (r) kids.push(r);
    }
    return resolved;
  };
  for (const node of nodes) visit(node, undefined, 0);
  return out;
}

function checkRelationUnits(
  nodes: readonly ResolvedNode[],
  cells: readonly CellInfo[],
  where: string,
  problem: (path: string, message: string) => void,
): void {
  for (const node of nodes) {
    if (!node.relation || node.relation === 'group') continue;
    const axis = node.axis === 'row' ? 'rows' : 'columns';
    const own = cells.filter((c) => (node.axis === 'row' ? c.row : c.column) === node);
    for (const child of node.children) {
      if (!child.valued) {
        problem(`${where} ${axis} › ${child.id}`, `a child of a ${node.relation} node must hold values, not be a group`);
        continue;
      }
      for (const cell of own) {
        const other = cells.find((c) =>
          node.axis === 'row' ? c.row === child && c.column === cell.column : c.column === child && c.row === cell.row,
        );
        if (!other) {
          problem(`${where} ${axis} › ${child.id}`, `has no cell where its parent ${node.id} has ${cell.ref}`);
          break;
        }
        if (other.unit !== cell.unit) {
          problem(`${where} ${axis} › ${child.id}`, `unit ${other.unit} differs from its parent ${node.id}'s ${cell.unit}; a ${node.relation} relation needs one unit`);
          break;
        }
      }
    }
  }
}

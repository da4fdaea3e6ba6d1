import { HEADER_SEPARATOR, NO_UNIT, UNIT_HEADER } from '../formats/conventions.js';
import { resolveCell, type FormatIndex, type ResolvedNode, type TableIndex } from '../formats/define.js';
import type { Report } from '../model/report.js';
import type { Unit } from '../model/units.js';
import { Decimal, type CellValue } from '../model/values.js';

/** A value column as printed in one (sub)table. */
export interface ColumnLayout {
  readonly node: ResolvedNode;
  /** Labels from the top of the column tree down to this column (the unit appended where the label does not say it). */
  readonly path: readonly string[];
  /** Node ids along `path`, to tell equal labels under different parents apart. */
  readonly keys: readonly string[];
  /** The one-line header: `path` without the root shared by every column, joined with `·`. */
  readonly header: string;
  /** True for a subtotal column printed before its own children (a reported `printed: false` node). */
  readonly subtotal: boolean;
}

/** One cell of a row as printed. */
export interface CellLayout {
  /** `value`: a reported value; `absent`: a cell without a value; `empty`: no cell here (a label row). */
  readonly state: 'value' | 'absent' | 'empty';
  /** The value as printed (`''` when empty, the absent marker when absent). */
  readonly text: string;
  /** True when the report lists the cell in `derived` and marks are wanted. */
  readonly derived: boolean;
}

/** One row of a (sub)table as printed. */
export interface RowLayout {
  readonly node: ResolvedNode;
  /** Indentation level within the (sub)table. */
  readonly depth: number;
  /** The label as printed (`''` for an unlabeled row). */
  readonly label: string;
  /** The unit column's text: the row's unit, or `——` for a label row; undefined without a unit column. */
  readonly unit: string | undefined;
  /** True when the row prints values (not a group, not an unreported derived subtotal). */
  readonly valued: boolean;
  /** One per column of the (sub)table. */
  readonly cells: readonly CellLayout[];
}

/** A table, or one block of a block table, as printed. */
export interface TablePartLayout {
  /** The block's label, printed above the block's own header. */
  readonly caption: string | undefined;
  /** Header of the label column; undefined when the table prints no label column (one unlabeled row). */
  readonly stubHeader: string | undefined;
  /** True when a 单位 column follows the labels. */
  readonly unitColumn: boolean;
  readonly columns: readonly ColumnLayout[];
  readonly rows: readonly RowLayout[];
}

/** A table as printed: one part, or one part per block. */
export interface TableLayout {
  readonly table: TableIndex;
  readonly title: string;
  readonly parts: readonly TablePartLayout[];
  /** True when any printed cell carries a derived mark. */
  readonly marked: boolean;
}

/** What the table layout needs to know besides the report. */
export interface LayoutContext {
  readonly index: FormatIndex;
  readonly absent: string;
  /** Full references (`rowId/columnId`) of the cells to mark as derived. */
  readonly derived: ReadonlySet<string>;
}


/** Prints a present cell value: counts as digits, decimals verbatim (money keeps its precision). */
export function formatValue(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Object.is(value, -0)) return '0';
  const text = String(value);
  // Never exponent notation (1e-7): the digits of the same double, as a decimal.
  return /e/i.test(text) && Number.isFinite(value) ? new Decimal(value).toFixed() : text;
}

/** The full references of `report.derived` that name cells of the format. */
export function derivedRefs(report: Report, index: FormatIndex): Set<string> {
  const out = new Set<string>();
  for (const ref of report.derived ?? []) {
    if (typeof ref !== 'string') continue;
    const cell = resolveCell(index, ref);
    if (cell) out.add(cell.ref);
  }
  return out;
}

/** True when a label already names the unit, e.g. 本年收费金额（单位：万元）. */
function namesUnit(label: string, unit: Unit): boolean {
  return label.includes(`（${unit}）`) || label.includes(`：${unit}）`) || label.includes(`(${unit})`);
}

/** A node's label as printed: the unit appended when the node has its own unit that differs from the table's. */
export function printedLabel(node: ResolvedNode, table: TableIndex): string {
  const unit = node.definition.unit;
  if (!unit || unit === table.definition.unit || namesUnit(node.label, unit)) return node.label;
  if (node.axis === 'row' && table.definition.unitColumn) return node.label;
  return `${node.label}（${unit}）`;
}

/** True when the table's top-level rows are blocks with their own columns or stub header (table 1 of 2019/2021). */
export function isBlockTable(table: TableIndex): boolean {
  return table.rows.some((r) => r.depth === 0 && (r.definition.columns !== undefined || r.definition.stubHeader !== undefined));
}

/** The descendants of a node in print order (pre-order), without the node. */
function descendants(node: ResolvedNode): ResolvedNode[] {
  const out: ResolvedNode[] = [];
  const walk = (n: ResolvedNode) => {
    for (const child of n.children) {
      out.push(child);
      walk(child);
    }
  };
  walk(node);
  return out;
}

const present = (value: CellValue | undefined): value is number | string => value !== null && value !== undefined;

/** Lays a table out for printing: which rows and columns show, with what labels and values. */
export function layoutTable(report: Report, table: TableIndex, context: LayoutContext): TableLayout {
  const values = report.tables[table.id] ?? {};
  const valueOf = (row: ResolvedNode, column: ResolvedNode): CellValue | undefined => {
    const own = Object.prototype.hasOwnProperty.call(values, row.id) ? values[row.id] : undefined;
    return own && Object.prototype.hasOwnProperty.call(own, column.id) ? own[column.id] : undefined;
  };
  const hasCell = (row: ResolvedNode, column: ResolvedNode) => context.index.cellByRef.has(`${row.id}/${column.id}`);

  const groups: { block: ResolvedNode | undefined; rows: ResolvedNode[] }[] = isBlockTable(table)
    ? table.rows
        .filter((r) => r.depth === 0)
        .map((block) => ({ block, rows: block.valued ? [block, ...descendants(block)] : descendants(block) }))
    : [{ block: undefined, rows: [...table.rows] }];

  let marked = false;
  const parts = groups.map(({ block, rows }): TablePartLayout => {
    const allowed = block?.columns;
    const candidates = table.valueColumns.filter((c) => !allowed || allowed.includes(c.id));
    const rowShown = (row: ResolvedNode) =>
      row.valued && (row.printed || table.valueColumns.some((c) => hasCell(row, c) && present(valueOf(row, c))));
    const columnNodes = candidates.filter(
      (c) => c.printed || rows.some((r) => rowShown(r) && hasCell(r, c) && present(valueOf(r, c))),
    );
    const columns = layoutColumns(columnNodes, table);
    const baseDepth = block ? (block.valued ? block.depth : block.depth + 1) : 0;
    const labeled = rows.some((r) => !r.unlabeled);
    const unitColumn = table.definition.unitColumn === true;
    const rowLayouts = rows.map((row): RowLayout => {
      const shown = rowShown(row);
      const cells = columnNodes.map((column): CellLayout => {
        if (!shown || !hasCell(row, column)) return { state: 'empty', text: '', derived: false };
        const ref = `${row.id}/${column.id}`;
        const value = valueOf(row, column);
        const derived = context.derived.has(ref);
        if (derived) marked = true;
        return present(value)
          ? { state: 'value', text: formatValue(value), derived }
          : { state: 'absent', text: context.absent, derived };
      });
      let unit: string | undefined;
      if (unitColumn) {
        const first = table.valueColumns.find((c) => hasCell(row, c));
        unit = row.valued && first ? (context.index.cellByRef.get(`${row.id}/${first.id}`)?.unit ?? NO_UNIT) : NO_UNIT;
      }
      return {
        node: row,
        depth: Math.max(0, row.depth - baseDepth),
        label: row.unlabeled ? '' : printedLabel(row, table),
        unit,
        valued: shown,
        cells,
      };
    });
    return {
      caption: block && !block.unlabeled ? printedLabel(block, table) : undefined,
      stubHeader: labeled ? (block?.definition.stubHeader ?? table.definition.stubHeader ?? '') : undefined,
      unitColumn,
      columns,
      rows: rowLayouts,
    };
  });
  return { table, title: table.definition.title, parts, marked };
}

function layoutColumns(nodes: readonly ResolvedNode[], table: TableIndex): ColumnLayout[] {
  const chains = nodes.map((node) => {
    const chain: ResolvedNode[] = [];
    for (let n: ResolvedNode | undefined = node; n; n = n.parent) if (!n.unlabeled) chain.unshift(n);
    return chain;
  });
  // Strip the root every column shares (e.g. 申请人情况), as long as each column keeps a label.
  let common = 0;
  const first = chains[0] ?? [];
  while (
    common < first.length &&
    chains.every((c) => c.length > common + 1 && c[common] === first[common])
  ) {
    common += 1;
  }
  return nodes.map((node, i) => {
    const chain = chains[i]!;
    const path = chain.map((n) => (n === node ? printedLabel(n, table) : n.label));
    const subtotal = nodes.some((other) => other !== node && isAncestor(node, other));
    return {
      node,
      path,
      keys: chain.map((n) => n.id),
      header: path.slice(common).join(HEADER_SEPARATOR),
      subtotal,
    };
  });
}

function isAncestor(ancestor: ResolvedNode, node: ResolvedNode): boolean {
  for (let n = node.parent; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

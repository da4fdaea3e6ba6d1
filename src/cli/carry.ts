import { getFormat } from '../formats/catalogue.js';
import { indexFormat, type ResolvedNode, type TableIndex } from '../formats/define.js';
import type { Report } from '../model/report.js';
import { Decimal } from '../model/values.js';

/** A subtotal of the target format that an older format printed as one row, carried into the combined report. */
export interface CarriedSubtotal {
  /** `table/rowId`. */
  readonly row: string;
  /** The inputs (agencies) that gave only the subtotal. */
  readonly from: readonly string[];
  /** The target's rows under it, left absent: their sums would miss what those inputs gave. */
  readonly blanked: readonly string[];
}

type Rows = Record<string, Record<string, unknown> | undefined>;

/**
 * With `--map-formats`: where an input's format prints a row as one value that the target format
 * splits into parts and does not print (2019's （六）其他处理 → 2021's three 其他处理 rows), the
 * summed cells would lose that input's value and the combined report would fail its own totals.
 * This puts the full subtotal (each input's value, or the sum of its parts) on the target's
 * unprinted subtotal row and leaves the parts absent, since their sums would be partial.
 */
export function carrySubtotals(combined: Report, inputs: readonly Report[]): { report: Report; carried: CarriedSubtotal[] } {
  const target = getFormat(combined.format);
  if (!target) return { report: combined, carried: [] };
  const index = indexFormat(target);
  const sources = inputs.filter((r) => r.format !== target.id);
  if (sources.length === 0) return { report: combined, carried: [] };
  const tables = structuredClone(combined.tables) as Record<string, Rows>;
  const carried: CarriedSubtotal[] = [];
  for (const table of index.tables) {
    for (const row of table.rows) {
      if (row.printed || !row.valued || row.relation !== 'sum' || row.children.length === 0) continue;
      const from = sources.filter((r) => printsWithoutParts(r, table.id, row));
      if (from.length === 0) continue;
      const descendants = descendantsOf(row);
      let changed = false;
      for (const column of valueColumns(table, row)) {
        let total: Decimal | undefined = new Decimal(0);
        for (const input of inputs) {
          const value = effective(input, table.id, row, column);
          if (value === undefined) {
            total = undefined;
            break;
          }
          total = total.plus(value);
        }
        if (total === undefined) continue;
        const rows = (tables[table.id] ??= {});
        const values = (rows[row.id] ??= {});
        values[column] = row.kind === 'money' ? total.toFixed() : total.toNumber();
        for (const d of descendants) if (d.printed && d.valued) (rows[d.id] ??= {})[column] = null;
        changed = true;
      }
      if (changed) carried.push({ row: `${table.id}/${row.id}`, from: from.map((r) => r.metadata.agency), blanked: descendants.map((d) => d.id) });
    }
  }
  return { report: { ...combined, tables: tables as Report['tables'] }, carried };
}

function printsWithoutParts(report: Report, table: string, row: ResolvedNode): boolean {
  const format = getFormat(report.format);
  if (!format) return false;
  const source = indexFormat(format).tableById.get(table)?.rowById.get(row.id);
  return source !== undefined && source.printed && source.valued && row.children.some((c) => source.children.every((s) => s.id !== c.id));
}

function descendantsOf(node: ResolvedNode): ResolvedNode[] {
  return node.children.flatMap((c) => [c, ...descendantsOf(c)]);
}

function valueColumns(table: TableIndex, row: ResolvedNode): string[] {
  return table.valueColumns.map((c) => c.id).filter((c) => row.columns === undefined || row.columns.includes(c));
}

/** An input's value for a row: as reported, else the sum of its parts; undefined when neither is known. */
function effective(report: Report, table: string, row: ResolvedNode, column: string): Decimal | undefined {
  const rows = (report.tables as Record<string, Rows | undefined>)[table];
  const raw = rows?.[row.id]?.[column];
  if (typeof raw === 'number' && Number.isFinite(raw)) return new Decimal(raw);
  if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return new Decimal(raw);
  if (row.children.length === 0 || row.relation !== 'sum') return undefined;
  let sum = new Decimal(0);
  for (const child of row.children) {
    if (!child.valued) continue;
    const value = effective(report, table, child, column);
    if (value === undefined) return undefined;
    sum = sum.plus(value);
  }
  return sum;
}

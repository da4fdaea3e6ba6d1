import { getFormat } from '../formats/catalogue.js';
import type { Format } from '../formats/define.js';
import type { Report, TableValues } from '../model/report.js';
import { Decimal, decimalPlaces, isDecimalString, type CellValue } from '../model/values.js';
import { planFor, type Plan } from '../validate/plan.js';

/** Options of {@link complete}. */
export interface CompleteOptions {
  /** The report's format, when it is not an official one found by `report.format`. */
  readonly format?: Format;
  /** More formats to look `report.format` up in. */
  readonly formats?: readonly Format[];
}

/** The outcome of {@link complete}: the new report and the cells it derived. */
export interface CompleteResult {
  readonly report: Report;
  /** `rowId/columnId` of every cell that was derived, in the order they were found. */
  readonly derived: readonly string[];
}

type Value = number | Decimal;

/** One linear equation Σ cᵢ·xᵢ = 0 over cells, from a sum relation or an `eq` identity. */
interface Equation {
  readonly cells: readonly number[];
  readonly coefficients: readonly number[];
}

const equations = new WeakMap<Plan, Equation[]>();

function equationsOf(plan: Plan): Equation[] {
  let list = equations.get(plan);
  if (list) return list;
  list = [];
  for (const tree of plan.trees) {
    if (tree.relation !== 'sum' || tree.parts.length === 0) continue;
    list.push({ cells: [tree.total, ...tree.parts], coefficients: [1, ...tree.parts.map(() => -1)] });
  }
  for (const check of plan.identities) {
    if (check.crossYear || check.identity.relation !== 'eq') continue;
    list.push({
      cells: [...check.left.map((t) => t.cell), ...check.right.map((t) => t.cell)],
      coefficients: [...check.left.map((t) => t.coefficient), ...check.right.map((t) => -t.coefficient)],
    });
  }
  equations.set(plan, list);
  return list;
}

/**
 * Fills every absent cell that the format's sum relations and identities determine from the
 * reported cells (subtotals, totals, the 总计 column, an identity solved for its one unknown),
 * marking them in `report.derived`. Reported values are never overwritten, even when they
 * disagree (validation reports that). Throws a TypeError for a report whose format is unknown.
 *
 * @example
 * ```ts
 * import { complete, createReport, getCell, setCell } from 'xxgk';
 * let report = createReport('gov-2021', { agency: '青山市统计局', year: 2023 });
 * report = setCell(report, 'reviewLitigation.cases/review.upheld', 2);
 * report = setCell(report, 'reviewLitigation.cases/review.corrected', 1);
 * report = setCell(report, 'reviewLitigation.cases/review.other', 0);
 * report = setCell(report, 'reviewLitigation.cases/review.pending', 0);
 * const { report: filled, derived } = complete(report);
 * console.log(getCell(filled, 'reviewLitigation.cases/review.total'), derived); // 3 ['reviewLitigation.cases/review.total']
 * ```
 */
export function complete(report: Report, options: CompleteOptions = {}): CompleteResult {
  if (report === null || typeof report !== 'object' || report.tables === null || typeof report.tables !== 'object') {
    throw new TypeError('complete expects a report document (see parseReport)');
  }
  const format = options.format ?? getFormat(report.format, options.formats);
  if (!format) throw new TypeError(`unknown format ${JSON.stringify(report.format)}`);
  const plan = planFor(format);
  const n = plan.cells.length;
  const values: Array<Value | undefined> = new Array(n);
  for (const cell of plan.cells) {
    values[cell.index] = readValue(lookup(report, cell.info.table, cell.info.row.id, cell.info.column.id), cell.info.kind === 'money');
  }
  const places = moneyPlaces(report, plan);
  const derived: number[] = [];
  const system = equationsOf(plan);
  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of system) {
      let unknown = -1;
      let unknowns = 0;
      for (const c of eq.cells) {
        if (values[c] === undefined) {
          unknowns++;
          unknown = c;
        }
      }
      if (unknowns !== 1) continue;
      const solved = solve(eq, unknown, values);
      const info = plan.cells[unknown]!.info;
      if (info.kind === 'count' && compareZero(solved) < 0) continue; // a contradiction, not a value
      values[unknown] = solved;
      derived.push(unknown);
      changed = true;
    }
  }
  if (derived.length === 0) return { report, derived: [] };
  const tables: Record<string, TableValues> = { ...report.tables };
  for (const i of derived) {
    const { info } = plan.cells[i]!;
    const table = (tables[info.table] = { ...asObject(tables[info.table]) });
    table[info.row.id] = { ...asObject(table[info.row.id]), [info.column.id]: toCellValue(values[i]!, info.kind === 'money', places) };
  }
  const refs = derived.map((i) => plan.cells[i]!.info.ref);
  return { report: { ...report, tables, derived: [...new Set([...(report.derived ?? []), ...refs])] }, derived: refs };
}

/** A cell's raw value, or undefined wherever the report's structure is not what it should be. */
function lookup(report: Report, table: string, row: string, column: string): unknown {
  const rows: unknown = report.tables[table];
  if (rows === null || typeof rows !== 'object') return undefined;
  const columns: unknown = (rows as Record<string, unknown>)[row];
  if (columns === null || typeof columns !== 'object') return undefined;
  return (columns as Record<string, unknown>)[column];
}

function readValue(raw: unknown, money: boolean): Value | undefined {
  if (typeof raw === 'number' && !Number.isSafeInteger(raw) && !money) return undefined;
  if (typeof raw === 'number' && Number.isFinite(raw)) return money ? new Decimal(raw) : raw;
  if (typeof raw === 'string' && isDecimalString(raw)) return money ? new Decimal(raw) : Number(raw);
  return undefined;
}

function solve(eq: Equation, unknown: number, values: Array<Value | undefined>): Value {
  let coefficient = 0;
  let rest: Value = 0;
  for (let k = 0; k < eq.cells.length; k++) {
    const c = eq.cells[k]!;
    const a = eq.coefficients[k]!;
    if (c === unknown) {
      coefficient += a;
      continue;
    }
    rest = add(rest, values[c]!, a);
  }
  // coefficient·x + rest = 0
  if (typeof rest === 'number' && Math.abs(coefficient) === 1) return rest === 0 ? 0 : -rest * coefficient;
  return new Decimal(rest).neg().div(coefficient);
}

function add(a: Value, b: Value, coefficient: number): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + coefficient * b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return new Decimal(a).plus(new Decimal(b).mul(coefficient));
}

const asObject = <T extends object>(v: T | undefined): T | Record<string, never> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {});

const compareZero = (v: Value) => (typeof v === 'number' ? Math.sign(v) : v.cmp(0));

/** The largest number of decimals printed in any money cell of the report (derived money keeps it). */
function moneyPlaces(report: Report, plan: Plan): number {
  let places = 0;
  for (const cell of plan.cells) {
    if (cell.info.kind !== 'money') continue;
    const raw = lookup(report, cell.info.table, cell.info.row.id, cell.info.column.id);
    if (typeof raw === 'string' && isDecimalString(raw)) places = Math.max(places, decimalPlaces(raw));
  }
  return places;
}

function toCellValue(value: Value, money: boolean, places: number): CellValue {
  if (money) return new Decimal(value).toFixed(places);
  return typeof value === 'number' ? value : value.toNumber();
}

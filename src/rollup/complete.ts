import { getFormat } from '../formats/catalogue.js';
import type { Format } from '../formats/define.js';
import type { Report, TableValues } from '../model/report.js';
import { Decimal, decimalPlaces, isDecimalString, type CellValue } from '../model/values.js';
import { checkFormat, checkFormats } from '../formats/check.js';
import { planFor, type Plan } from '../formats/plan.js';

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
 * disagree (validation reports that); a count is derived only as a safe non-negative integer, and
 * only from counts that are safe integers. Malformed structure (a row that is no object) reads as
 * absent cells and is never overwritten. Throws a TypeError for a value that is no report object,
 * a report whose format is unknown, or a `derived` that is not an array.
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
 * console.log(getCell(filled, 'reviewLitigation.cases/review.total'), derived); // → 3 [ 'reviewLitigation.cases/review.total' ]
 * ```
 */
export function complete(report: Report, options: CompleteOptions = {}): CompleteResult {
  if (report === null || typeof report !== 'object' || report.tables === null || typeof report.tables !== 'object') {
    throw new TypeError('complete expects a report document (see parseReport)');
  }
  if (options === null || typeof options !== 'object') throw new TypeError('complete: options must be an object');
  checkFormats(options.formats, 'complete: options.formats');
  if (options.format !== undefined) checkFormat(options.format, 'complete: options.format');
  if (report.derived !== undefined && !Array.isArray(report.derived)) throw new TypeError('complete: report.derived must be an array of cell references');
  const format = options.format ?? (typeof report.format === 'string' ? getFormat(report.format, options.formats) : undefined);
  if (!format) throw new TypeError(`unknown format ${describe(report.format)}`);
  const plan = planFor(format);
  const n = plan.cells.length;
  const values: Array<Value | undefined> = new Array(n);
  const blocked = new Uint8Array(n);
  for (const cell of plan.cells) {
    const raw = lookup(report, cell.info.table, cell.info.row.id, cell.info.column.id);
    if (raw === MALFORMED) blocked[cell.index] = 1;
    else values[cell.index] = readValue(raw, cell.info.kind === 'money');
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
      if (unknowns !== 1 || blocked[unknown] === 1) continue;
      const solved = solve(eq, unknown, values);
      const info = plan.cells[unknown]!.info;
      // A negative, fractional or inexact count is a contradiction, not a value.
      if (info.kind !== 'money' && !isExactCount(solved, info.kind === 'signedCount')) continue;
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

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** True when a derived count is a safe integer (and not negative unless the cell is signed). */
function isExactCount(value: Value, signed: boolean): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value) && (signed || value >= 0);
  return value.isInteger() && value.abs().lte(Number.MAX_SAFE_INTEGER) && (signed || !value.isNegative() || value.isZero());
}

/** What {@link lookup} returns where a table or row is present but is no object. */
const MALFORMED = Symbol('malformed');

/** A cell's raw value; undefined where the table or row is missing, {@link MALFORMED} where it is no object. */
function lookup(report: Report, table: string, row: string, column: string): unknown {
  const tables = report.tables as Record<string, unknown>;
  if (!Object.hasOwn(tables, table)) return undefined;
  const rows: unknown = tables[table];
  if (rows === null || rows === undefined) return undefined;
  if (typeof rows !== 'object' || Array.isArray(rows)) return MALFORMED;
  if (!Object.hasOwn(rows, row)) return undefined;
  const columns: unknown = (rows as Record<string, unknown>)[row];
  if (columns === null || columns === undefined) return undefined;
  if (typeof columns !== 'object' || Array.isArray(columns)) return MALFORMED;
  return Object.hasOwn(columns, column) ? (columns as Record<string, unknown>)[column] : undefined;
}

function readValue(raw: unknown, money: boolean): Value | undefined {
  if (money) {
    if (typeof raw === 'number' && Number.isFinite(raw)) return new Decimal(raw);
    if (typeof raw === 'string' && isDecimalString(raw)) return new Decimal(raw);
    return undefined;
  }
  // Counts: only safe integers (a number, or a decimal string that spells one).
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && isDecimalString(raw) ? Number(raw) : Number.NaN;
  return Number.isSafeInteger(n) ? n + 0 : undefined;
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
  return typeof value === 'number' ? value + 0 : value.toNumber() + 0;
}

import type { Plan, PlanCell, LayoutRow, RuleRef } from '../formats/plan.js';
import type { Severity } from '../formats/types.js';
import type { Report } from '../model/report.js';
import { Decimal, isDecimalString, decimalPlaces } from '../model/values.js';
import { weightedSum, type Num } from '../issues/amount.js';
import type { IssueCell } from '../issues/issues.js';
import type { IssueData } from '../issues/messages.js';
import { base, isObject, own } from './emit.js';
import type { BlankGroup } from './relations.js';

/** Per-cell flags of a validation. */
export const REPORTED = 1; // the value comes from the report
export const KIND_SIGNED = 1; // plan.kinds: 0 count, 1 signed count, 2 money
export const ZEROED = 2; // absent, counted as 0 (absent: 'zero')
export const SEEN = 4; // the report has the cell's key
export const INVALID = 8; // the report has a value that could not be read

/** What one validation knows of the report's values. */
export interface State {
  readonly plan: Plan;
  readonly value: Array<Num | undefined>;
  /** Per cell: REPORTED | ZEROED | SEEN. */
  readonly flags: Uint8Array;
  /** Effective values of derived subtotals, made on first use. */
  memo: Array<Num | null | undefined> | undefined;
  /** Rules over blanks that hold if they are 0 or that stay open, one group per rule and table. */
  readonly groups: Map<string, BlankGroup>;
  /**
   * Native values for the fast checks: slot i is cell i's effective value, slot n + i its
   * reported value; NaN when absent, money, derived from such cells or beyond a safe integer.
   */
  readonly numbers: Float64Array;
}

/** Typed arrays for one validation, reused from one validation to the next (allocating them costs more than the checks). */
export interface Scratch {
  readonly flags: Uint8Array;
  readonly numbers: Float64Array;
  busy: boolean;
}

const scratches = new WeakMap<Plan, Scratch>();

/** The plan's scratch arrays, or fresh ones while they are in use (a getter in a report may call validate). */
export function acquire(plan: Plan): Scratch {
  const n = plan.cells.length;
  let scratch = scratches.get(plan);
  if (!scratch) {
    scratch = { flags: new Uint8Array(n), numbers: new Float64Array(2 * n), busy: false };
    scratches.set(plan, scratch);
  } else if (scratch.busy) return { flags: new Uint8Array(n), numbers: new Float64Array(2 * n).fill(Number.NaN), busy: true };
  scratch.busy = true;
  scratch.flags.fill(0);
  scratch.numbers.fill(Number.NaN);
  return scratch;
}

/**
 * True when `for…in` over a plain object (prototype Object.prototype or null) lists only its own
 * keys: nothing enumerable was added to Object.prototype.
 */
function prototypeClean(): boolean {
  for (const _ in Object.prototype) return false;
  return true;
}

/** True when `for…in` over `o` lists exactly its own enumerable keys. */
const ownKeysOnly = (o: object, clean: boolean): boolean => {
  if (!clean) return false;
  const proto: unknown = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
};

/**
 * Reads the report's values into the plan's scratch arrays in one pass over its own structure:
 * values of the wrong kind and cells the format lacks are issues; absent cells are counted, or
 * zeroed (`absent: \'zero\'`), or issues (`absent: \'error\'`).
 */
export function readValues(report: Report, plan: Plan, absent: 'skip' | 'zero' | 'error', emit: (d: IssueData) => void, scratch: Scratch): State {
  const n = plan.cells.length;
  const value: Array<Num | undefined> = new Array(n);
  const { flags, numbers } = scratch;
  const { kinds, printed } = plan;
  const tables = own(report, 'tables');
  // One pass over the report's own structure. Keys are expected in the format's order (each found
  // by a comparison or two), else looked up; what the format does not have is collected (and
  // reported after the values, in the report's order).
  let pending: number[] | undefined; // cells whose value needs a closer look
  let raws: unknown[] | undefined;
  let unknowns: Array<[string, unknown]> | undefined;
  let printedReported = 0;
  if (isObject(tables)) {
    const clean = prototypeClean();
    const layout = plan.layout;
    const tablesOwn = ownKeysOnly(tables, clean);
    let nextTable = 0;
    for (const tableId in tables) {
      if (!tablesOwn && !Object.hasOwn(tables, tableId)) continue;
      const rows = tables[tableId];
      let table = layout[nextTable];
      if (table === undefined || table.id !== tableId) table = plan.layoutById.get(tableId);
      if (table !== undefined) nextTable = table.position + 1;
      if (!isObject(rows)) {
        (unknowns ??= []).push([`tables/${tableId}`, rows]);
        continue;
      }
      const rowsOwn = ownKeysOnly(rows, clean);
      let nextRow = 0;
      for (const rowId in rows) {
        if (!rowsOwn && !Object.hasOwn(rows, rowId)) continue;
        const columns = rows[rowId];
        let row: LayoutRow | undefined;
        if (table !== undefined) {
          row = table.rows[nextRow];
          if (row === undefined || row.id !== rowId) {
            row = table.rows[nextRow + 1];
            if (row === undefined || row.id !== rowId) row = table.rowById.get(rowId);
          }
          if (row !== undefined) nextRow = row.position + 1;
        }
        if (!isObject(columns)) {
          (unknowns ??= []).push([`tables/${tableId}/${rowId}`, columns]);
          continue;
        }
        const columnsOwn = ownKeysOnly(columns, clean);
        let next = 0;
        for (const columnId in columns) {
          if (!columnsOwn && !Object.hasOwn(columns, columnId)) continue;
          const raw = columns[columnId];
          let j = -1;
          if (row !== undefined) {
            const ids = row.columns;
            j = ids[next] === columnId ? next : ids[next + 1] === columnId ? next + 1 : (row.columnPosition.get(columnId) ?? -1);
          }
          if (j < 0) {
            (unknowns ??= []).push([`tables/${tableId}/${rowId}/${columnId}`, raw]);
            continue;
          }
          next = j + 1;
          const i = row!.cells[j]!;
          if (raw === null || raw === undefined) {
            flags[i] = SEEN;
            continue;
          }
          // The common case: a count that is a non-negative safe integer (not -0).
          if (typeof raw === 'number' && kinds[i] !== 2 && Number.isSafeInteger(raw) && (raw > 0 || (raw === 0 && 1 / raw > 0))) {
            value[i] = raw;
            numbers[i] = raw;
            flags[i] = SEEN | REPORTED;
            printedReported += printed[i]!;
            continue;
          }
          flags[i] = SEEN;
          (pending ??= []).push(i);
          (raws ??= new Array(n))[i] = raw;
        }
      }
    }
  }
  // Values that need a closer look, in the format's order.
  if (pending) {
    pending.sort((a, b) => a - b);
    for (const i of pending) {
      const v = readOne(raws![i], plan.cells[i]!.info.kind, plan.cells[i]!.issueCell, emit);
      if (v === undefined) {
        flags[i]! |= INVALID;
        continue;
      }
      value[i] = v;
      if (typeof v === 'number') numbers[i] = v;
      flags[i]! |= REPORTED;
      printedReported += printed[i]!;
    }
  }
  if (unknowns) {
    const rule: RuleRef = { id: 'cells.known', kind: 'official', severity: 'error' };
    for (const [path, v] of unknowns) emit(base('unknown_cell', rule, 'error', [], { path, value: v }));
  }
  // Absent printed cells (none when every printed cell was reported).
  if (printedReported < plan.printedCount) {
    let absentCount = 0;
    for (let i = 0; i < n; i++) {
      if ((flags[i]! & REPORTED) !== 0 || printed[i] === 0) continue; // reported, or a derived subtotal the official table does not print
      const cell = plan.cells[i]!;
      if ((flags[i]! & SEEN) !== 0 && value[i] === undefined && !isAbsentRaw(report, cell)) continue; // an invalid value, reported already
      if (absent === 'zero') {
        value[i] = 0;
        numbers[i] = 0;
        flags[i]! |= ZEROED;
      } else if (absent === 'error') {
        emit(base('absent_cell', { id: 'cells.absent', kind: 'customary', severity: 'error' }, 'error', [cell.issueCell], { absent: [cell.issueCell] }));
      } else absentCount++;
    }
    if (absentCount > 0) {
      emit(base('absent_cells', { id: 'cells.absent', kind: 'customary', severity: 'info' }, 'info', [], { absent: [], count: absentCount }));
    }
  }
  deriveNumbers(plan, value, numbers);
  return { plan, value, flags, memo: undefined, numbers, groups: new Map() };
}

/**
 * Completes `numbers` (each cell's native value already in place, NaN elsewhere): each derived
 * subtotal's reported value in slot n + i, and its effective value, the sum of its children when
 * they are all native (children first); NaN otherwise, and every check over it takes the exact path.
 */
function deriveNumbers(plan: Plan, value: ReadonlyArray<Num | undefined>, numbers: Float64Array): void {
  const n = value.length;
  const { derivedOrder, childStart, childList } = plan;
  for (let k = 0; k < derivedOrder.length; k++) {
    const i = derivedOrder[k]!;
    const from = childStart[i]!;
    const to = childStart[i + 1]!;
    numbers[n + i] = numbers[i]!;
    if (from === to) continue;
    // Positive and negative parts apart: both staying safe means every step was exact.
    let up = 0;
    let down = 0;
    for (let c = from; c < to; c++) {
      const x = numbers[childList[c]!]!;
      if (x >= 0) up += x;
      else if (x < 0) down -= x;
      else {
        up = Number.NaN;
        break;
      }
    }
    numbers[i] = up <= Number.MAX_SAFE_INTEGER && down <= Number.MAX_SAFE_INTEGER ? up - down : Number.NaN;
  }
}

function isAbsentRaw(report: Report, cell: PlanCell): boolean {
  const raw = own(own(own(own(report, 'tables'), cell.info.table), cell.info.row.id), cell.info.column.id);
  return raw === null || raw === undefined;
}

function readOne(raw: unknown, kind: 'count' | 'signedCount' | 'money', cell: IssueCell, emit: (d: IssueData) => void): Num | undefined {
  const bad = (code: string, rule: string, severity: Severity = 'error') =>
    emit(base(code, rule === 'values.nonNegative' ? { id: 'A14', kind: 'customary', severity } : rule, severity, [cell], { value: raw }));
  if (kind === 'money') {
    let d: Decimal;
    if (typeof raw === 'string' && isDecimalString(raw)) d = new Decimal(raw);
    else if (typeof raw === 'number' && Number.isFinite(raw)) {
      bad('wrong_type', 'values.type', 'warning');
      d = new Decimal(raw);
    } else {
      bad(typeof raw === 'number' || typeof raw === 'string' ? 'not_a_number' : 'wrong_type', 'values.type');
      return undefined;
    }
    if (decimalPlaces(typeof raw === 'string' ? raw : d.toFixed()) > 6) bad('too_many_decimals', 'values.decimals');
    if (d.isNegative() && !d.isZero()) bad('negative', 'values.nonNegative');
    return d;
  }
  let v: number;
  if (typeof raw === 'number') v = raw;
  else if (typeof raw === 'string' && isDecimalString(raw)) {
    bad('wrong_type', 'values.type');
    v = Number(raw);
  } else {
    bad(typeof raw === 'string' ? 'not_a_number' : 'wrong_type', 'values.type');
    return undefined;
  }
  if (!Number.isFinite(v)) {
    bad('not_a_number', 'values.type');
    return undefined;
  }
  if (!Number.isInteger(v)) {
    bad('not_integer', 'values.integer');
    return undefined;
  }
  if (!Number.isSafeInteger(v)) {
    bad('unsafe_integer', 'values.safeInteger');
    return undefined;
  }
  if (kind === 'count' && v < 0) bad('negative', 'values.nonNegative');
  return v === 0 ? 0 : v; // no -0
}

/**
 * The value of a cell: the reported value; for a subtotal the official table does not print, the
 * sum of its children when they are all present (the official cells win), else its reported value.
 */
export function effective(state: State, i: number): Num | undefined {
  const children = state.plan.cells[i]!.children;
  if (!children || children.length === 0) return state.value[i];
  const memo = (state.memo ??= new Array(state.value.length))[i];
  if (memo !== undefined) return memo === null ? undefined : memo;
  const parts: Num[] = [];
  for (const c of children) {
    const p = effective(state, c);
    if (p === undefined) break;
    parts.push(p);
  }
  const out = parts.length === children.length ? weightedSum(parts) : state.value[i];
  state.memo![i] = out ?? null;
  return out;
}

/** True when the cell's value comes from the report (not derived, not absent). */
export const isReported = (state: State, i: number) => (state.flags[i]! & (REPORTED | ZEROED)) !== 0;

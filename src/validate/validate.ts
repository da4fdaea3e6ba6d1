import { getFormat } from '../formats/catalogue.js';
import type { Format } from '../formats/define.js';
import { findReferences } from '../formats/refs.js';
import type { LocalizedText, Severity } from '../formats/types.js';
import type { Report, Section } from '../model/report.js';
import { Decimal, isDecimalString, decimalPlaces } from '../model/values.js';
import { compare, maximum, subtract, toAmount, weightedSum, type Num } from './amount.js';
import { decideDistinct, decideLinear, difference, emptyForm, hasUnknowns, knownValue, rangeOf, Unknown, type DistinctDecision, type Form, type Outcome, type Range } from './bounds.js';
import { fingerprintOf, type Interval, type Issue, type IssueCell } from './issues.js';
import { messageOf, type IssueData, type Locale } from './messages.js';
import { checkFormat, checkFormats } from '../formats/check.js';
import { planFor, sumName, type IdentityCheck, type Plan, type PlanCell, type PlanTerm, type RuleRef, type LayoutRow, type TreeCheck } from './plan.js';

/** A waiver: issues it matches stay visible, marked waived, and no longer fail the report. */
export interface Waiver {
  /** Match issues of this rule id (e.g. `A3`). */
  readonly rule?: string;
  /** Match issues with this code. */
  readonly code?: string;
  /** Match issues about this cell (`rowId/columnId`). */
  readonly cell?: string;
  /** Match exactly one issue. */
  readonly fingerprint?: string;
  /** Why the issue is accepted; required. */
  readonly reason: string;
}

/** Options of {@link validate}. */
export interface ValidateOptions {
  /** Message language; default zh-CN. */
  readonly locale?: Locale;
  /**
   * What an absent cell means: `skip` (default: rules over it say they cannot check), `zero`
   * (count it as 0) or `error` (every absent printed cell is an error).
   */
  readonly absent?: 'skip' | 'zero' | 'error';
  /** Last year's report of the same organ, for the cross-year rules (A10, A12, A13). */
  readonly previous?: Report;
  /** Severity per rule id (e.g. `{ A3: 'warning', 'tree.sum': 'off' }`); `off` drops the rule. */
  readonly severity?: Readonly<Record<string, Severity | 'off'>>;
  readonly waivers?: readonly Waiver[];
  /** The report's format, when it is not an official one found by `report.format`. */
  readonly format?: Format;
  /** More formats to look `report.format` up in (e.g. made with `defineFormat`). */
  readonly formats?: readonly Format[];
}

/** The outcome of {@link validate}: `ok` when no error is left unwaived. */
export interface ValidationResult {
  readonly ok: boolean;
  /** The format the report was checked against, when known. */
  readonly format: string | undefined;
  readonly issues: readonly Issue[];
  readonly counts: { readonly error: number; readonly warning: number; readonly info: number; readonly waived: number };
}

/** Per-cell flags of a validation. */
const REPORTED = 1; // the value comes from the report
const KIND_SIGNED = 1; // plan.kinds: 0 count, 1 signed count, 2 money
const ZEROED = 2; // absent, counted as 0 (absent: 'zero')
const SEEN = 4; // the report has the cell's key
const INVALID = 8; // the report has a value that could not be read

interface State {
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
interface Scratch {
  readonly flags: Uint8Array;
  readonly numbers: Float64Array;
  busy: boolean;
}

const scratches = new WeakMap<Plan, Scratch>();

/** The plan's scratch arrays, or fresh ones while they are in use (a getter in a report may call validate). */
function acquire(plan: Plan): Scratch {
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
 * Checks a report against its format: tree relations, the declared identities, values, the
 * narrative's figures, sections, and (with `previous`) last year's report. Never throws on bad
 * data, whatever the report holds; returns the issues as data. Throws a TypeError for options of
 * the wrong type (an unknown `absent` or severity, waivers or formats that are not arrays).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { importText, validate } from 'xxgk';
 * const { report } = importText(readFileSync('examples/jiangbei-2017.txt', 'utf8'));
 * const result = validate(report!, { locale: 'en', absent: 'skip' });
 * for (const issue of result.issues) console.log(issue.severity, issue.rule, issue.message);
 * // warning A11 the text says information published proactively is 793 (…), but the table says …803
 * ```
 */
export function validate(report: Report, options: ValidateOptions = {}): ValidationResult {
  checkOptions(options);
  const locale: Locale = options.locale === 'en' ? 'en' : 'zh-CN';
  const out: Issue[] = [];
  const emit = (data: IssueData) => {
    const override = options.severity && Object.hasOwn(options.severity, data.rule) ? options.severity[data.rule] : undefined;
    if (override === 'off') return;
    const severity = override ?? data.severity;
    const withSeverity = { ...data, severity } as IssueData;
    const issue = { ...withSeverity, message: messageOf(withSeverity, locale) } as Issue;
    const waiver = options.waivers?.find((w) => matches(w, issue));
    out.push(waiver ? ({ ...issue, waived: { reason: waiver.reason } } as Issue) : issue);
  };

  const formatId = isObject(report) && typeof report.format === 'string' ? report.format : undefined;
  const format = options.format ?? (formatId ? getFormat(formatId, options.formats) : undefined);
  if (!format || !isObject(report)) {
    emit(base('unknown_format', 'format.known', 'error', [], { path: String(formatId ?? '(none)') }));
    return result(out, undefined);
  }
  const plan = planFor(format);
  const scratch = acquire(plan);
  try {
    const state = readValues(report, plan, options.absent ?? 'skip', emit, scratch);
    checkRelations(state, emit);
    if (options.previous) checkCrossYear(report, state, options.previous, options.formats, emit);
    emitGroups(state, emit);
    checkNarrative(report, state, emit);
  } finally {
    scratch.busy = false;
  }
  checkSections(report, plan, emit);
  checkAttachments(report, plan, emit);
  return result(out, format.id);
}

const SEVERITIES: ReadonlySet<unknown> = new Set(['error', 'warning', 'info', 'off']);
const ABSENT: ReadonlySet<unknown> = new Set(['skip', 'zero', 'error']);

/** Throws a TypeError naming the first option of the wrong type. */
function checkOptions(options: ValidateOptions): void {
  const fail = (message: string): never => {
    throw new TypeError(`validate: ${message}`);
  };
  if (options === null || typeof options !== 'object') fail('options must be an object');
  if (options.locale !== undefined && options.locale !== 'zh-CN' && options.locale !== 'en') fail('options.locale must be zh-CN or en');
  if (options.absent !== undefined && !ABSENT.has(options.absent)) fail('options.absent must be skip, zero or error');
  if (options.severity !== undefined) {
    if (options.severity === null || typeof options.severity !== 'object') fail('options.severity must be an object of rule ids');
    for (const [rule, severity] of Object.entries(options.severity)) {
      if (!SEVERITIES.has(severity)) fail(`options.severity[${JSON.stringify(rule)}] must be error, warning, info or off`);
    }
  }
  if (options.waivers !== undefined) {
    if (!Array.isArray(options.waivers)) fail('options.waivers must be an array');
    for (const w of options.waivers) {
      if (w === null || typeof w !== 'object' || typeof w.reason !== 'string') fail('each waiver must be an object with a reason');
    }
  }
  checkFormats(options.formats, 'validate: options.formats');
  if (options.format !== undefined) checkFormat(options.format, 'validate: options.format');
}

function result(issues: Issue[], format: string | undefined): ValidationResult {
  const counts = { error: 0, warning: 0, info: 0, waived: 0 };
  for (const issue of issues) {
    if (issue.waived) counts.waived++;
    else counts[issue.severity]++;
  }
  return { ok: counts.error === 0, format, issues, counts };
}

function matches(w: Waiver, issue: Issue): boolean {
  if (w.rule === undefined && w.code === undefined && w.cell === undefined && w.fingerprint === undefined) return false;
  return (
    (w.rule === undefined || w.rule === issue.rule) &&
    (w.code === undefined || w.code === issue.code) &&
    (w.fingerprint === undefined || w.fingerprint === issue.fingerprint) &&
    (w.cell === undefined || issue.cells.some((c) => c.ref === w.cell))
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const own = (o: unknown, key: string): unknown => (isObject(o) && Object.hasOwn(o, key) ? o[key] : undefined);

function base<T extends Record<string, unknown>>(
  code: string,
  rule: string | RuleRef,
  severity: Severity,
  cells: readonly IssueCell[],
  extra: T,
  description?: LocalizedText,
): IssueData {
  const ruleRef: RuleRef = typeof rule === 'string' ? { id: rule, kind: 'customary', severity } : rule;
  const identity = typeof extra.identity === 'string' ? extra.identity : '';
  const key = typeof extra.path === 'string' ? extra.path : typeof extra.section === 'string' ? extra.section : '';
  return {
    code,
    severity: typeof rule === 'string' ? severity : rule.severity,
    rule: ruleRef.id,
    ruleKind: ruleRef.kind,
    cells,
    ...(description ? { description } : {}),
    fingerprint: fingerprintOf([code, ruleRef.id, identity, key, ...cells.map((c) => c.ref)]),
    ...extra,
  } as unknown as IssueData;
}

// ── values ──────────────────────────────────────────────────────────────────────────────────────

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

function readValues(report: Report, plan: Plan, absent: 'skip' | 'zero' | 'error', emit: (d: IssueData) => void, scratch: Scratch): State {
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
function effective(state: State, i: number): Num | undefined {
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
const isReported = (state: State, i: number) => (state.flags[i]! & (REPORTED | ZEROED)) !== 0;

// ── trees and identities ────────────────────────────────────────────────────────────────────────

/** What a blank or unreadable cell may hold: ≥ 0 for counts and money, anything for signed counts. */
const unknownKind =
  (state: State) =>
  (i: number): Unknown =>
    (state.flags[i]! & INVALID) !== 0 ? Unknown.Invalid : state.plan.kinds[i] === KIND_SIGNED ? Unknown.Free : Unknown.Bounded;

/** Adds coefficient × cell to a form: its value, or (a derived subtotal the report does not state) its leaves, or the cell as an unknown. */
function addTerm(state: State, form: Form, i: number, coefficient: number): void {
  const v = effective(state, i);
  if (v !== undefined) {
    form.known.push(v);
    form.knownCoefficients.push(coefficient);
    return;
  }
  const children = state.plan.cells[i]!.children;
  if (children && children.length > 0 && state.value[i] === undefined) {
    for (const c of children) addTerm(state, form, c, coefficient);
    return;
  }
  form.unknowns.set(i, (form.unknowns.get(i) ?? 0) + coefficient);
}

/** The form of one cell. */
function cellForm(state: State, i: number, coefficient = 1): Form {
  const form = emptyForm();
  addTerm(state, form, i, coefficient);
  return form;
}

/** A tree's total: a derived subtotal as the report states it, else (unstated) its leaves. */
function totalForm(state: State, total: number): Form {
  const stated = state.plan.cells[total]!.children ? state.value[total] : undefined;
  if (stated === undefined) return cellForm(state, total);
  return { known: [stated], knownCoefficients: [1], unknowns: new Map() };
}

/** The unknown cells of some forms (non-zero coefficients), in the format's order. */
function unknownCells(state: State, forms: readonly Form[]): IssueCell[] {
  const cells = new Set<number>();
  for (const form of forms) for (const [i, c] of form.unknowns) if (c !== 0) cells.add(i);
  return [...cells].sort((a, b) => a - b).map((i) => state.plan.cells[i]!.issueCell);
}

const toInterval = (range: Range): Interval => ({
  ...(range.min !== undefined ? { min: toAmount(range.min) } : {}),
  ...(range.max !== undefined ? { max: toAmount(range.max) } : {}),
});

/**
 * The ends of two ranges that cannot meet (left below right, or above it), as `actual`, `expected`
 * and `difference`; the known parts when the ranges share an unknown and still overlap.
 */
function crossing(left: Range, right: Range, leftForm: Form, rightForm: Form): { actual: Num; expected: Num } {
  if (left.max !== undefined && right.min !== undefined && compare(left.max, right.min) < 0) return { actual: left.max, expected: right.min };
  if (left.min !== undefined && right.max !== undefined && compare(left.min, right.max) > 0) return { actual: left.min, expected: right.max };
  return { actual: knownValue(leftForm), expected: knownValue(rightForm) };
}

/** Descriptions of the tree relations, for an issue that groups several of them. */
const TREE_DESCRIPTIONS: Record<TreeCheck['relation'], LocalizedText> = {
  sum: { 'zh-CN': '合计等于各子项之和', en: 'a total equals the sum of its parts' },
  partOf: { 'zh-CN': '“其中”项不大于其总数', en: 'a part is at most its whole' },
  distinct: { 'zh-CN': '去重总数介于最大子项与子项之和之间', en: 'a de-duplicated total lies between its largest part and the sum of its parts' },
};

/** Instances of one rule in one table that hold if their blanks are 0, or that their blanks leave open. */
export interface BlankGroup {
  readonly code: 'cannot_check' | 'holds_if_zero';
  readonly rule: RuleRef;
  readonly table: string;
  readonly cells: Set<number>;
  relations: number;
  description: LocalizedText | undefined;
  /** Said of a group of several instances with different descriptions. */
  readonly general: LocalizedText | undefined;
  /** The identity every instance is of ('' for tree relations), null when several. */
  identity: string | null;
  previousMissing: boolean;
}

/** Adds one instance to its rule's and table's group. */
function gather(
  state: State,
  code: BlankGroup['code'],
  rule: RuleRef,
  table: string,
  forms: readonly Form[],
  description: LocalizedText | undefined,
  general: LocalizedText | undefined,
  identity: string,
  previousMissing = false,
): void {
  const key = `${code}\u0000${rule.id}\u0000${table}`;
  let group = state.groups.get(key);
  if (!group) {
    group = { code, rule, table, cells: new Set(), relations: 0, description, general, identity, previousMissing };
    state.groups.set(key, group);
  } else {
    if (group.description && description && (group.description['zh-CN'] !== description['zh-CN'] || group.description.en !== description.en)) group.description = general;
    if (group.identity !== identity) group.identity = null;
    group.previousMissing ||= previousMissing;
  }
  group.relations++;
  for (const form of forms) for (const [i, c] of form.unknowns) if (c !== 0) group.cells.add(i);
}

/** One issue per group: the blank cells as data, a message that counts them. */
function emitGroups(state: State, emit: (d: IssueData) => void): void {
  for (const group of state.groups.values()) {
    const cells = [...group.cells].sort((a, b) => a - b).map((i) => state.plan.cells[i]!.issueCell);
    const identity = group.identity ? { identity: group.identity } : {};
    const data = base(
      group.code,
      { ...group.rule, severity: 'info' },
      'info',
      cells,
      { absent: cells, count: cells.length, table: group.table, relations: group.relations, ...identity, ...(group.previousMissing ? { previousMissing: true } : {}) },
      group.description,
    );
    // Stable while values change: the rule and the table, not the blanks.
    emit({ ...data, fingerprint: fingerprintOf([group.code, group.rule.id, group.identity ?? '', group.table]) } as IssueData);
  }
}

/**
 * True when fast check k certainly holds: every value native and present, the arithmetic exact.
 * Anything else (a failure, an absent cell, money, a very large number) is left to the exact path.
 */
function fastHolds(numbers: Float64Array, fast: Plan['fast'], k: number): boolean {
  const { slot, coefficient } = fast;
  const from = fast.start[k]!;
  const to = fast.start[k + 1]!;
  switch (fast.kind[k]) {
    case 0:
    case 1: {
      // Positive and negative terms are added apart: each running sum only grows, so both staying
      // safe integers means every step was exact.
      let up = 0;
      let down = 0;
      for (let t = from; t < to; t++) {
        const x = coefficient[t]! * numbers[slot[t]!]!;
        if (x >= 0) up += x;
        else if (x < 0) down -= x;
        else return false;
      }
      if (!(up <= Number.MAX_SAFE_INTEGER && down <= Number.MAX_SAFE_INTEGER)) return false;
      return fast.kind[k] === 0 ? up === down : up <= down;
    }
    case 2: {
      const total = numbers[slot[from]!]!;
      if (!(total <= Number.MAX_SAFE_INTEGER)) return false;
      for (let t = from + 1; t < to; t++) if (!(numbers[slot[t]!]! <= total)) return false;
      return true;
    }
    case 3: {
      const total = numbers[slot[from]!]!;
      let sum = 0;
      let max = Number.NEGATIVE_INFINITY;
      for (let t = from + 1; t < to; t++) {
        const x = numbers[slot[t]!]!;
        if (!(x >= 0)) return false;
        sum += x;
        if (x > max) max = x;
      }
      return sum <= Number.MAX_SAFE_INTEGER && max <= total && total <= sum;
    }
    default:
      return false;
  }
}

/** The tree relations, then the same-year identities: each checked fast, and exactly when that fails. */
function checkRelations(state: State, emit: (d: IssueData) => void): void {
  const { plan, numbers } = state;
  const { fast } = plan;
  const count = fast.kind.length;
  for (let k = 0; k < count; k++) {
    if (fastHolds(numbers, fast, k)) continue;
    const source = fast.source[k]!;
    if (source >= 0) checkTree(state, plan.trees[source]!, emit);
    else checkIdentity(state, plan.identities[-1 - source]!, emit);
  }
}


/** Checks one tree relation exactly; blanks are unknown values (see `bounds.ts`). */
function checkTree(state: State, tree: TreeCheck, emit: (d: IssueData) => void): void {
  const { plan } = state;
  const total = tree.total;
  if (!isReported(state, total) && tree.relation === 'sum' && !plan.cells[total]!.info.printed) return; // a derived subtotal: nothing to check
  const involved = [total, ...tree.parts];
  if (!involved.some((i) => isReported(state, i))) return;
  const cells = involved.map((i) => plan.cells[i]!.issueCell);
  const totalCell = plan.cells[total]!.issueCell;
  const partCells = tree.parts.map((i) => plan.cells[i]!.issueCell);
  const table = plan.cells[total]!.info.table;
  const description: LocalizedText = {
    'zh-CN': tree.relation === 'sum' ? `${totalCell.name}等于各子项之和` : tree.relation === 'partOf' ? `“其中”项不大于${totalCell.name}` : `${totalCell.name}介于最大子项与子项之和之间`,
    en: tree.relation === 'sum' ? `${totalCell.name} equals the sum of its parts` : tree.relation === 'partOf' ? `a part is at most ${totalCell.name}` : `${totalCell.name} lies between its largest part and the sum of its parts`,
  };
  const kind = unknownKind(state);
  const whole = totalForm(state, total);
  const general = TREE_DESCRIPTIONS[tree.relation];
  const blank = (outcome: Outcome, forms: readonly Form[]) => {
    if (outcome === 'holdsIfZero' || outcome === 'open') gather(state, outcome === 'open' ? 'cannot_check' : 'holds_if_zero', tree.rule, table, forms, description, general, '');
  };
  if (tree.relation === 'partOf') {
    for (const p of tree.parts) {
      const part = cellForm(state, p);
      const partCell = plan.cells[p]!.issueCell;
      if (!hasUnknowns(part) && !hasUnknowns(whole)) {
        const pv = knownValue(part);
        const tv = knownValue(whole);
        if (compare(pv, tv) <= 0) continue;
        emit(base('part_exceeds_whole', tree.rule, tree.rule.severity, [totalCell, partCell], { actual: toAmount(pv), expected: toAmount(tv), difference: toAmount(subtract(pv, tv)) }, description));
        continue;
      }
      const outcome = decideLinear(difference(part, whole), 'le', kind);
      if (outcome !== 'error') {
        blank(outcome, [part, whole]);
        continue;
      }
      const left = rangeOf(part, kind);
      const right = rangeOf(whole, kind);
      const { actual, expected } = crossing(left, right, part, whole);
      emit(
        base('part_exceeds_whole', tree.rule, tree.rule.severity, [totalCell, partCell], {
          actual: toAmount(actual),
          expected: toAmount(expected),
          difference: toAmount(subtract(actual, expected)),
          blank: unknownCells(state, [part, whole]),
          bounds: { left: toInterval(left), right: toInterval(right) },
        }, description),
      );
    }
    return;
  }
  const parts = tree.parts.map((p) => cellForm(state, p));
  if (!hasUnknowns(whole) && !parts.some(hasUnknowns)) {
    const totalValue = knownValue(whole);
    const partValues = parts.map(knownValue);
    const sum = weightedSum(partValues);
    if (tree.relation === 'sum') {
      if (compare(totalValue, sum) !== 0) {
        emit(
          base('sum_mismatch', tree.rule, tree.rule.severity, cells, {
            actual: toAmount(totalValue),
            expected: toAmount(sum),
            difference: toAmount(subtract(totalValue, sum)),
            left: [totalCell],
            right: partCells,
            absent: zeroedCells(state, involved),
            sides: { left: sumName([totalCell]), right: sumName(partCells) },
          }, description),
        );
      }
      return;
    }
    const max = maximum(partValues);
    if (compare(totalValue, max) < 0 || compare(totalValue, sum) > 0) {
      const bound = compare(totalValue, max) < 0 ? max : sum;
      emit(
        base('distinct_out_of_range', tree.rule, tree.rule.severity, cells, {
          actual: toAmount(totalValue),
          expected: toAmount(bound),
          difference: toAmount(subtract(totalValue, bound)),
          min: toAmount(max),
          max: toAmount(sum),
        }, description),
      );
    }
    return;
  }
  if (tree.relation === 'sum') {
    const sumForm = parts.reduce((a, b) => difference(a, difference(emptyForm(), b)), emptyForm());
    const outcome = decideLinear(difference(whole, sumForm), 'eq', kind);
    if (outcome !== 'error') return blank(outcome, [whole, sumForm]);
    const left = rangeOf(whole, kind);
    const right = rangeOf(sumForm, kind);
    const { actual, expected } = crossing(left, right, whole, sumForm);
    emit(
      base('sum_mismatch', tree.rule, tree.rule.severity, cells, {
        actual: toAmount(actual),
        expected: toAmount(expected),
        difference: toAmount(subtract(actual, expected)),
        left: [totalCell],
        right: partCells,
        absent: zeroedCells(state, involved),
        sides: { left: sumName([totalCell]), right: sumName(partCells) },
        blank: unknownCells(state, [whole, sumForm]),
        bounds: { left: toInterval(left), right: toInterval(right) },
      }, description),
    );
    return;
  }
  const decision = decideDistinct(whole, parts, kind);
  if (decision.outcome !== 'error') return blank(decision.outcome, [whole, ...parts]);
  emitDistinct(state, tree.rule, cells, decision, whole, parts, description, {}, emit);
}

/** A de-duplicated total over blanks that no fill can make consistent. */
function emitDistinct(
  state: State,
  rule: RuleRef,
  cells: readonly IssueCell[],
  decision: DistinctDecision,
  whole: Form,
  parts: readonly Form[],
  description: LocalizedText,
  extra: { identity?: string },
  emit: (d: IssueData) => void,
): void {
  const { total, partMin, partsMax } = decision;
  let actual: Num;
  let expected: Num;
  if (partMin !== undefined && total.max !== undefined && compare(partMin, total.max) > 0) {
    actual = total.max;
    expected = partMin;
  } else {
    actual = total.min ?? knownValue(whole);
    expected = partsMax ?? weightedSum(parts.map(knownValue));
  }
  emit(
    base('distinct_out_of_range', rule, rule.severity, cells, {
      ...extra,
      actual: toAmount(actual),
      expected: toAmount(expected),
      difference: toAmount(subtract(actual, expected)),
      ...(partMin !== undefined ? { min: toAmount(partMin) } : {}),
      ...(partsMax !== undefined ? { max: toAmount(partsMax) } : {}),
      blank: unknownCells(state, [whole, ...parts]),
      bounds: { left: toInterval(total), right: toInterval({ min: partMin, max: partsMax }) },
    }, description),
  );
}

function zeroedCells(state: State, cells: readonly number[]): IssueCell[] {
  return cells.filter((i) => (state.flags[i]! & ZEROED) !== 0).map((i) => state.plan.cells[i]!.issueCell);
}

/** The form of one side of an identity; last year's terms read with `previous` (a missing one is left out: the caller knows). */
function sideForm(state: State, terms: readonly PlanTerm[], previous: ((t: PlanTerm) => Num | undefined) | undefined): Form {
  const form = emptyForm();
  for (const term of terms) {
    if (term.previous) {
      const v = previous?.(term);
      if (v !== undefined) {
        form.known.push(v);
        form.knownCoefficients.push(term.coefficient);
      }
    } else addTerm(state, form, term.cell, term.coefficient);
  }
  return form;
}

function identityCells(state: State, terms: readonly PlanTerm[]): IssueCell[] {
  return terms.filter((t) => !t.previous && t.cell >= 0).map((t) => state.plan.cells[t.cell]!.issueCell);
}

/** The cells a side's terms name (last year's terms by this year's cell of the same reference). */
function termCells(state: State, terms: readonly PlanTerm[]): IssueCell[] {
  return terms.filter((t) => t.cell >= 0).map((t) => state.plan.cells[t.cell]!.issueCell);
}

/** The cells behind terms: a derived subtotal the report does not state stands for its leaves. */
function contributingCells(state: State, terms: readonly PlanTerm[]): IssueCell[] {
  const out: IssueCell[] = [];
  const visit = (i: number) => {
    const cell = state.plan.cells[i]!;
    if (cell.children && state.value[i] === undefined) cell.children.forEach(visit);
    else out.push(cell.issueCell);
  };
  for (const t of terms) if (!t.previous && t.cell >= 0) visit(t.cell);
  return out;
}

function checkIdentity(
  state: State,
  check: IdentityCheck,
  emit: (d: IssueData) => void,
  previous?: (t: PlanTerm) => Num | undefined,
  previousMissing?: boolean,
): void {
  const current = [...check.left, ...check.right].filter((t) => !t.previous);
  if (!current.some((t) => isReported(state, t.cell))) return;
  const { identity, rule } = check;
  const leftCells = identityCells(state, check.left);
  const rightCells = identityCells(state, check.right);
  const cells = contributingCells(state, [...check.left, ...check.right]);
  const extra = { identity: identity.id };
  const kind = unknownKind(state);
  const leftForm = sideForm(state, check.left, previous);
  const rightForm = sideForm(state, check.right, previous);
  const blank = (outcome: Outcome, forms: readonly Form[], missing = false) => {
    if (outcome === 'holdsIfZero' || outcome === 'open') gather(state, outcome === 'open' ? 'cannot_check' : 'holds_if_zero', rule, identity.table, forms, identity.description, undefined, identity.id, missing);
  };
  if (previousMissing) return blank('open', [leftForm, rightForm], true);
  const sides = () => ({
    left: sideName(identity.sides?.left, termCells(state, check.left), check, 'left'),
    right: sideName(identity.sides?.right, termCells(state, check.right), check, 'right'),
  });
  const zeroed = () => zeroedCells(state, [...check.left, ...check.right].filter((t) => t.cell >= 0).map((t) => t.cell));
  if (identity.relation === 'distinct') {
    const parts = check.right.map((t) => cellForm(state, t.cell, t.coefficient));
    if (!hasUnknowns(leftForm) && !parts.some(hasUnknowns)) {
      const total = knownValue(leftForm);
      const values = parts.map(knownValue);
      const max = maximum(values);
      const sum = weightedSum(values);
      if (compare(total, max) < 0 || compare(total, sum) > 0) {
        const bound = compare(total, max) < 0 ? max : sum;
        emit(
          base('distinct_out_of_range', rule, rule.severity, cells, {
            ...extra,
            actual: toAmount(total),
            expected: toAmount(bound),
            difference: toAmount(subtract(total, bound)),
            min: toAmount(max),
            max: toAmount(sum),
          }, identity.description),
        );
      }
      return;
    }
    const decision = decideDistinct(leftForm, parts, kind);
    if (decision.outcome !== 'error') return blank(decision.outcome, [leftForm, ...parts]);
    return emitDistinct(state, rule, cells, decision, leftForm, parts, identity.description, extra, emit);
  }
  if (!hasUnknowns(leftForm) && !hasUnknowns(rightForm)) {
    const leftValue = knownValue(leftForm);
    const rightValue = knownValue(rightForm);
    const order = compare(leftValue, rightValue);
    if (identity.relation === 'le' ? order <= 0 : order === 0) return;
    if (identity.relation === 'le') {
      emit(base('bound_exceeded', rule, rule.severity, cells, { ...extra, actual: toAmount(leftValue), expected: toAmount(rightValue), difference: toAmount(subtract(leftValue, rightValue)) }, identity.description));
      return;
    }
    emit(
      base(check.crossYear ? 'cross_year_mismatch' : 'identity_mismatch', rule, rule.severity, cells, {
        ...extra,
        actual: toAmount(leftValue),
        expected: toAmount(rightValue),
        difference: toAmount(subtract(leftValue, rightValue)),
        left: leftCells,
        right: rightCells,
        absent: zeroed(),
        sides: sides(),
      }, identity.description),
    );
    return;
  }
  const outcome = decideLinear(difference(leftForm, rightForm), identity.relation === 'le' ? 'le' : 'eq', kind);
  if (outcome !== 'error') return blank(outcome, [leftForm, rightForm]);
  const left = rangeOf(leftForm, kind);
  const right = rangeOf(rightForm, kind);
  const { actual, expected } = crossing(left, right, leftForm, rightForm);
  const bounds = {
    actual: toAmount(actual),
    expected: toAmount(expected),
    difference: toAmount(subtract(actual, expected)),
    blank: unknownCells(state, [leftForm, rightForm]),
    bounds: { left: toInterval(left), right: toInterval(right) },
  };
  if (identity.relation === 'le') {
    emit(base('bound_exceeded', rule, rule.severity, cells, { ...extra, ...bounds }, identity.description));
    return;
  }
  emit(
    base(check.crossYear ? 'cross_year_mismatch' : 'identity_mismatch', rule, rule.severity, cells, {
      ...extra,
      ...bounds,
      left: leftCells,
      right: rightCells,
      absent: zeroed(),
      sides: sides(),
    }, identity.description),
  );
}

/**
 * Names one side of an identity instance: its declared name (qualified, on the left, by the column
 * or row it applies along) or the names of its cells.
 */
function sideName(declared: LocalizedText | undefined, cells: readonly IssueCell[], check: IdentityCheck, side: 'left' | 'right'): LocalizedText {
  if (!declared) {
    const name = sumName(cells);
    return check.crossYear && side === 'right' ? { 'zh-CN': `上年报告的${name['zh-CN']}`, en: `last year's ${name.en}` } : name;
  }
  const along = side === 'left' ? alongName(check, cells) : '';
  return along ? { 'zh-CN': `${declared['zh-CN']}（${along}）`, en: `${declared.en} (${along})` } : declared;
}

function alongName(check: IdentityCheck, cells: readonly IssueCell[]): string {
  const first = cells[0];
  if (!first) return '';
  if (check.identity.each === 'column') {
    const row = first.rowLabel.split('/').pop() ?? '';
    return first.name.startsWith(row) ? first.name.slice(row.length + 1, -1) : '';
  }
  if (check.identity.each === 'row') return first.rowLabel.split('/').pop() ?? '';
  return '';
}

// ── cross-year ──────────────────────────────────────────────────────────────────────────────────

function checkCrossYear(report: Report, state: State, previous: Report, extra: readonly Format[] | undefined, emit: (d: IssueData) => void): void {
  const { plan } = state;
  const previousFormatId = isObject(previous) && typeof previous.format === 'string' ? previous.format : '(none)';
  const previousFormat = getFormat(previousFormatId, extra);
  // Last year's report of the same organ, or no cross-year rule is run (a report of two years
  // back, or of another organ, would only produce false findings).
  const year = own(own(report, 'metadata'), 'year');
  const previousYear = own(own(previous, 'metadata'), 'year');
  if (typeof year === 'number' && typeof previousYear === 'number' && previousYear !== year - 1) {
    emit(base('previous_year_mismatch', { id: 'crossYear.year', kind: 'customary', severity: 'warning' }, 'warning', [], { previousFormat: previousFormatId, previousYear }));
    return;
  }
  const agency = own(own(report, 'metadata'), 'agency');
  const previousAgency = own(own(previous, 'metadata'), 'agency');
  if (typeof agency === 'string' && typeof previousAgency === 'string' && agency.trim() !== '' && previousAgency.trim() !== '' && squash(agency) !== squash(previousAgency)) {
    emit(base('previous_agency_mismatch', { id: 'crossYear.agency', kind: 'customary', severity: 'warning' }, 'warning', [], { previousFormat: previousFormatId, previousAgency }));
    return;
  }
  if (!previousFormat) {
    emit(base('unknown_format', 'format.known', 'error', [], { path: `previous: ${previousFormatId}` }));
    return;
  }
  const previousPlan = planFor(previousFormat);
  const previousTables = own(previous, 'tables');
  const read = (term: PlanTerm): Num | undefined => {
    const cell = previousPlan.cellByRef.get(term.ref);
    if (!cell) return undefined;
    const raw = own(own(own(previousTables, cell.info.table), cell.info.row.id), cell.info.column.id);
    if (typeof raw === 'number' && Number.isSafeInteger(raw)) return raw;
    if (typeof raw === 'string' && isDecimalString(raw)) return cell.info.kind === 'money' ? new Decimal(raw) : Number(raw);
    return undefined;
  };
  const notComparable = new Map<string, { check: IdentityCheck; cells: IssueCell[] }>();
  for (const check of plan.identities) {
    if (!check.crossYear) continue;
    const previousTerms = [...check.left, ...check.right].filter((t) => t.previous);
    const unmapped = previousTerms.filter((t) => !previousPlan.cellByRef.has(t.ref));
    if (unmapped.length > 0) {
      const entry = notComparable.get(check.identity.id) ?? { check, cells: [] };
      entry.cells.push(...identityCells(state, [...check.left, ...check.right]));
      notComparable.set(check.identity.id, entry);
      continue;
    }
    const previousMissing = previousTerms.some((t) => read(t) === undefined);
    checkIdentity(state, check, emit, read, previousMissing);
  }
  for (const { check, cells } of notComparable.values()) {
    const unique = [...new Map(cells.map((c) => [c.ref, c])).values()];
    emit(
      base('not_comparable', { ...check.rule, severity: 'info' }, 'info', unique, { identity: check.identity.id, previousFormat: previousFormat.id }, check.identity.description),
    );
  }
}

// ── narrative ───────────────────────────────────────────────────────────────────────────────────

const SENTENCE_END = /[。！？；!?;\n]/;
const FULL_WIDTH_DIGIT = /[０-９]/g;

/** A section on the way down the tree: its title and its parent's, for naming it in issues. */
interface SectionPath {
  readonly title: string;
  readonly parent: SectionPath | undefined;
}

/** A section's path: its titles from the top, joined with "/". */
function pathOf(at: SectionPath): string {
  const titles: string[] = [];
  for (let p: SectionPath | undefined = at; p !== undefined; p = p.parent) titles.push(p.title);
  return titles.reverse().join('/');
}

/**
 * Every paragraph of the sections in document order, with its section; iterative (a report built
 * in code may nest deeply, or even be circular).
 */
function paragraphs(sections: readonly Section[] | undefined): Array<{ text: string; at: SectionPath }> {
  const out: Array<{ text: string; at: SectionPath }> = [];
  const stack: Array<{ section: Record<string, unknown>; parent: SectionPath | undefined }> = [];
  const seen = new Set<unknown>();
  const push = (list: unknown, parent: SectionPath | undefined) => {
    if (!Array.isArray(list) || seen.has(list)) return;
    seen.add(list);
    for (let i = list.length - 1; i >= 0; i--) {
      const section: unknown = list[i];
      if (isObject(section) && !seen.has(section)) {
        seen.add(section);
        stack.push({ section, parent });
      }
    }
  };
  push(sections, undefined);
  while (stack.length > 0) {
    const { section, parent } = stack.pop()!;
    const at: SectionPath = { title: typeof section.title === 'string' ? section.title : '', parent };
    if (Array.isArray(section.paragraphs)) {
      for (const p of section.paragraphs) if (typeof p === 'string') out.push({ text: p, at });
    }
    push(section.subsections, at);
  }
  return out;
}

const HAS_DIGIT = /[0-9]/;

function checkNarrative(report: Report, state: State, emit: (d: IssueData) => void): void {
  const { plan } = state;
  const seen = new Set<string>();
  const refRule: RuleRef = { id: 'refs.known', kind: 'official', severity: 'error' };
  const narrativeRule: RuleRef = { id: 'A11', kind: 'customary', severity: 'warning' };
  for (const { text: original, at: where } of paragraphs(own(report, 'sections') as Section[] | undefined)) {
    if (original.includes('{{')) {
      for (const ref of findReferences(original, plan.format)) {
        if (!ref.cell) emit(base('unknown_reference', refRule, 'error', [], { path: ref.ref, section: pathOf(where) }));
      }
    }
    if (plan.cues.length === 0) continue;
    FULL_WIDTH_DIGIT.lastIndex = 0;
    const text = FULL_WIDTH_DIGIT.test(original)
      ? original.replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
      : original;
    // Every cue quotes a number: a paragraph without a digit has nothing to compare; nor has one
    // where no cue matches (one scan for all cues).
    if (!HAS_DIGIT.test(text)) continue;
    if (plan.cueFilter && !plan.cueFilter.test(text)) continue;
    // Sentences are found once per paragraph and judged once per cue: a long paragraph with many
    // quoted figures stays linear.
    const sentences = new Sentences(text);
    for (const cue of plan.cues) {
      let verdicts: Map<number, boolean> | undefined; // made on the first quoted figure that differs
      cue.pattern.lastIndex = 0;
      for (let m = cue.pattern.exec(text); m; m = cue.pattern.exec(text)) {
        if (m[0].length === 0) cue.pattern.lastIndex++;
        const digits = m[1] ?? '';
        const quoted = Number(digits.includes(',') ? digits.replace(/,/g, '') : digits);
        if (!Number.isSafeInteger(quoted)) continue;
        let actual: Num | undefined;
        if (cue.cells.length === 1) actual = effective(state, cue.cells[0]!);
        else {
          const values = cue.cells.map((i) => effective(state, i));
          actual = values.some((v) => v === undefined) ? undefined : weightedSum(values as Num[]);
        }
        if (actual === undefined || compare(actual, quoted) === 0) continue;
        const at = sentences.around(m.index, m.index + m[0].length);
        verdicts ??= new Map();
        let fits = verdicts.get(at.key);
        if (fits === undefined) {
          const sentence = at.text();
          fits = !(cue.cue.requires && !cue.cue.requires.some((w) => sentence.includes(w))) && !cue.cue.excludes?.some((w) => sentence.includes(w));
          verdicts.set(at.key, fits);
        }
        if (!fits) continue;
        const key = `${cue.cue.id}|${quoted}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const quotes = cue.cells.map((i) => plan.cells[i]!.issueCell);
        const { unit, table } = plan.cells[cue.cells[0]!]!.info;
        const alsoEquals = plan.cells
          .filter((c) => quoted !== 0 && c.info.printed && c.info.unit === unit && c.info.table === table && !cue.cells.includes(c.index))
          .filter((c) => {
            const v = effective(state, c.index);
            return v !== undefined && compare(v, quoted) === 0;
          })
          .slice(0, 5)
          .map((c) => c.issueCell);
        emit(
          base('narrative_mismatch', narrativeRule, 'warning', [...quotes, ...alsoEquals], {
            cue: cue.cue.id,
            quotes,
            quoted,
            actual: toAmount(actual),
            difference: toAmount(subtract(quoted, actual)),
            excerpt: clauseAround(text, m.index, m.index + m[0].length),
            section: pathOf(where),
            alsoEquals,
            path: `${cue.cue.id}|${quoted}`,
          }, cue.cue.description),
        );
      }
    }
  }
}

/** The sentences of a text: the positions of the characters that end them, found once. */
class Sentences {
  private ends: number[] | undefined;
  private readonly texts = new Map<number, string>();
  constructor(private readonly text: string) {}

  /**
   * The sentence around `text[start, end)`: from just after the last sentence end before `start`
   * to the first sentence end at or after `end`. `key` names it; `text()` gives it, trimmed.
   */
  around(start: number, end: number): { key: number; text: () => string } {
    const ends = (this.ends ??= this.find());
    const before = lastBelow(ends, start); // index into ends, or -1
    const from = before < 0 ? 0 : ends[before]! + 1;
    const after = firstAtLeast(ends, end);
    const to = after < ends.length ? ends[after]! : this.text.length;
    const key = from * (this.text.length + 1) + to;
    return {
      key,
      text: () => {
        let t = this.texts.get(key);
        if (t === undefined) {
          t = this.text.slice(from, to).trim();
          this.texts.set(key, t);
        }
        return t;
      },
    };
  }

  private find(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.text.length; i++) if (SENTENCE_END.test(this.text[i]!)) out.push(i);
    return out;
  }
}

/** The index of the last element below `value` in a sorted array, or -1. */
function lastBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The index of the first element at least `value` in a sorted array, or its length. */
function firstAtLeast(sorted: readonly number[], value: number): number {
  return lastBelow(sorted, value) + 1;
}

const CLAUSE_END = /[，,。！？；!?;\n]/;

function clauseAround(text: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && start - from < 40 && !CLAUSE_END.test(text[from - 1]!)) from--;
  let to = end;
  while (to < text.length && to - end < 40 && !CLAUSE_END.test(text[to]!)) to++;
  return text.slice(from, to).trim();
}

// ── attachments ─────────────────────────────────────────────────────────────────────────────────

/** Tables an attachment lists that the format lacks, or that were listed before: the renderers print neither. */
function checkAttachments(report: Report, plan: Plan, emit: (d: IssueData) => void): void {
  const attachments = own(report, 'attachments');
  if (!Array.isArray(attachments)) return;
  const rule: RuleRef = { id: 'tables.known', kind: 'official', severity: 'warning' };
  const listed = new Set<string>();
  attachments.forEach((attachment, i) => {
    const tables = own(attachment, 'tables');
    if (!Array.isArray(tables)) return;
    tables.forEach((id, j) => {
      const path = `attachments/${i}/tables/${j}`;
      if (typeof id !== 'string' || !plan.index.tableById.has(id)) emit(base('unknown_table', rule, 'warning', [], { path, value: id }));
      else if (listed.has(id)) emit(base('repeated_table', { ...rule, severity: 'info' }, 'info', [], { path, value: id }));
      else listed.add(id);
    });
  });
}

// ── sections ────────────────────────────────────────────────────────────────────────────────────

const squash = (s: string) => (/[\s\u3000]/.test(s) ? s.replace(/[\s\u3000]/g, '') : s);

/** Every text of a section and its subsections (titles of subsections included), in document order; iterative. */
function sectionTexts(section: Section): string[] {
  const out: string[] = [];
  const stack: unknown[] = [section];
  const seen = new Set<unknown>();
  let first = true;
  while (stack.length > 0) {
    const current = stack.pop();
    if (!isObject(current) || seen.has(current)) continue;
    seen.add(current);
    if (!first && typeof current.title === 'string') out.push(current.title);
    first = false;
    if (Array.isArray(current.paragraphs)) for (const p of current.paragraphs) if (typeof p === 'string') out.push(p);
    if (Array.isArray(current.subsections)) for (let i = current.subsections.length - 1; i >= 0; i--) stack.push(current.subsections[i]);
  }
  return out;
}

/** Characters in texts, white space not counted, a surrogate pair counted once. */
function characterCount(texts: readonly string[]): number {
  let count = 0;
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x3000 || (c >= 0x09 && c <= 0x0d) || c === 0xa0) continue;
      if (c >= 0xdc00 && c <= 0xdfff) continue;
      count++;
    }
  }
  return count;
}

function checkSections(report: Report, plan: Plan, emit: (d: IssueData) => void): void {
  const format = plan.format;
  const sections = Array.isArray(report.sections) ? report.sections.filter(isObject) as Section[] : [];
  const templates = format.sections;
  if (templates.length === 0) return;
  const rule: RuleRef = { id: 'sections.present', ...(format.sectionRule ?? { kind: 'official', severity: 'warning' }) };
  const orderRule: RuleRef = { ...rule, id: 'sections.order' };
  const position = new Map<string, number>();
  const found = new Map<string, Section>();
  sections.forEach((section, i) => {
    const byId = typeof section.id === 'string' && plan.sectionIds.has(section.id) ? section.id : undefined;
    const id = byId ?? (typeof section.title === 'string' ? plan.sectionTitles.get(squash(section.title)) : undefined);
    if (id && !found.has(id)) {
      found.set(id, section);
      position.set(id, i);
    }
  });
  let last = -1;
  for (const template of templates) {
    const section = found.get(template.id);
    if (!section) {
      emit(base('section_missing', rule, rule.severity, [], { section: template.id, title: template.title }));
      continue;
    }
    const at = position.get(template.id)!;
    if (at < last) emit(base('section_order', orderRule, orderRule.severity, [], { section: template.id, title: template.title }));
    last = Math.max(last, at);
    if (!template.mentions && template.maxLength === undefined) continue;
    const texts = sectionTexts(section);
    for (const mention of template.mentions ?? []) {
      if (!mention.any.some((w) => texts.some((t) => t.includes(w)))) {
        emit(base('mention_missing', { id: mention.rule, kind: mention.kind, severity: mention.severity }, mention.severity, [], { section: template.id, title: template.title }, mention.description));
      }
    }
    // Counting is only needed when the texts, white space included, are longer than the limit.
    if (template.maxLength !== undefined && texts.reduce((sum, t) => sum + t.length, 0) > template.maxLength) {
      const length = characterCount(texts);
      if (length > template.maxLength) {
        emit(base('section_too_long', { id: 'sections.length', kind: 'official', severity: 'info' }, 'info', [], { section: template.id, title: template.title, length, limit: template.maxLength }));
      }
    }
  }
}

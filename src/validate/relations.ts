import { FastKind, type IdentityCheck, type Plan, type PlanTerm, type RuleRef, type TreeCheck } from '../formats/plan.js';
import type { LocalizedText } from '../formats/types.js';
import { compare, subtract, toAmount, weightedSum, type Num } from '../issues/amount.js';
import { fingerprintOf, type Interval, type IssueCell } from '../issues/issues.js';
import { decideDistinct, decideLinear, difference, emptyForm, knownValue, rangeOf, Unknown, type DistinctDecision, type Form, type Outcome, type Range } from './bounds.js';
import { base, type Emit } from './emit.js';
import { effective, INVALID, isReported, KIND_SIGNED, ZEROED, type State } from './values.js';

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

/** What a tree relation says of a total (its name in both locales). */
const treeText = (relation: TreeCheck['relation'], zh: string, en: string): LocalizedText => ({
  'zh-CN': relation === 'sum' ? `${zh}等于各子项之和` : relation === 'partOf' ? `“其中”项不大于${zh}` : `${zh}介于最大子项与子项之和之间`,
  en: relation === 'sum' ? `${en} equals the sum of its parts` : relation === 'partOf' ? `a part is at most ${en}` : `${en} lies between its largest part and the sum of its parts`,
});

/** What a group of several tree relations of one rule says. */
const GENERAL = Object.fromEntries((['sum', 'partOf', 'distinct'] as const).map((r) => [r, treeText(r, '合计', 'the total')])) as Record<TreeCheck['relation'], LocalizedText>;

/** Instances of one rule in one table that hold if their blanks are 0, or that their blanks leave open. */
export interface BlankGroup {
  readonly code: 'cannot_check' | 'holds_if_zero';
  readonly rule: RuleRef;
  readonly table: string;
  readonly cells: Set<number>;
  relations: number;
  description: LocalizedText | undefined;
  /** True once instances with different descriptions joined (the description is then the general one). */
  mixed: boolean;
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
  description: () => LocalizedText | undefined,
  general: LocalizedText | undefined,
  identity: string,
  previousMissing = false,
): void {
  const key = `${code}\u0000${rule.id}\u0000${table}`;
  let group = state.groups.get(key);
  if (!group) {
    group = { code, rule, table, cells: new Set(), relations: 0, description: description(), mixed: false, identity, previousMissing };
    state.groups.set(key, group);
  } else {
    if (!group.mixed) {
      const d = description();
      if (group.description?.['zh-CN'] !== d?.['zh-CN'] || group.description?.en !== d?.en) {
        group.description = general;
        group.mixed = true;
      }
    }
    if (group.identity !== identity) group.identity = null;
    group.previousMissing ||= previousMissing;
  }
  group.relations++;
  for (const form of forms) for (const [i, c] of form.unknowns) if (c !== 0) group.cells.add(i);
}

/** One issue per group: the blank cells as data, a message that counts them. */
export function emitGroups(state: State, emit: Emit): void {
  for (const group of state.groups.values()) {
    const cells = [...group.cells].sort((a, b) => a - b).map((i) => state.plan.cells[i]!.issueCell);
    emit({
      code: group.code,
      severity: 'info',
      rule: group.rule.id,
      ruleKind: group.rule.kind,
      cells,
      ...(group.description ? { description: group.description } : {}),
      // Stable while values change: the rule and the table, not the blanks or the instances.
      fingerprint: fingerprintOf([group.code, group.rule.id, group.table]),
      absent: cells,
      count: cells.length,
      table: group.table,
      relations: group.relations,
      ...(group.identity ? { identity: group.identity } : {}),
      ...(group.previousMissing ? { previousMissing: true } : {}),
    });
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
    case FastKind.Equal:
    case FastKind.AtMost: {
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
      return fast.kind[k] === FastKind.Equal ? up === down : up <= down;
    }
    case FastKind.PartOf: {
      const total = numbers[slot[from]!]!;
      if (!(total <= Number.MAX_SAFE_INTEGER)) return false;
      for (let t = from + 1; t < to; t++) if (!(numbers[slot[t]!]! <= total)) return false;
      return true;
    }
    case FastKind.Distinct: {
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
export function checkRelations(state: State, emit: Emit): void {
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

/**
 * Checks one tree relation exactly. Blanks are unknown values (see `bounds.ts`); without blanks
 * the same decision is a comparison of the two known sides.
 */
function checkTree(state: State, tree: TreeCheck, emit: Emit): void {
  const { plan } = state;
  const total = tree.total;
  if (!isReported(state, total) && tree.relation === 'sum' && !plan.cells[total]!.info.printed) return; // a derived subtotal: nothing to check
  const involved = [total, ...tree.parts];
  if (!involved.some((i) => isReported(state, i))) return;
  // What issues say is made only for an issue: most relations that reach here hold over their blanks.
  const totalCell = plan.cells[total]!.issueCell;
  const partCells = () => tree.parts.map((i) => plan.cells[i]!.issueCell);
  const table = plan.cells[total]!.info.table;
  const description = () => treeText(tree.relation, totalCell.name, totalCell.name);
  const kind = unknownKind(state);
  const whole = totalForm(state, total);
  const blank = (outcome: Outcome, forms: readonly Form[]) => {
    if (outcome === 'holdsIfZero' || outcome === 'open') gather(state, outcome === 'open' ? 'cannot_check' : 'holds_if_zero', tree.rule, table, forms, description, GENERAL[tree.relation], '');
  };
  if (tree.relation === 'partOf') {
    for (const p of tree.parts) {
      const part = cellForm(state, p);
      const outcome = decideLinear(difference(part, whole), 'le', kind);
      if (outcome !== 'error') blank(outcome, [part, whole]);
      else emit(base('part_exceeds_whole', tree.rule, tree.rule.severity, [totalCell, plan.cells[p]!.issueCell], crossingData(state, part, whole, kind), description()));
    }
    return;
  }
  const cells = () => [totalCell, ...partCells()];
  if (tree.relation === 'distinct') {
    const parts = tree.parts.map((p) => cellForm(state, p));
    const decision = decideDistinct(whole, parts, kind);
    if (decision.outcome !== 'error') return blank(decision.outcome, [whole, ...parts]);
    return emitDistinct(state, tree.rule, cells(), decision, whole, parts, description(), {}, emit);
  }
  const sum = emptyForm();
  for (const p of tree.parts) addTerm(state, sum, p, 1);
  const outcome = decideLinear(difference(whole, sum), 'eq', kind);
  if (outcome !== 'error') return blank(outcome, [whole, sum]);
  emit(
    base('sum_mismatch', tree.rule, tree.rule.severity, cells(), {
      ...crossingData(state, whole, sum, kind),
      left: [totalCell],
      right: partCells(),
      absent: zeroedCells(state, involved),
      sides: { left: sumName([totalCell]), right: sumName(partCells()) },
    }, description()),
  );
}

/**
 * The data of an error between two sides: their values, or with blanks the ends of their ranges
 * that cannot meet, the blank cells and both ranges.
 */
function crossingData(state: State, left: Form, right: Form, kind: (cell: number) => Unknown) {
  const l = rangeOf(left, kind);
  const r = rangeOf(right, kind);
  const { actual, expected } = crossing(l, r, left, right);
  const blank = unknownCells(state, [left, right]);
  return {
    actual: toAmount(actual),
    expected: toAmount(expected),
    difference: toAmount(subtract(actual, expected)),
    ...(blank.length > 0 ? { blank, bounds: { left: toInterval(l), right: toInterval(r) } } : {}),
  };
}

/** A de-duplicated total that no fill of its blanks (if any) can make consistent. */
function emitDistinct(
  state: State,
  rule: RuleRef,
  cells: readonly IssueCell[],
  decision: DistinctDecision,
  whole: Form,
  parts: readonly Form[],
  description: LocalizedText,
  extra: { identity?: string },
  emit: Emit,
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
  const blank = unknownCells(state, [whole, ...parts]);
  emit(
    base('distinct_out_of_range', rule, rule.severity, cells, {
      ...extra,
      actual: toAmount(actual),
      expected: toAmount(expected),
      difference: toAmount(subtract(actual, expected)),
      ...(partMin !== undefined ? { min: toAmount(partMin) } : {}),
      ...(partsMax !== undefined ? { max: toAmount(partsMax) } : {}),
      ...(blank.length > 0 ? { blank, bounds: { left: toInterval(total), right: toInterval({ min: partMin, max: partsMax }) } } : {}),
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

/** The cells of this year's terms. */
export function identityCells(state: State, terms: readonly PlanTerm[]): IssueCell[] {
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

/**
 * Checks one identity instance exactly. Blanks are unknown values (see `bounds.ts`); without
 * blanks the same decision is a comparison of the two known sides.
 */
export function checkIdentity(
  state: State,
  check: IdentityCheck,
  emit: Emit,
  previous?: (t: PlanTerm) => Num | undefined,
  previousMissing?: boolean,
): void {
  const current = [...check.left, ...check.right].filter((t) => !t.previous);
  if (!current.some((t) => isReported(state, t.cell))) return;
  const { identity, rule } = check;
  const cells = () => contributingCells(state, [...check.left, ...check.right]);
  const extra = { identity: identity.id };
  const kind = unknownKind(state);
  const left = sideForm(state, check.left, previous);
  const right = sideForm(state, check.right, previous);
  const blank = (outcome: Outcome, forms: readonly Form[], missing = false) => {
    if (outcome === 'holdsIfZero' || outcome === 'open') gather(state, outcome === 'open' ? 'cannot_check' : 'holds_if_zero', rule, identity.table, forms, () => identity.description, undefined, identity.id, missing);
  };
  if (previousMissing) return blank('open', [left, right], true);
  if (identity.relation === 'distinct') {
    const parts = check.right.map((t) => cellForm(state, t.cell, t.coefficient));
    const decision = decideDistinct(left, parts, kind);
    if (decision.outcome !== 'error') return blank(decision.outcome, [left, ...parts]);
    return emitDistinct(state, rule, cells(), decision, left, parts, identity.description, extra, emit);
  }
  const outcome = decideLinear(difference(left, right), identity.relation === 'le' ? 'le' : 'eq', kind);
  if (outcome !== 'error') return blank(outcome, [left, right]);
  const data = { ...extra, ...crossingData(state, left, right, kind) };
  if (identity.relation === 'le') {
    emit(base('bound_exceeded', rule, rule.severity, cells(), data, identity.description));
    return;
  }
  emit(
    base(check.crossYear ? 'cross_year_mismatch' : 'identity_mismatch', rule, rule.severity, cells(), {
      ...data,
      left: identityCells(state, check.left),
      right: identityCells(state, check.right),
      absent: zeroedCells(state, [...check.left, ...check.right].filter((t) => t.cell >= 0).map((t) => t.cell)),
      sides: {
        left: sideName(identity.sides?.left, termCells(state, check.left), check, 'left'),
        right: sideName(identity.sides?.right, termCells(state, check.right), check, 'right'),
      },
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

import { compare, weightedSum, type Num } from '../issues/amount.js';

/**
 * Deciding a relation over cells some of which are blank. A blank of a non-negative kind (a count,
 * an amount of money) is an unknown value ≥ 0, as XBRL Calculations 1.1 reasons with intervals; a
 * blank signed count is any value; a value that could not be read is any value and is never
 * assumed to be 0. The decision is over real fills: for the official formats, whose coefficients
 * are ±1, it is the same over whole numbers.
 */

/** What an unknown may be: ≥ 0 (`bounded`), anything (`free`), or anything and not assumed 0 (`invalid`). */
export const Unknown = { Bounded: 0, Free: 1, Invalid: 2 } as const;

/** One of {@link Unknown}'s values. */
export type Unknown = (typeof Unknown)[keyof typeof Unknown];

/** A linear form: Σ knownCoefficient × known + Σ coefficient × unknown cell. */
export interface Form {
  readonly known: Num[];
  readonly knownCoefficients: number[];
  /** Unknown cell → its coefficient (terms of one cell merged). */
  readonly unknowns: Map<number, number>;
}

/** An empty form. */
export const emptyForm = (): Form => ({ known: [], knownCoefficients: [], unknowns: new Map() });

/** How a relation over blanks comes out. */
export type Outcome =
  /** Every fill satisfies it. */
  | 'holds'
  /** No fill satisfies it. */
  | 'error'
  /** The fill with every blank 0 satisfies it (others may too). */
  | 'holdsIfZero'
  /** Some fill satisfies it, the zero fill does not (or a value could not be read). */
  | 'open';

/** The range of a quantity: a missing end is unbounded. */
export interface Range {
  readonly min: Num | undefined;
  readonly max: Num | undefined;
}

/** The known part of a form. */
export const knownValue = (form: Form): Num => weightedSum(form.known, form.knownCoefficients);

/** The range a form can take over all fills. */
export function rangeOf(form: Form, kind: (cell: number) => Unknown): Range {
  let down = false;
  let up = false;
  for (const [cell, c] of form.unknowns) {
    if (c === 0) continue;
    if (kind(cell) !== Unknown.Bounded) {
      down = true;
      up = true;
    } else if (c > 0) up = true;
    else down = true;
  }
  const k = knownValue(form);
  return { min: down ? undefined : k, max: up ? undefined : k };
}

/** left − right, as one form. */
export function difference(left: Form, right: Form): Form {
  const out: Form = { known: [...left.known, ...right.known], knownCoefficients: [...left.knownCoefficients, ...right.knownCoefficients.map((c) => -c)], unknowns: new Map(left.unknowns) };
  for (const [cell, c] of right.unknowns) out.unknowns.set(cell, (out.unknowns.get(cell) ?? 0) - c);
  return out;
}

/** True when some unknown of the form may not be assumed 0. */
function hasInvalid(form: Form, kind: (cell: number) => Unknown): boolean {
  for (const [cell, c] of form.unknowns) if (c !== 0 && kind(cell) === Unknown.Invalid) return true;
  return false;
}

/** Decides `form = 0` (`eq`) or `form ≤ 0` (`le`) over the fills of its unknowns. */
export function decideLinear(form: Form, relation: 'eq' | 'le', kind: (cell: number) => Unknown): Outcome {
  const { min, max } = rangeOf(form, kind);
  const k = knownValue(form);
  const sign = compare(k, 0);
  if (relation === 'le') {
    if (max !== undefined && sign <= 0) return 'holds';
    if (min !== undefined && sign > 0) return 'error';
    return sign <= 0 && !hasInvalid(form, kind) ? 'holdsIfZero' : 'open';
  }
  if (min !== undefined && max !== undefined) return sign === 0 ? 'holds' : 'error';
  if ((min !== undefined && sign > 0) || (max !== undefined && sign < 0)) return 'error';
  return sign === 0 && !hasInvalid(form, kind) ? 'holdsIfZero' : 'open';
}

const minOf = (a: Num, b: Num): Num => (compare(a, b) <= 0 ? a : b);
const maxOf = (a: Num, b: Num): Num => (compare(a, b) >= 0 ? a : b);

/** What {@link decideDistinct} found: the outcome, the total's range, the largest part minimum and Σ part maxima. */
export interface DistinctDecision {
  readonly outcome: Outcome;
  readonly total: Range;
  /** The largest minimum of a part (undefined when every part is unbounded below). */
  readonly partMin: Num | undefined;
  /** Σ of the parts' maxima (undefined when one is unbounded). */
  readonly partsMax: Num | undefined;
}

/**
 * Decides the de-duplicated total: max(parts) ≤ total ≤ Σ parts, each a range of its own (the
 * forms share no unknown). Feasible when some t in the total's range, at least every part's
 * minimum, has slack(t) = Σ min(part max, t) − t ≥ 0; slack is concave and piecewise linear, so
 * it is tried at the ends of that range and at each part maximum within it.
 */
export function decideDistinct(total: Form, parts: readonly Form[], kind: (cell: number) => Unknown): DistinctDecision {
  const t = rangeOf(total, kind);
  const ranges = parts.map((p) => rangeOf(p, kind));
  let partMin: Num | undefined;
  for (const r of ranges) if (r.min !== undefined) partMin = partMin === undefined ? r.min : maxOf(partMin, r.min);
  let partsMax: Num | undefined = 0;
  for (const r of ranges) partsMax = partsMax === undefined || r.max === undefined ? undefined : weightedSum([partsMax, r.max]);
  const low = t.min === undefined ? partMin : partMin === undefined ? t.min : maxOf(t.min, partMin);
  const high = t.max;
  const result = (outcome: Outcome): DistinctDecision => ({ outcome, total: t, partMin, partsMax });
  if (low !== undefined && high !== undefined && compare(low, high) > 0) return result('error');
  const unboundedParts = ranges.filter((r) => r.max === undefined).length;
  let feasible = high === undefined && unboundedParts >= 2;
  if (!feasible) {
    const clamp = (x: Num): Num => {
      const above = low === undefined ? x : maxOf(x, low);
      return high === undefined ? above : minOf(above, high);
    };
    // The ends, each part maximum and 0, moved into [low, high]: the largest is past every
    // finite breakpoint when high is unbounded, where slack no longer falls.
    const candidates = [low, high, 0, ...ranges.map((r) => r.max)].filter((x): x is Num => x !== undefined).map(clamp);
    const slack = (x: Num): Num => weightedSum([...ranges.map((r) => (r.max === undefined ? x : minOf(r.max, x))), x], [...ranges.map(() => 1), -1]);
    feasible = candidates.some((x) => compare(slack(x), 0) >= 0);
  }
  if (!feasible) return result('error');
  const zero = (): boolean => {
    if (hasInvalid(total, kind) || parts.some((p) => hasInvalid(p, kind))) return false;
    const tv = knownValue(total);
    const pv = parts.map(knownValue);
    return pv.every((p) => compare(p, tv) <= 0) && compare(tv, weightedSum(pv)) <= 0;
  };
  return result(zero() ? 'holdsIfZero' : 'open');
}

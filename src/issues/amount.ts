import { Decimal } from '../model/values.js';
import type { Amount } from './issues.js';

/** A value in arithmetic: counts stay native numbers; money (and any overflow) is an exact Decimal. */
export type Num = number | Decimal;

/** Σ coefficient × value, exactly: native numbers while the sum stays a safe integer, Decimal otherwise. */
export function weightedSum(values: readonly Num[], coefficients?: readonly number[]): Num {
  // Positive and negative terms are added apart: each running sum only grows, so both ending as
  // safe integers means no step was rounded.
  let up = 0;
  let down = 0;
  let exact = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (typeof v !== 'number') {
      exact = false;
      break;
    }
    const x = (coefficients?.[i] ?? 1) * v;
    if (x >= 0) up += x;
    else down -= x;
  }
  if (exact && Number.isSafeInteger(up) && Number.isSafeInteger(down)) return up - down;
  let sum = new Decimal(0);
  for (let i = 0; i < values.length; i++) sum = sum.plus(new Decimal(values[i]!).mul(coefficients?.[i] ?? 1));
  return sum;
}

/** Compares two values exactly: negative, zero or positive. */
export function compare(a: Num, b: Num): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return new Decimal(a).cmp(new Decimal(b));
}

/** a − b, exactly. */
export function subtract(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const d = a - b;
    if (Number.isSafeInteger(d)) return d;
  }
  return new Decimal(a).minus(new Decimal(b));
}

/** A value as issues carry it: a number for safe integers, a decimal string otherwise. */
export function toAmount(value: Num): Amount {
  if (typeof value === 'number') return value;
  if (value.isInteger() && value.abs().lte(Number.MAX_SAFE_INTEGER)) return value.toNumber();
  return value.toFixed();
}

// The named export: under NodeNext a default import of decimal.js's CommonJS typings is its namespace, not the class.
import { Decimal as DecimalBase } from 'decimal.js';

/** decimal.js with enough significant digits that sums of counts and money (at most 64 characters each) never round. */
export const Decimal = DecimalBase.clone({ precision: 100, rounding: DecimalBase.ROUND_HALF_UP });
/** An exact decimal number. */
export type Decimal = DecimalBase;
import { UNITS, type Unit } from './units.js';

/**
 * A cell's value in the canonical document: a count (a safe integer), a decimal string for money
 * (kept exactly as printed, e.g. `"24252.311082"`), or `null` when the cell is absent (blank, `-`,
 * `——`, `/`). Absent and zero differ.
 */
export type CellValue = number | string | null;

/** The canonical spelling of a decimal: optional minus, no leading zeros, optional fraction. */
export const DECIMAL_PATTERN = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** True when the cell holds no value (`null` or `undefined`). */
export function isAbsent(value: CellValue | undefined): value is null | undefined {
  return value === null || value === undefined;
}

/** True when `value` is a string in the canonical decimal spelling. */
export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && DECIMAL_PATTERN.test(value);
}

/** The number of digits after the decimal point of a canonical decimal string (0 for integers). */
export function decimalPlaces(value: string | number): number {
  const text = typeof value === 'number' ? String(value) : value;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** An exact decimal for a present cell value; throws a TypeError for anything that is not a number or decimal string. */
export function toDecimal(value: number | string): Decimal {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    return new Decimal(value);
  }
  if (!isDecimalString(value)) throw new TypeError(`not a decimal: ${JSON.stringify(value)}`);
  return new Decimal(value);
}

/**
 * Converts a money amount between units exactly, keeping every digit: `"73802895.90"` 元 is
 * `"7380.289590"` 万元 (the printed precision moved by the four places of the scale change).
 */
export function convertMoney(value: string | number, from: Unit, to: Unit): string {
  const source = UNITS[from];
  const target = UNITS[to];
  if (source.kind !== 'money' || target.kind !== 'money') {
    throw new TypeError(`convertMoney converts money units, not ${from} → ${to}`);
  }
  const amount = toDecimal(value);
  if (from === to) return typeof value === 'string' ? value : amount.toFixed();
  const ratio = new Decimal(source.scale).div(target.scale);
  const places = decimalPlaces(typeof value === 'string' ? value : amount.toFixed());
  const shift = Math.round(Math.log10(target.scale / source.scale));
  return amount.mul(ratio).toFixed(Math.max(0, places + shift));
}

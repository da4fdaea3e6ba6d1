/** The kind of value a cell holds. */
export type ValueKind = 'count' | 'signedCount' | 'money';

/** The value kinds, in a fixed order. */
export const VALUE_KINDS: readonly ValueKind[] = Object.freeze(['count', 'signedCount', 'money']);

/** A unit printed in the official tables. */
export type Unit = '条' | '件' | '次' | '篇' | '个' | '人' | '人次' | '万元' | '元';

/** What a unit measures and its scale relative to the base unit of its dimension. */
export interface UnitInfo {
  /** The unit as printed. */
  readonly symbol: Unit;
  /** `count` units hold integers; `money` units hold exact decimals. */
  readonly kind: 'count' | 'money';
  /** Multiplier to the base unit of the dimension (元 for money, 1 for counts). */
  readonly scale: number;
  /** English name. */
  readonly en: string;
}

const info = (symbol: Unit, kind: 'count' | 'money', scale: number, en: string): UnitInfo =>
  Object.freeze({ symbol, kind, scale, en });

/** Every unit xxgk knows, keyed by its printed symbol. */
export const UNITS: Readonly<Record<Unit, UnitInfo>> = Object.freeze({
  条: info('条', 'count', 1, 'item'),
  件: info('件', 'count', 1, 'case'),
  次: info('次', 'count', 1, 'time'),
  篇: info('篇', 'count', 1, 'article'),
  个: info('个', 'count', 1, 'unit'),
  人: info('人', 'count', 1, 'person'),
  人次: info('人次', 'count', 1, 'person-time'),
  万元: info('万元', 'money', 10_000, 'ten thousand yuan'),
  元: info('元', 'money', 1, 'yuan'),
});

/** True when `value` is a unit symbol xxgk knows. */
export function isUnit(value: unknown): value is Unit {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(UNITS, value);
}

/** True when a value kind may be measured in the given unit. */
export function unitFitsKind(unit: Unit, kind: ValueKind): boolean {
  return UNITS[unit].kind === (kind === 'money' ? 'money' : 'count');
}

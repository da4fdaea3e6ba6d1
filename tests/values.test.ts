import { describe, expect, it } from 'vitest';
import { UNITS, convertMoney, decimalPlaces, isDecimalString, isUnit, toDecimal, unitFitsKind } from '../src/index.js';

describe('units', () => {
  it('knows the nine printed units, their kind and scale', () => {
    expect(Object.keys(UNITS)).toEqual(['条', '件', '次', '篇', '个', '人', '人次', '万元', '元']);
    expect(UNITS.万元).toMatchObject({ kind: 'money', scale: 10_000 });
    expect(UNITS.元).toMatchObject({ kind: 'money', scale: 1 });
    expect(Object.values(UNITS).filter((u) => u.kind === 'count').every((u) => u.scale === 1)).toBe(true);
    expect(isUnit('人次')).toBe(true);
    expect(isUnit('constructor')).toBe(false);
    expect(unitFitsKind('万元', 'money')).toBe(true);
    expect(unitFitsKind('件', 'signedCount')).toBe(true);
    expect(unitFitsKind('件', 'money')).toBe(false);
  });
});

describe('exact decimals', () => {
  it('adds money exactly', () => {
    expect(toDecimal('0.1').plus(toDecimal('0.2')).toString()).toBe('0.3');
  });

  it('recognises the canonical decimal spelling only', () => {
    for (const ok of ['0', '12', '-8', '24252.311082', '0.10']) expect(isDecimalString(ok), ok).toBe(true);
    for (const bad of ['', '012', '1,234', '1e3', '.5', '5.', ' 1', 'NaN', '１２']) expect(isDecimalString(bad), bad).toBe(false);
    expect(() => toDecimal('1,234')).toThrow(TypeError);
    expect(() => toDecimal(Number.NaN)).toThrow(TypeError);
  });

  it('counts printed decimal places', () => {
    expect(decimalPlaces('24252.311082')).toBe(6);
    expect(decimalPlaces('9116.30')).toBe(2);
    expect(decimalPlaces('3')).toBe(0);
  });

  it('converts 元 and 万元 without losing a digit', () => {
    expect(convertMoney('73802895.90', '元', '万元')).toBe('7380.289590');
    expect(convertMoney('7380.289590', '万元', '元')).toBe('73802895.90');
    expect(convertMoney('0.5', '万元', '元')).toBe('5000');
    expect(convertMoney(12, '元', '万元')).toBe('0.0012');
    expect(convertMoney('24252.311082', '万元', '万元')).toBe('24252.311082');
    expect(() => convertMoney('1', '件', '万元')).toThrow(TypeError);
  });
});

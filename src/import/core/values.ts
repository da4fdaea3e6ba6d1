import type { CellInfo } from '../../formats/define.js';
import { UNITS, isUnit, type Unit } from '../../model/units.js';
import { convertMoney, type CellValue } from '../../model/values.js';
import { squash } from './conventions.js';
import type { BadValueReason } from './issues.js';

// The one reader of printed cell values, for every importer: what counts as absent (a blank, a dash,
// a slash), what a number is, and how a printed value becomes a cell's canonical value.

/** The marks official tables print for an absent value: dashes of any width, a slash, an ellipsis. */
const ABSENT_MARK = /^(?:[-‐‑‒–—―−﹣~～]+|\/|\\|…+)$/u;

/** True for a printed text that means "absent": nothing (white space only) or an absent mark (`-`, `—`, `——`, `/`, `…`, full-width forms). */
export function isAbsentText(text: string): boolean {
  const t = squash(text.replace(/[\u200b-\u200d\u2060\ufeff]+/gu, ''));
  return t === '' || ABSENT_MARK.test(t);
}

/** The result of {@link parseCellValue}: the canonical value, or why there is none. */
export type ParsedValue =
  | { readonly ok: true; readonly value: CellValue; readonly from?: Unit }
  | { readonly ok: false; readonly reason: BadValueReason };

const NUMBER_TEXT = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;
// Longest symbols first, so that 万元 is not read as 元 and 人次 not as 人.
const UNIT_SUFFIXES: readonly Unit[] = (Object.keys(UNITS) as Unit[]).sort((a, b) => b.length - a.length);

/**
 * Reads one printed or transcribed value for a cell, exactly or not at all:
 * - `null`, `undefined`, `""`, `-`, `—`, `——`, `/` (and full-width forms) are absent (`null`);
 * - numbers: counts must be safe integers (non-negative unless the cell is a signed count), money
 *   becomes its decimal string; `NaN`/`Infinity` are refused;
 * - strings: full-width digits, white space and thousands separators (`1,234`) are accepted; a
 *   fraction of zeros in a count is dropped (`12.0` → 12) but any other fraction is refused
 *   (`12.5`); exponents (`1e3`), percentages, and parenthesised numbers (`(12)`, which may mean −12
 *   or a footnote) are refused; money keeps the printed precision (`0.120` stays `"0.120"`);
 * - a unit suffix (`73802895.90元`) or `unit` (the unit printed beside the value) in another money
 *   unit is converted exactly to the cell's unit (`from` says from which); a count unit other than
 *   the cell's is refused as `wrong_unit` when it is a suffix (a printed unit column is the
 *   caller's to judge).
 */
export function parseCellValue(raw: unknown, cell: Pick<CellInfo, 'unit' | 'kind'>, unit?: string): ParsedValue {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  if (typeof raw === 'number') return fromNumber(raw, cell);
  if (typeof raw !== 'string') return { ok: false, reason: 'wrong_type' };
  let text = raw.normalize('NFKC').replace(/[\s\u200b-\u200d\u2060\ufeff]+/gu, '');
  if (text.length > 100) return { ok: false, reason: 'not_a_number' };
  if (isAbsentText(text)) return { ok: true, value: null };
  let given: Unit | undefined;
  for (const symbol of UNIT_SUFFIXES) {
    if (text.length > symbol.length && text.endsWith(symbol)) {
      given = symbol;
      text = text.slice(0, -symbol.length);
      break;
    }
  }
  if (given && UNITS[given].kind === 'count' && given !== cell.unit) return { ok: false, reason: 'wrong_unit' };
  const m = NUMBER_TEXT.exec(text);
  if (!m) return { ok: false, reason: 'not_a_number' };
  const sign = m[1] === '-' ? '-' : '';
  const whole = m[2]!.replaceAll(',', '').replace(/^0+(?=\d)/, '');
  const fraction = m[3];
  const zero = /^0+$/.test(whole) && (fraction === undefined || /^0+$/.test(fraction));
  if (cell.kind === 'money') {
    if (sign && !zero) return { ok: false, reason: 'negative' };
    if (given === undefined && unit !== undefined && isUnit(unit) && UNITS[unit].kind === 'money') given = unit;
    const decimal = fraction === undefined ? whole : `${whole}.${fraction}`;
    if (given && UNITS[given].kind === 'money' && given !== cell.unit && UNITS[cell.unit].kind === 'money') {
      return { ok: true, value: convertMoney(decimal, given, cell.unit), from: given };
    }
    if (given && UNITS[given].kind !== 'money') return { ok: false, reason: 'wrong_unit' };
    return { ok: true, value: decimal };
  }
  if (given && UNITS[given].kind === 'money') return { ok: false, reason: 'wrong_unit' };
  if (fraction !== undefined && !/^0+$/.test(fraction)) return { ok: false, reason: 'not_integer' };
  if (sign && !zero && cell.kind === 'count') return { ok: false, reason: 'negative' };
  if (whole.length > 16 || Number(whole) > Number.MAX_SAFE_INTEGER) return { ok: false, reason: 'unsafe_integer' };
  const n = Number(whole);
  return { ok: true, value: sign && n !== 0 ? -n : n };
}

function fromNumber(n: number, cell: Pick<CellInfo, 'unit' | 'kind'>): ParsedValue {
  if (!Number.isFinite(n)) return { ok: false, reason: 'not_a_number' };
  if (cell.kind === 'money') {
    if (n < 0) return { ok: false, reason: 'negative' };
    const text = String(n === 0 ? 0 : n);
    if (/^\d+(?:\.\d+)?$/.test(text)) return { ok: true, value: text };
    // Exponent notation (1e21, 1e-7): spell out the same double exactly as a decimal.
    return { ok: true, value: expandExponent(text) };
  }
  if (!Number.isInteger(n)) return { ok: false, reason: 'not_integer' };
  if (!Number.isSafeInteger(n)) return { ok: false, reason: 'unsafe_integer' };
  if (n < 0 && cell.kind === 'count') return { ok: false, reason: 'negative' };
  return { ok: true, value: n === 0 ? 0 : n };
}

function expandExponent(text: string): string {
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const digits = m[1]! + (m[2] ?? '');
  const point = 1 + Number(m[3]);
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}


/** What a table cell's text is: nothing, a number, an absent mark, a unit, or text. */
export type CellTextKind = 'empty' | 'num' | 'dash' | 'unit' | 'text';
const NUM_TEXT = /^[+-]?\d[\d,]*(?:\.\d+)?(?:万元|元|人次|条|件|次|篇|个|人)?$/u;

/** The kind of a table cell's text. */
export function cellTextKind(text: string): CellTextKind {
  const t = squash(text);
  if (t === '') return 'empty';
  if (ABSENT_MARK.test(t)) return 'dash';
  if (NUM_TEXT.test(t)) return 'num';
  if (isUnit(t)) return 'unit';
  return 'text';
}

/** True for a text the table reader takes as a value: a number (with or without a count unit) or a dash for an absent cell. */
export function isValueCell(text: string): boolean {
  const kind = cellTextKind(text);
  return kind === 'num' || kind === 'dash';
}


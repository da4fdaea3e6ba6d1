const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** A positive integer in Chinese numerals as official documents number things (1 → 一, 12 → 十二, 21 → 二十一). */
export function chineseNumeral(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n > 9999) return String(n);
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += (d === 1 && unit === '十' && out === '' ? '' : DIGITS[d]) + unit;
  });
  return out;
}

/** Reads Chinese numerals back (一 → 1, 十二 → 12); `undefined` for anything else. */
export function parseChineseNumeral(text: string): number | undefined {
  if (!/^[零〇一二三四五六七八九十百千]{1,12}$/.test(text)) return undefined;
  let total = 0;
  let digit = 0;
  const unit: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  for (const ch of text) {
    const d = DIGITS.indexOf(ch === '〇' ? '零' : ch);
    if (d >= 0) digit = d;
    else {
      total += (digit === 0 && ch === '十' ? 1 : digit) * unit[ch]!;
      digit = 0;
    }
  }
  total += digit;
  return total > 0 && chineseNumeral(total) === text.replace(/〇/g, '零') ? total : undefined;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

/**
 * The number printed before a section heading at a depth (1 = top level): 一、 for the top level,
 * （一） for subsections, 1. for the third level, （1） for the fourth and ① below that.
 */
export function sectionNumber(depth: number, n: number): string {
  switch (depth) {
    case 1:
      return `${chineseNumeral(n)}、`;
    case 2:
      return `（${chineseNumeral(n)}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
    default:
      return n <= CIRCLED.length ? CIRCLED[n - 1]! : `(${n})`;
  }
}

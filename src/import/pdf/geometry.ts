// What a PDF page holds for the reader, in page points measured from the page's top left corner:
// the text runs where they are printed and the straight rules drawn on it (table borders). The PDF
// engine fills these in (source.ts); everything after that is geometry (tables.ts, layout.ts).

/** A run of text as the PDF draws it: one string at one position in one font. */
export interface TextRun {
  readonly text: string;
  /** Left edge and right edge. */
  readonly x0: number;
  readonly x1: number;
  /** The baseline, from the page's top. */
  readonly y: number;
  /** The font size (the height of an em). */
  readonly size: number;
  /** The font's name in the document (runs in one font share it). */
  readonly font: string;
}

/** A horizontal (`y` fixed, from `a` to `b` along x) or vertical (`x` fixed, `a` to `b` along y) rule. */
export interface Rule {
  readonly horizontal: boolean;
  /** The fixed coordinate: y of a horizontal rule, x of a vertical one. */
  readonly at: number;
  /** Its extent along the other axis, a < b. */
  readonly a: number;
  readonly b: number;
}

/** One page as the reader sees it. */
export interface PageContent {
  /** 1-based page number. */
  readonly number: number;
  readonly width: number;
  readonly height: number;
  readonly runs: readonly TextRun[];
  readonly rules: readonly Rule[];
}

/** The vertical middle of a run's glyphs (its baseline less a third of an em). */
export const middleOf = (run: TextRun): number => run.y - run.size * 0.35;

/** CJK ideographs, kana, hangul and full-width punctuation: text that is written without spaces. */
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u201c\u201d\u2018\u2019\u2014\u2026\u00b7]/u;

/** True when the character is written without spaces around it (CJK and full-width punctuation). */
export const isCjk = (ch: string | undefined): boolean => ch !== undefined && CJK.test(ch);

/** Joins two pieces of text: without a space where either side is CJK, else with one. */
export function joinText(left: string, right: string, spaced: boolean): string {
  if (!left) return right;
  if (!right) return left;
  const l = left[left.length - 1];
  const r = right[0];
  if (!spaced || isCjk(l) || isCjk(r) || /\s/u.test(l!) || /\s/u.test(r!)) return left + right;
  return `${left} ${right}`;
}

/** Runs grouped into printed lines (baselines within a third of an em), top to bottom, each left to right. */
export function linesOf<T extends TextRun>(runs: readonly T[]): T[][] {
  const sorted = [...runs].sort((p, q) => middleOf(p) - middleOf(q) || p.x0 - q.x0);
  const lines: { mid: number; size: number; runs: T[] }[] = [];
  for (const run of sorted) {
    const mid = middleOf(run);
    const line = lines[lines.length - 1];
    if (line && Math.abs(mid - line.mid) <= Math.max(2, Math.min(line.size, run.size) * 0.4)) {
      line.runs.push(run);
      line.size = Math.max(line.size, run.size);
    } else lines.push({ mid, size: run.size, runs: [run] });
  }
  for (const line of lines) line.runs.sort((p, q) => p.x0 - q.x0);
  return lines.map((l) => l.runs);
}

/** The text of one line: runs joined, a space kept only between non-CJK runs set apart. */
export function lineText(runs: readonly TextRun[]): string {
  let text = '';
  let prev: TextRun | undefined;
  for (const run of runs) {
    const gap = prev ? run.x0 - prev.x1 : 0;
    text = joinText(text, run.text, prev !== undefined && gap > Math.min(prev.size, run.size) * 0.15);
    prev = run;
  }
  return tidy(text);
}

/** White space collapsed, and dropped next to CJK text (a word processor's spacing of 2024 年). */
export function tidy(text: string): string {
  return text
    .replace(/\s+/gu, ' ')
    .replace(/ (?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u201c\u201d\u2018\u2019])|(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u201c\u201d\u2018\u2019]) /gu, '')
    .trim();
}

import { findReferences } from '../formats/refs.js';
import type { RuleRef } from '../formats/plan.js';
import type { Report, Section } from '../model/report.js';
import { compare, subtract, toAmount, weightedSum, type Num } from '../issues/amount.js';
import { base, isObject, own, type Emit } from './emit.js';
import { effective, type State } from './values.js';


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

/** The figures the narrative quotes (rule A11) and its embedded `{{references}}`, against the table. */
export function checkNarrative(report: Report, state: State, emit: Emit): void {
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

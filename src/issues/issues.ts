import type { IssueCell } from '../formats/plan.js';
import type { LocalizedText, RuleKind, Severity } from '../formats/types.js';

export type { IssueCell };

/** A number in an issue: counts as numbers, money as exact decimal strings. */
export type Amount = number | string;

/** What every issue has. */
export interface IssueBase {
  readonly severity: Severity;
  /** The rule id (e.g. `A1`, `B3`, `tree.sum`, `values.integer`). */
  readonly rule: string;
  readonly ruleKind: RuleKind;
  /** The message in the requested locale (zh-CN by default). */
  readonly message: string;
  /** The cells involved. */
  readonly cells: readonly IssueCell[];
  /** What the rule says, in both locales. */
  readonly description?: LocalizedText;
  /** Stable across runs and value changes: code, rule and cells. */
  readonly fingerprint: string;
  /** Present when a waiver covers the issue; waived issues do not make a report fail. */
  readonly waived?: { readonly reason: string };
}

/** The range a quantity can take when cells are blank: a missing end is unbounded. */
export interface Interval {
  readonly min?: Amount;
  readonly max?: Amount;
}

/**
 * What an error over blank cells carries: the blanks (unknown values ≥ 0; a blank signed count is
 * any value) and the range each side can take, so that the bound that failed is data (e.g. the
 * parts are at least 15, the total is 14).
 */
export interface BlankBounds {
  /** The blank cells the relation runs over; absent when every value was reported. */
  readonly blank?: readonly IssueCell[];
  /** With blanks: the ranges of the two sides (for a 其中 part: the part, then its whole). */
  readonly bounds?: { readonly left: Interval; readonly right: Interval };
}

/** A total that is not what its parts add up to. */
export interface ArithmeticIssue extends IssueBase, BlankBounds {
  readonly code: 'sum_mismatch' | 'identity_mismatch' | 'cross_year_mismatch';
  /** The identity instance, for declared identities (e.g. `A5.review`). */
  readonly identity?: string;
  /** The total side as reported (with blanks: the end of its range nearest the other side). */
  readonly actual: Amount;
  /** What the other side adds up to (with blanks: the end of its range nearest the total). */
  readonly expected: Amount;
  /** actual − expected. */
  readonly difference: Amount;
  /** The cells of the reported side. */
  readonly left: readonly IssueCell[];
  /** The cells of the computed side. */
  readonly right: readonly IssueCell[];
  /** Cells counted as zero because they were absent (with `absent: 'zero'`). */
  readonly absent: readonly IssueCell[];
  /** Names of the two sides, as in the messages. */
  readonly sides: { readonly left: LocalizedText; readonly right: LocalizedText };
}

/** A 其中 part larger than its whole, or a de-duplicated total outside [max part, Σ parts]. */
export interface BoundIssue extends IssueBase, BlankBounds {
  readonly code: 'part_exceeds_whole' | 'distinct_out_of_range' | 'bound_exceeded';
  readonly identity?: string;
  readonly actual: Amount;
  /** The bound that was crossed. */
  readonly expected: Amount;
  readonly difference: Amount;
  /** For distinct totals: the lowest and highest values that would be consistent. */
  readonly min?: Amount;
  readonly max?: Amount;
}

/** A number in the text that differs from the table cell it quotes. */
export interface NarrativeIssue extends IssueBase {
  readonly code: 'narrative_mismatch';
  /** The cue that found it. */
  readonly cue: string;
  /** The cells (summed) the quoted number states. */
  readonly quotes: readonly IssueCell[];
  /** The number the text quotes. */
  readonly quoted: Amount;
  /** The table's value. */
  readonly actual: Amount;
  readonly difference: Amount;
  /** The sentence that quotes it. */
  readonly excerpt: string;
  /** The section path, e.g. `二、主动公开政府信息情况/（一）信息公开基本情况`. */
  readonly section: string;
  /** Other cells whose value is the quoted number. */
  readonly alsoEquals: readonly IssueCell[];
}

/** A cell value that is not what its kind allows. */
export interface ValueIssue extends IssueBase {
  readonly code: 'not_integer' | 'negative' | 'unsafe_integer' | 'too_many_decimals' | 'wrong_type' | 'not_a_number';
  readonly value: unknown;
}

/**
 * Blank cells: a rule that holds if they are 0 (`holds_if_zero`) or that they leave open
 * (`cannot_check`), one issue per rule and table with the blank cells as `cells`; an absent cell
 * with `absent: 'error'`; how many printed cells are absent (`absent_cells`).
 */
export interface AbsentIssue extends IssueBase {
  readonly code: 'cannot_check' | 'holds_if_zero' | 'absent_cell' | 'absent_cells';
  /** The identity, when every instance grouped is of one identity. */
  readonly identity?: string;
  /** The absent cells. */
  readonly absent: readonly IssueCell[];
  /** How many cells are absent: printed cells (`absent_cells`) or blanks of the rule (grouped issues). */
  readonly count?: number;
  /** For grouped issues: the table. */
  readonly table?: string;
  /** For grouped issues: how many instances of the rule (a relation per cell, an identity per column or row). */
  readonly relations?: number;
  /** For cross-year rules: last year's report leaves a value they need blank. */
  readonly previousMissing?: boolean;
}

/**
 * A value the format has no cell for, an embedded `{{reference}}` to no cell, or an attachment
 * that lists a table the format lacks (`unknown_table`) or one already listed (`repeated_table`):
 * the renderers cannot print those, so they are named here.
 */
export interface UnknownIssue extends IssueBase {
  readonly code: 'unknown_cell' | 'unknown_reference' | 'unknown_format' | 'unknown_table' | 'repeated_table';
  /** The path in the document (e.g. `tables/applications/foo/total`) or the reference. */
  readonly path: string;
  readonly value?: unknown;
}

/** A report-level finding about the narrative sections. */
export interface SectionIssue extends IssueBase {
  readonly code: 'section_missing' | 'section_order' | 'mention_missing' | 'section_too_long';
  /** The template section id. */
  readonly section: string;
  /** The section's title. */
  readonly title: string;
  readonly length?: number;
  readonly limit?: number;
}

/**
 * A cross-year comparison that could not be made (`not_comparable`), or a report given as last
 * year's that is for another year or agency: then the cross-year rules are not run.
 */
export interface CrossYearIssue extends IssueBase {
  readonly code: 'not_comparable' | 'previous_year_mismatch' | 'previous_agency_mismatch';
  readonly identity?: string;
  readonly previousFormat: string;
  readonly previousYear?: number;
  /** The agency of the report given as last year's (`previous_agency_mismatch`). */
  readonly previousAgency?: string;
}

/** A published aggregate's cell that is not the sum of its units' cells (see `checkHierarchy`). */
export interface HierarchyIssue extends IssueBase {
  readonly code: 'hierarchy_mismatch' | 'hierarchy_unchecked';
  /** The parent's value (absent for `hierarchy_unchecked`). */
  readonly actual?: Amount;
  /** The sum over the children. */
  readonly expected: Amount;
  readonly difference?: Amount;
  /** Children (agencies) whose cell was absent. */
  readonly missing: readonly string[];
  /** How many children were summed. */
  readonly children: number;
}

/** Every issue `validate` reports: a union discriminated by `code`. */
export type Issue =
  | HierarchyIssue
  | ArithmeticIssue
  | BoundIssue
  | NarrativeIssue
  | ValueIssue
  | AbsentIssue
  | UnknownIssue
  | SectionIssue
  | CrossYearIssue;

/** The codes of every issue. */
export type IssueCode = Issue['code'];

/** 32-bit FNV-1a of a string, as 8 hex digits: the issue fingerprint. */
export function fingerprintOf(parts: readonly string[]): string {
  let hash = 0x811c9dc5;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

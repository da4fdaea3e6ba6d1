/**
 * The issue vocabulary as types: the union is discriminated by `code`, each code belongs to one
 * kind of issue, and each message template is given the data of its own kind. Checked by the type
 * checker (`npx tsc --noEmit` includes the tests) and, where values are involved, at run time.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createReport,
  formatIssue,
  setCell,
  validate,
  type AbsentIssue,
  type ArithmeticIssue,
  type BoundIssue,
  type CrossYearIssue,
  type HierarchyIssue,
  type Interval,
  type Issue,
  type IssueCell,
  type IssueCode,
  type NarrativeIssue,
  type SectionIssue,
  type UnknownIssue,
  type ValueIssue,
} from '../src/index.js';
import type { IssueData, MessageTemplates } from '../src/issues/messages.js';

/** The kind of issue a code belongs to (a kind may hold several codes). */
type Narrow<C extends IssueCode> = Issue extends infer I ? (I extends { code: infer K } ? (C extends K ? I : never) : never) : never;

/** Every code, each once: a code added to the union without a line here fails to type-check. */
const CODES = {
  sum_mismatch: 'arithmetic',
  identity_mismatch: 'arithmetic',
  cross_year_mismatch: 'arithmetic',
  part_exceeds_whole: 'bound',
  distinct_out_of_range: 'bound',
  bound_exceeded: 'bound',
  narrative_mismatch: 'narrative',
  not_integer: 'value',
  negative: 'value',
  unsafe_integer: 'value',
  too_many_decimals: 'value',
  wrong_type: 'value',
  not_a_number: 'value',
  cannot_check: 'absent',
  holds_if_zero: 'absent',
  absent_cell: 'absent',
  absent_cells: 'absent',
  unknown_cell: 'unknown',
  unknown_reference: 'unknown',
  unknown_format: 'unknown',
  unknown_table: 'unknown',
  repeated_table: 'unknown',
  section_missing: 'section',
  section_order: 'section',
  mention_missing: 'section',
  section_too_long: 'section',
  not_comparable: 'crossYear',
  previous_year_mismatch: 'crossYear',
  previous_agency_mismatch: 'crossYear',
  hierarchy_mismatch: 'hierarchy',
  hierarchy_unchecked: 'hierarchy',
} as const satisfies Record<IssueCode, string>;

describe('the issue union', () => {
  it('is discriminated by code: each code narrows to its one kind of issue', () => {
    expectTypeOf<keyof typeof CODES>().toEqualTypeOf<IssueCode>();
    expectTypeOf<Narrow<'sum_mismatch'>>().toEqualTypeOf<ArithmeticIssue>();
    expectTypeOf<Narrow<'part_exceeds_whole'>>().toEqualTypeOf<BoundIssue>();
    expectTypeOf<Narrow<'narrative_mismatch'>>().toEqualTypeOf<NarrativeIssue>();
    expectTypeOf<Narrow<'negative'>>().toEqualTypeOf<ValueIssue>();
    expectTypeOf<Narrow<'holds_if_zero'>>().toEqualTypeOf<AbsentIssue>();
    expectTypeOf<Narrow<'cannot_check'>>().toEqualTypeOf<AbsentIssue>();
    expectTypeOf<Narrow<'unknown_cell'>>().toEqualTypeOf<UnknownIssue>();
    expectTypeOf<Narrow<'section_missing'>>().toEqualTypeOf<SectionIssue>();
    expectTypeOf<Narrow<'previous_agency_mismatch'>>().toEqualTypeOf<CrossYearIssue>();
    expectTypeOf<Narrow<'hierarchy_mismatch'>>().toEqualTypeOf<HierarchyIssue>();
  });

  it('carries the bounds of an error over blanks as optional data', () => {
    expectTypeOf<ArithmeticIssue['blank']>().toEqualTypeOf<readonly IssueCell[] | undefined>();
    expectTypeOf<BoundIssue['bounds']>().toEqualTypeOf<{ readonly left: Interval; readonly right: Interval } | undefined>();
    expectTypeOf<Interval['min']>().toEqualTypeOf<number | string | undefined>();
  });

  it('narrows in code: a switch on code reaches the payload without casts', () => {
    const report = setCell(setCell(createReport('gov-2021', { agency: '甲', year: 2022 }), 'applications.results.granted/total', 3), 'applications.results.total/total', 2);
    const summaries = validate(report).issues.map((issue) => {
      switch (issue.code) {
        case 'identity_mismatch':
          return `${issue.rule} ${issue.bounds?.right.min}`;
        case 'holds_if_zero':
        case 'cannot_check':
          return `${issue.rule} ${issue.count}`;
        default:
          return issue.code;
      }
    });
    expect(summaries).toContain('A3 3');
  });
});

describe('the message templates', () => {
  it('has one template per code, each given its own kind of issue without the message', () => {
    expectTypeOf<keyof MessageTemplates>().toEqualTypeOf<IssueCode>();
    expectTypeOf<Parameters<MessageTemplates['sum_mismatch']>[0]>().toEqualTypeOf<Omit<ArithmeticIssue, 'message'>>();
    expectTypeOf<Parameters<MessageTemplates['holds_if_zero']>[0]>().toEqualTypeOf<Omit<AbsentIssue, 'message'>>();
    expectTypeOf<Parameters<MessageTemplates['hierarchy_unchecked']>[0]>().toEqualTypeOf<Omit<HierarchyIssue, 'message'>>();
    expectTypeOf<ReturnType<MessageTemplates['narrative_mismatch']>>().toEqualTypeOf<string>();
    expectTypeOf<IssueData>().toEqualTypeOf<Issue extends infer I ? (I extends Issue ? Omit<I, 'message'> : never) : never>();
  });

  it('formatIssue takes any issue and a locale, and writes a string', () => {
    expectTypeOf(formatIssue).parameter(0).toEqualTypeOf<Issue>();
    expectTypeOf(formatIssue).returns.toEqualTypeOf<string>();
    expect(Object.keys(CODES)).toHaveLength(31);
  });
});

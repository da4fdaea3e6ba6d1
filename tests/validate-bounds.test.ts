/**
 * A blank cell of a non-negative kind is an unknown value ≥ 0 (a blank signed count is any value).
 * These tests hold validate's decision over blanks to a brute-force reference: on small reports of
 * a local format, every fill of a relation's blanks is tried, and the relation is an error exactly
 * when no fill satisfies it; it "holds if the blanks are 0" when the zero fill does and not every
 * fill does; and "cannot check" when some fill does but the zero fill does not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complete, createReport, defineFormat, formats, getCell, indexFormat, setCell, validate, type Format, type Issue, type Report } from '../src/index.js';
import { decideDistinct, decideLinear, emptyForm, Unknown, type Form } from '../src/validate/bounds.js';
import { planFor } from '../src/formats/plan.js';
import { leaves as randomLeaves, type FormatId } from './helpers/generators.js';
import { SEED } from './helpers/fuzz.js';

const rule = (id: string) => ({ id, kind: 'customary' as const, severity: 'error' as const });

/**
 * One value column, so that each rule has one instance (a 其中 rule one per part): a sum over a
 * derived subtotal the table does not print, a 其中 row, a de-duplicated row, and identities that
 * are ≤ (with a coefficient of 2), = over a signed count, and distinct.
 */
const local: Format = defineFormat({
  ...formats['gov-2014'],
  id: 'local-bounds',
  edition: 'local-bounds',
  cues: [],
  identities: [
    { id: 'L1', rule: 'L1', kind: 'customary', severity: 'error', table: 'stats', each: 'column', relation: 'le', left: ['d'], right: ['e', { ref: 'f', coefficient: 2 }], description: { 'zh-CN': 'L1', en: 'L1' } },
    { id: 'L2', rule: 'L2', kind: 'customary', severity: 'error', table: 'stats', each: 'column', relation: 'eq', left: ['a.h'], right: ['d', 'g'], description: { 'zh-CN': 'L2', en: 'L2' } },
    { id: 'L3', rule: 'L3', kind: 'customary', severity: 'error', table: 'stats', each: 'column', relation: 'distinct', left: ['d'], right: ['e', 'f'], description: { 'zh-CN': 'L3', en: 'L3' } },
    { id: 'L4', rule: 'L4', kind: 'customary', severity: 'error', table: 'stats', each: 'column', relation: 'eq', left: ['e'], right: ['f', { ref: 'g', coefficient: -1 }], description: { 'zh-CN': 'L4', en: 'L4' } },
    { id: 'L5', rule: 'L5', kind: 'customary', severity: 'error', table: 'stats', each: 'column', relation: 'eq', left: ['e', 'b.one'], right: ['c.one', 'a.k'], description: { 'zh-CN': 'L5', en: 'L5' } },
  ],
  tables: [
    {
      id: 'stats',
      title: '统计表',
      columns: [{ id: 'value', label: '统计数' }],
      rows: [
        {
          id: 'a',
          label: '总数',
          unit: '件',
          relation: 'sum',
          rule: rule('RA'),
          children: [
            { id: 'a.h', label: '小计', relation: 'sum', printed: false, rule: rule('RH'), children: [{ id: 'a.h.one', label: '一' }, { id: 'a.h.two', label: '二' }] },
            { id: 'a.k', label: '其他' },
          ],
        },
        { id: 'b', label: '其中总数', unit: '件', relation: 'partOf', rule: rule('RB'), children: [{ id: 'b.one', label: '其中甲' }, { id: 'b.two', label: '其中乙' }] },
        { id: 'c', label: '去重总数', unit: '件', relation: 'distinct', rule: rule('RC'), children: [{ id: 'c.one', label: '渠道甲' }, { id: 'c.two', label: '渠道乙' }, { id: 'c.three', label: '渠道丙' }] },
        { id: 'd', label: '丁', unit: '件' },
        { id: 'e', label: '戊', unit: '件' },
        { id: 'f', label: '己', unit: '件' },
        { id: 'g', label: '庚', unit: '件', kind: 'signedCount' },
      ],
    },
  ],
});

const plan = planFor(local);
const printed = plan.cells.filter((c) => c.info.printed).map((c) => c.info.row.id);
const SIGNED = new Set(['g']);
/** Blanks are tried over 0 … M (signed: −M … M): enough for values of at most 3. */
const M = 12;

type Values = ReadonlyMap<string, number>;
const leaves = (row: string): string[] => (row === 'a.h' ? ['a.h.one', 'a.h.two'] : [row]);
const sum = (v: Values, rows: readonly string[]) => rows.flatMap(leaves).reduce((s, r) => s + v.get(r)!, 0);
const distinct = (total: number, parts: readonly number[]) => Math.max(...parts) <= total && total <= parts.reduce((a, b) => a + b, 0);

/** One instance of a rule: the rows it reads, whether it is checked at all, and what it asserts. */
interface Instance {
  readonly key: string;
  readonly rows: readonly string[];
  /** The cells of which one must be reported for the rule to be checked (default: `rows`); a 其中 rule is one relation over all its parts. */
  readonly gate?: readonly string[];
  readonly holds: (v: Values) => boolean;
}

const INSTANCES: readonly Instance[] = [
  { key: 'RA', rows: ['a', 'a.h', 'a.k'], holds: (v) => v.get('a') === sum(v, ['a.h', 'a.k']) },
  { key: 'RB|b.one', rows: ['b', 'b.one'], gate: ['b', 'b.one', 'b.two'], holds: (v) => v.get('b.one')! <= v.get('b')! },
  { key: 'RB|b.two', rows: ['b', 'b.two'], gate: ['b', 'b.one', 'b.two'], holds: (v) => v.get('b.two')! <= v.get('b')! },
  { key: 'RC', rows: ['c', 'c.one', 'c.two', 'c.three'], holds: (v) => distinct(v.get('c')!, ['c.one', 'c.two', 'c.three'].map((r) => v.get(r)!)) },
  { key: 'L1', rows: ['d', 'e', 'f'], holds: (v) => v.get('d')! <= v.get('e')! + 2 * v.get('f')! },
  { key: 'L2', rows: ['a.h', 'd', 'g'], holds: (v) => sum(v, ['a.h']) === v.get('d')! + v.get('g')! },
  { key: 'L3', rows: ['d', 'e', 'f'], holds: (v) => distinct(v.get('d')!, [v.get('e')!, v.get('f')!]) },
  { key: 'L4', rows: ['e', 'f', 'g'], holds: (v) => v.get('e') === v.get('f')! - v.get('g')! },
  { key: 'L5', rows: ['e', 'b.one', 'c.one', 'a.k'], holds: (v) => v.get('e')! + v.get('b.one')! === v.get('c.one')! + v.get('a.k')! },
];

type Verdict = 'unchecked' | 'holds' | 'error' | 'holdsIfZero' | 'open';

/** Every fill of the instance's blanks tried: the verdict the rules define. */
function reference(instance: Instance, values: ReadonlyMap<string, number | null>): { verdict: Verdict; blanks: string[] } {
  // A rule is checked when one of the cells it names is reported (the derived 小计 never is).
  if (!(instance.gate ?? instance.rows).some((r) => r !== 'a.h' && values.get(r) !== null)) return { verdict: 'unchecked', blanks: [] };
  const blanks = [...new Set(instance.rows.flatMap(leaves))].filter((r) => values.get(r) === null);
  const fill = new Map<string, number>([...values].map(([k, v]) => [k, v ?? 0]));
  const zero = instance.holds(fill);
  let some = false;
  let every = true;
  const walk = (k: number): void => {
    if (k === blanks.length) {
      const ok = instance.holds(fill);
      some ||= ok;
      every &&= ok;
      return;
    }
    const row = blanks[k]!;
    for (let x = SIGNED.has(row) ? -M : 0; x <= M; x++) {
      fill.set(row, x);
      walk(k + 1);
    }
  };
  walk(0);
  return { verdict: !some ? 'error' : every ? 'holds' : zero ? 'holdsIfZero' : 'open', blanks };
}

const MISMATCHES = new Set(['sum_mismatch', 'part_exceeds_whole', 'distinct_out_of_range', 'identity_mismatch', 'bound_exceeded']);

/** The key of the instance an error issue is about (a 其中 error names its part second). */
const errorKey = (issue: Issue) => (issue.rule === 'RB' ? `RB|${issue.cells[1]!.row}` : issue.rule);

function build(values: ReadonlyMap<string, number | null>): Report {
  let report = createReport(local, { agency: '甲', year: 2022 });
  for (const [row, v] of values) report = setCell(report, `${row}/value`, v, local);
  return report;
}

const cellValue = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 3 }), weight: 3 }, { arbitrary: fc.constant(null), weight: 2 });
const reports = fc
  .tuple(fc.array(cellValue, { minLength: printed.length, maxLength: printed.length }), fc.integer({ min: -3, max: 3 }))
  .map(([vs, g]) => new Map(printed.map((row, i) => [row, row === 'g' && vs[i] !== null ? g : vs[i]!] as const)));

describe('relations over blank cells, against trying every fill', () => {
  it('an error exactly when no fill satisfies the relation; holds-if-0 and cannot-check as the fills decide', () => {
    const seen = new Map<Verdict, number>();
    fc.assert(
      fc.property(reports, (values) => {
        const issues = validate(build(values), { formats: [local] }).issues;
        const errors = new Map<string, number>();
        for (const issue of issues) if (MISMATCHES.has(issue.code)) errors.set(errorKey(issue), (errors.get(errorKey(issue)) ?? 0) + 1);
        const grouped = (code: string, key: string) => {
          const issue = issues.find((i) => i.code === code && i.rule === key.split('|')[0]);
          return new Set(issue ? issue.cells.map((c) => c.row) : []);
        };
        const expectedErrors = new Map<string, number>();
        const holdsIfZero = new Map<string, Set<string>>();
        const open = new Map<string, Set<string>>();
        for (const instance of INSTANCES) {
          const { verdict, blanks } = reference(instance, values);
          seen.set(verdict, (seen.get(verdict) ?? 0) + 1);
          if (verdict === 'error') expectedErrors.set(instance.key, 1);
          const into = verdict === 'holdsIfZero' ? holdsIfZero : verdict === 'open' ? open : undefined;
          const rule = instance.key.split('|')[0]!;
          if (into) for (const b of blanks) (into.get(rule) ?? into.set(rule, new Set()).get(rule)!).add(b);
        }
        expect(Object.fromEntries(errors)).toEqual(Object.fromEntries(expectedErrors));
        // Every rule's grouped issue names exactly the blanks of its instances with that verdict.
        for (const key of new Set(INSTANCES.map((i) => i.key.split('|')[0]!))) {
          expect([...grouped('holds_if_zero', key)].sort(), `holds_if_zero ${key}`).toEqual([...(holdsIfZero.get(key) ?? [])].sort());
          expect([...grouped('cannot_check', key)].sort(), `cannot_check ${key}`).toEqual([...(open.get(key) ?? [])].sort());
        }
      }),
      { numRuns: 300, seed: SEED },
    );
    // Every verdict came up, many times: the property was not decided by its preconditions.
    for (const verdict of ['unchecked', 'holds', 'error', 'holdsIfZero', 'open'] as const) expect(seen.get(verdict), verdict).toBeGreaterThan(20);
  });

  it('an error over blanks carries the blank cells and the two ranges that cannot meet', () => {
    fc.assert(
      fc.property(reports, (values) => {
        for (const issue of validate(build(values), { formats: [local] }).issues) {
          if (!MISMATCHES.has(issue.code) || !('blank' in issue) || issue.blank === undefined) continue;
          expect(issue.blank.length).toBeGreaterThan(0);
          for (const c of issue.blank) expect(values.get(c.row) ?? null, c.ref).toBeNull();
          const { left, right } = issue.bounds!;
          // The ends named as actual and expected are ends of the two ranges.
          expect([left.min, left.max]).toContain(issue.actual);
          expect([right.min, right.max]).toContain(issue.expected);
        }
      }),
      { numRuns: 200, seed: SEED },
    );
  });
});

describe.each(Object.keys(formats) as FormatId[])('%s: blanks in a consistent report', (id) => {
  const printed = indexFormat(formats[id]).cells.filter((c) => c.printed).map((c) => c.ref);
  it('are never an error: the values blanked are a fill that satisfies every relation', () => {
    let blanked = 0;
    fc.assert(
      fc.property(randomLeaves(id), fc.uniqueArray(fc.constantFrom(...printed), { minLength: 10, maxLength: 60 }), (report, refs) => {
        let changed = complete(report).report;
        for (const ref of refs) {
          if (getCell(changed, ref) !== null) blanked++;
          changed = setCell(changed, ref, null);
        }
        expect(validate(changed).issues.filter((i) => i.severity === 'error')).toEqual([]);
      }),
      { numRuns: 60, seed: SEED },
    );
    expect(blanked).toBeGreaterThan(300); // many blanks were tried, not only reports that left them absent already
  });
});

describe('the decisions, on their own', () => {
  const form = (known: number, unknowns: Array<[number, number]>): Form => ({ ...emptyForm(), known: [known], knownCoefficients: [1], unknowns: new Map(unknowns) });
  const bounded = () => Unknown.Bounded;

  it('decideLinear: present parts above the total; only the zero fill; open; every fill', () => {
    // total 14 − (9 + 6) − blanks = 0: no fill.
    expect(decideLinear(form(14 - 15, [[0, -1], [1, -1]]), 'eq', bounded)).toBe('error');
    expect(decideLinear(form(0, [[0, -1], [1, -1]]), 'eq', bounded)).toBe('holdsIfZero');
    expect(decideLinear(form(2, [[0, -1]]), 'eq', bounded)).toBe('open');
    expect(decideLinear(form(2, [[0, -1], [1, 1]]), 'eq', bounded)).toBe('open');
    expect(decideLinear(form(-1, [[0, -1]]), 'le', bounded)).toBe('holds');
    expect(decideLinear(form(1, [[0, 1]]), 'le', bounded)).toBe('error');
    // A signed blank can be anything; a value that could not be read is never assumed 0.
    expect(decideLinear(form(5, [[0, 1]]), 'eq', () => Unknown.Free)).toBe('open');
    expect(decideLinear(form(0, [[0, 1]]), 'eq', () => Unknown.Free)).toBe('holdsIfZero');
    expect(decideLinear(form(0, [[0, 1]]), 'eq', () => Unknown.Invalid)).toBe('open');
  });

  it('decideDistinct: a channel above the total is an error; a blank total is open', () => {
    const known = (v: number) => form(v, []);
    const blank = (i: number) => form(0, [[i, 1]]);
    expect(decideDistinct(known(3), [known(4), blank(0)], bounded)).toMatchObject({ outcome: 'error', partMin: 4, total: { min: 3, max: 3 } });
    expect(decideDistinct(known(5), [known(2), known(2)], bounded).outcome).toBe('error');
    expect(decideDistinct(known(5), [known(2), blank(0)], bounded).outcome).toBe('open');
    expect(decideDistinct(blank(9), [known(2), known(3)], bounded).outcome).toBe('open');
    expect(decideDistinct(known(2), [known(2), blank(0)], bounded).outcome).toBe('holdsIfZero');
  });
});

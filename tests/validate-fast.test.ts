/**
 * validate checks every relation twice over: first as native arithmetic over flat arrays, and
 * exactly (with the issue data) only where that fails. These tests hold the fast path to the
 * exact meaning: a BigInt reference, arithmetic that would round, and reports whose objects are
 * not plain, out of the format's order, or change while they are read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complete, createReport, defineFormat, formats, getCell, setCell, validate, type Format, type Issue, type Report } from '../src/index.js';
import { weightedSum } from '../src/issues/amount.js';
import { FastKind, planFor, type Plan } from '../src/formats/plan.js';
import { leaves, type FormatId } from './helpers/generators.js';
import { loadExample } from './helpers/examples.js';
import { SEED } from './helpers/fuzz.js';

const load = loadExample;
const q2022 = load('qingshan-2022.json');
const jiangbei = load('jiangbei-2017.json');
const MAX = Number.MAX_SAFE_INTEGER;

const MISMATCHES = new Set(['sum_mismatch', 'part_exceeds_whole', 'distinct_out_of_range', 'identity_mismatch', 'bound_exceeded']);

/**
 * Mismatch issues per rule id, over reported values only: a relation over blank cells is decided
 * by its bounds (tests/validate-bounds.test.ts holds those to a brute-force reference).
 */
function found(issues: readonly Issue[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const issue of issues) {
    if (!MISMATCHES.has(issue.code) || ('blank' in issue && issue.blank !== undefined)) continue;
    out[issue.rule] = (out[issue.rule] ?? 0) + 1;
  }
  return out;
}

/** A cell's reported value as an exact BigInt (money in hundredths), undefined when absent or not a whole count. */
function reportedValue(report: Report, plan: Plan, i: number): bigint | undefined {
  const raw = getCell(report, plan.cells[i]!.info.ref, plan.format);
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? BigInt(raw) : undefined;
  if (typeof raw === 'string') {
    const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(raw);
    return m ? BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0')) : undefined;
  }
  return undefined;
}

/**
 * The mismatches the rules define, computed independently with BigInt: per tree relation and
 * same-year identity, when the values it needs are there (blank cells leave it to its bounds).
 */
function expected(report: Report, plan: Plan): Record<string, number> {
  const n = plan.cells.length;
  const reported = Array.from({ length: n }, (_, i) => reportedValue(report, plan, i));
  const memo = new Map<number, bigint | undefined>();
  const effective = (i: number): bigint | undefined => {
    const children = plan.cells[i]!.children;
    if (!children || children.length === 0) return reported[i];
    if (!memo.has(i)) {
      const parts = children.map(effective);
      memo.set(i, parts.every((p) => p !== undefined) ? parts.reduce((a, b) => a! + b!, 0n) : reported[i]);
    }
    return memo.get(i);
  };
  const out: Record<string, number> = {};
  const count = (rule: string, k = 1) => {
    if (k > 0) out[rule] = (out[rule] ?? 0) + k;
  };
  for (const tree of plan.trees) {
    if (tree.parts.length === 0) continue;
    const total = tree.total;
    if (reported[total] === undefined && tree.relation === 'sum' && !plan.cells[total]!.info.printed) continue;
    if ([total, ...tree.parts].every((i) => reported[i] === undefined)) continue;
    const t = plan.cells[total]!.children ? reported[total] : effective(total);
    const parts = tree.parts.map(effective);
    if (t === undefined) continue;
    if (tree.relation === 'partOf') {
      count(tree.rule.id, parts.filter((p) => p !== undefined && p > t).length);
      continue;
    }
    if (parts.some((p) => p === undefined)) continue;
    const sum = parts.reduce((a, b) => a! + b!, 0n)!;
    const max = parts.reduce((a, b) => (b! > a! ? b : a))!;
    if (tree.relation === 'sum' ? t !== sum : t < max || t > sum) count(tree.rule.id);
  }
  for (const check of plan.identities) {
    if (check.crossYear) continue;
    const terms = [...check.left, ...check.right];
    if (terms.every((term) => reported[term.cell] === undefined)) continue;
    const values = terms.map((term) => effective(term.cell));
    if (values.some((v) => v === undefined)) continue;
    const side = (list: typeof check.left, from: number) =>
      list.reduce((sum, term, k) => sum + BigInt(Math.round(term.coefficient * 1000)) * values[from + k]!, 0n); // in thousandths
    const left = side(check.left, 0);
    const right = side(check.right, check.left.length);
    const { relation } = check.identity;
    if (relation === 'distinct') {
      const parts = values.slice(check.left.length).map((v) => v! * 1000n);
      const max = parts.reduce((a, b) => (b > a ? b : a));
      if (left < max || left > right) count(check.rule.id);
    } else if (relation === 'le' ? left > right : left !== right) count(check.rule.id);
  }
  return out;
}

/** A count near 0, near 2^52 or near 2^53: sums of the last two are not safe integers. */
const value = fc.oneof(fc.nat({ max: 50 }), fc.integer({ min: 2 ** 52 - 3, max: 2 ** 52 + 3 }), fc.integer({ min: MAX - 3, max: MAX }));

describe.each(Object.keys(formats) as FormatId[])('%s: the mismatches found are exactly those the rules define', (id) => {
  const plan = planFor(formats[id]);
  const counts = plan.cells.filter((c) => c.info.printed && c.info.kind !== 'money').map((c) => c.info.ref);
  // An edit sets a cell (huge values included), leaves it absent, or moves it by at most 2: the
  // last puts relations just past their bounds (a part one above its whole, a sum off by one).
  const edit = fc.oneof(
    fc.record({ ref: fc.constantFrom(...counts), set: fc.option(value, { freq: 4 }) }),
    fc.record({ ref: fc.constantFrom(...counts), by: fc.integer({ min: -2, max: 2 }) }),
  );

  it('against a BigInt reference, with cells changed, made huge or left absent', () => {
    fc.assert(
      fc.property(leaves(id), fc.array(edit, { maxLength: 4 }), (report, edits) => {
        let changed = complete(report).report;
        for (const e of edits) {
          const now = getCell(changed, e.ref);
          const next = 'set' in e ? e.set : typeof now === 'number' ? Math.max(0, now + e.by) : now;
          changed = setCell(changed, e.ref, next ?? null);
        }
        expect(found(validate(changed).issues)).toEqual(expected(changed, plan));
      }),
      { numRuns: 200, seed: SEED },
    );
  });
});

/**
 * A local format with every kind of check: sum, 其中 and de-duplicated rows, a derived subtotal
 * the table does not print, a sum column, and identities that are ≤, distinct, weighted, and
 * fractional (which always takes the exact path).
 */
const local: Format = defineFormat({
  ...formats['gov-2014'],
  id: 'local-checks',
  edition: 'local-checks',
  identities: [
    { id: 'L1', rule: 'L1', kind: 'customary', severity: 'error', table: 'stats', each: 'column', relation: 'le', left: ['d'], right: ['e', { ref: 'f', coefficient: 2 }], description: { 'zh-CN': 'L1', en: 'L1' } },
    { id: 'L2', rule: 'L2', kind: 'customary', severity: 'error', table: 'stats', each: 'column', relation: 'distinct', left: ['d'], right: ['e', 'f'], description: { 'zh-CN': 'L2', en: 'L2' } },
    { id: 'L3', rule: 'L3', kind: 'customary', severity: 'warning', table: 'stats', each: 'column', relation: 'eq', left: ['e'], right: [{ ref: 'f', coefficient: 0.5 }, { ref: 'g', coefficient: -1 }], description: { 'zh-CN': 'L3', en: 'L3' } },
    { id: 'L4', rule: 'L4', kind: 'customary', severity: 'error', table: 'stats', relation: 'eq', left: ['a.h/x'], right: ['g/y'], description: { 'zh-CN': 'L4', en: 'L4' } },
  ],
  cues: [],
  tables: [
    {
      id: 'stats',
      title: '统计表',
      columns: [
        { id: 'all', label: '合计', relation: 'sum', children: [{ id: 'x', label: '甲' }, { id: 'y', label: '乙' }] },
      ],
      rows: [
        {
          id: 'a',
          label: '总数',
          unit: '件',
          relation: 'sum',
          children: [
            { id: 'a.h', label: '小计', relation: 'sum', printed: false, children: [{ id: 'a.h.one', label: '一' }, { id: 'a.h.two', label: '二' }] },
            { id: 'a.k', label: '其他' },
          ],
        },
        { id: 'b', label: '其中总数', unit: '件', relation: 'partOf', children: [{ id: 'b.one', label: '其中甲' }, { id: 'b.two', label: '其中乙' }] },
        { id: 'c', label: '去重总数', unit: '件', relation: 'distinct', children: [{ id: 'c.one', label: '渠道甲' }, { id: 'c.two', label: '渠道乙' }, { id: 'c.three', label: '渠道丙' }] },
        { id: 'd', label: '丁', unit: '件' },
        { id: 'e', label: '戊', unit: '件' },
        { id: 'f', label: '己', unit: '件' },
        { id: 'g', label: '庚', unit: '件', kind: 'signedCount' },
      ],
    },
  ],
});

describe('a local format with every kind of check', () => {
  const plan = planFor(local);
  const printed = plan.cells.filter((c) => c.info.printed).map((c) => c.info.ref);
  it('has every kind of fast check', () => {
    expect(new Set(plan.fast.kind)).toEqual(new Set(Object.values(FastKind)));
  });

  it('finds exactly the mismatches a BigInt reference finds', () => {
    // Small values, so that relations hold, fail and sit on their bounds about equally often.
    const small = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(null), fc.integer({ min: MAX - 2, max: MAX }));
    const values = fc.array(small, { minLength: printed.length, maxLength: printed.length });
    fc.assert(
      fc.property(values, fc.boolean(), (vs, negative) => {
        let report = createReport(local, { agency: '甲', year: 2022 });
        printed.forEach((ref, i) => (report = setCell(report, ref, vs[i] ?? null, local)));
        if (negative) report = setCell(report, 'g/x', -3, local);
        expect(found(validate(report, { formats: [local] }).issues)).toEqual(expected(report, plan));
      }),
      { numRuns: 400, seed: SEED },
    );
  });
});

describe('arithmetic that would round', () => {
  it('A1 where both sides round to 2^53 as floating point but differ by 1', () => {
    let report = q2022;
    report = setCell(report, 'applications.newThisYear/naturalPerson', MAX);
    report = setCell(report, 'applications.carriedOver/naturalPerson', 2); // left: 2^53 + 1
    report = setCell(report, 'applications.results.total/naturalPerson', MAX);
    report = setCell(report, 'applications.carriedForward/naturalPerson', 1); // right: 2^53
    const a1 = validate(report).issues.filter((i) => i.rule === 'A1');
    expect(a1).toHaveLength(1);
    expect(a1[0]).toMatchObject({ code: 'identity_mismatch', actual: '9007199254740993', expected: '9007199254740992', difference: 1 });
  });

  it('a derived subtotal past 2^53 is added exactly', () => {
    // 2.法人或其他组织 is derived from five columns; A4 adds it with 自然人 to the 总计 column.
    let report = q2022;
    const row = 'applications.results.granted';
    for (const column of ['commercial', 'research', 'publicInterest', 'legalService', 'otherOrganization']) report = setCell(report, `${row}/${column}`, 2 ** 51 + 1);
    report = setCell(report, `${row}/naturalPerson`, 0);
    report = setCell(report, `${row}/total`, MAX);
    const a4 = validate(report).issues.filter((i) => i.rule === 'A4');
    expect(a4).toHaveLength(1);
    expect(a4[0]).toMatchObject({ code: 'identity_mismatch', expected: String(5n * (2n ** 51n + 1n)) });
  });

  it('weightedSum adds positive and negative terms exactly', () => {
    expect(String(weightedSum([MAX, 2, MAX], [1, 1, -1]))).toBe('2'); // was 1: 2^53 + 1 rounded before MAX was taken away
    expect(weightedSum([5, 2, 4], [1, 1, -1])).toBe(3);
    expect(weightedSum([MAX, 2]).toString()).toBe('9007199254740993');
    expect(weightedSum([3, 4], [0.5, 1]).toString()).toBe('5.5');
    expect(weightedSum([-0, 0])).toBe(0);
  });
});

describe('reading a report', () => {
  const sorted = (issues: readonly Issue[]) => issues.map((i) => i.fingerprint).sort();
  const withUnknowns = (report: Report): Report => {
    const tables = structuredClone(report.tables) as Record<string, Record<string, Record<string, unknown>>>;
    tables['applications']!['applications.newThisYear']!['nobody'] = 1;
    tables['applications']!['no.such.row'] = { total: 2 };
    tables['nowhere'] = { row: { column: 3 } };
    return { ...report, tables } as Report;
  };
  /** The same tables with keys in reverse order at every level. */
  const reversed = (tables: unknown): unknown =>
    tables !== null && typeof tables === 'object' ? Object.fromEntries(Object.entries(tables).reverse().map(([k, v]) => [k, reversed(v)])) : tables;
  /** The same tables as objects with the given prototype at every level. */
  const rebuilt = (tables: unknown, proto: () => object | null): unknown => {
    if (tables === null || typeof tables !== 'object') return tables;
    const out = Object.create(proto()) as Record<string, unknown>;
    for (const [k, v] of Object.entries(tables)) out[k] = rebuilt(v, proto);
    return out;
  };

  it('keys in any order give the same issues', () => {
    for (const report of [q2022, withUnknowns(q2022), setCell(q2022, 'applications.results.granted/research', 9), jiangbei]) {
      const again = { ...report, tables: reversed(report.tables) } as Report;
      expect(sorted(validate(again).issues)).toEqual(sorted(validate(report).issues));
    }
  });

  it('unknown cells are reported in the report’s order', () => {
    const paths = validate(withUnknowns(q2022)).issues.filter((i) => i.code === 'unknown_cell').map((i) => ('path' in i ? i.path : ''));
    expect(paths).toEqual(['tables/applications/applications.newThisYear/nobody', 'tables/applications/no.such.row/total', 'tables/nowhere/row/column']);
  });

  it('objects without a prototype read like plain ones; inherited values are never read', () => {
    const report = withUnknowns(setCell(q2022, 'applications.results.granted/research', 9));
    const plain = sorted(validate(report).issues);
    expect(sorted(validate({ ...report, tables: rebuilt(report.tables, () => null) } as Report).issues)).toEqual(plain);
    // Every object inherits a full row of values: none of them is the report's.
    const inherited = () => ({ naturalPerson: 1, total: 1, value: 1, 'applications.carriedOver': { total: 1 } });
    const sparse = setCell(report, 'applications.carriedOver/naturalPerson', null);
    const expectedIssues = sorted(validate(sparse).issues);
    expect(sorted(validate({ ...sparse, tables: rebuilt(sparse.tables, inherited) } as Report).issues)).toEqual(expectedIssues);
  });

  it('an enumerable key added to Object.prototype is not read as a cell', () => {
    const sparse = setCell(q2022, 'applications.carriedOver/naturalPerson', null);
    const before = validate(sparse);
    const proto = Object.prototype as Record<string, unknown>;
    proto['naturalPerson'] = 7;
    proto['applications.carriedOver'] = { naturalPerson: 7 };
    try {
      const during = validate({ ...sparse, tables: JSON.parse(JSON.stringify(sparse.tables)) } as Report);
      expect(sorted(during.issues)).toEqual(sorted(before.issues));
    } finally {
      delete proto['naturalPerson'];
      delete proto['applications.carriedOver'];
    }
  });

  it('a getter that validates another report while this one is read', () => {
    const broken = setCell(q2022, 'applications.results.granted/research', 9);
    const inner: Array<ReturnType<typeof validate>> = [];
    const tables = structuredClone(q2022.tables) as Record<string, Record<string, Record<string, unknown>>>;
    const row = tables['applications']!['applications.newThisYear']!;
    const research = row['research'];
    Object.defineProperty(row, 'research', {
      enumerable: true,
      get() {
        inner.push(validate(broken));
        return research;
      },
    });
    const outer = validate({ ...q2022, tables } as Report);
    expect(outer.issues).toEqual(validate(q2022).issues);
    expect(inner).toHaveLength(1);
    expect(inner[0]!.issues.map((i) => i.fingerprint)).toEqual(validate(broken).issues.map((i) => i.fingerprint));
    expect(inner[0]!.ok).toBe(false);
  });
});

describe('narrative cues: one scan decides whether a paragraph quotes any figure', () => {
  // Clauses of cue words, a number and a unit, so that many paragraphs quote a figure.
  const words = ['收到', '新收', '受理', '申请', '公开', '办结', '结转', '上年', '上一年', '下年度', '继续办理', '行政复议', '行政诉讼', '案件', '共', '2022年', '审批', '条'];
  const clause = fc
    .tuple(fc.array(fc.constantFrom(...words), { maxLength: 3 }), fc.constantFrom('12', '1,234', '１２', '7', ''), fc.constantFrom('件', '起', '条', ''))
    .map(([w, n, u]) => w.join('') + n + u);
  const paragraph = fc.array(fc.tuple(clause, fc.constantFrom('，', '。', '\n', '')), { maxLength: 6 }).map((cs) => cs.map(([c, p]) => c + p).join(''));

  it.each(['gov-2014', 'gov-2019', 'gov-2021'] as const)('%s: the combined expression matches exactly where some cue does', (id) => {
    const plan = planFor(formats[id]);
    expect(plan.cueFilter).toBeInstanceOf(RegExp);
    const cues = plan.cues.map((c) => new RegExp(c.cue.pattern));
    let matched = 0;
    fc.assert(
      fc.property(paragraph, (text) => {
        const some = cues.some((c) => c.test(text));
        if (some) matched++;
        expect(plan.cueFilter!.test(text)).toBe(some);
      }),
      { numRuns: 500, seed: SEED },
    );
    expect(matched).toBeGreaterThan(25); // both outcomes were tried, many times
  });

  it('cues that cannot be combined (named groups, back references) are each run on every paragraph', () => {
    const named = defineFormat({
      ...formats['gov-2021'],
      id: 'named-cues',
      edition: 'named-cues',
      cues: formats['gov-2021'].cues!.map((c) => ({ ...c, pattern: c.pattern.replace('(\\d{1,3}(?:,\\d{3})+|\\d+)', '(?<n>\\d{1,3}(?:,\\d{3})+|\\d+)') })),
    });
    expect(named.cues!.every((c) => c.pattern.includes('(?<n>'))).toBe(true);
    expect(planFor(named).cueFilter).toBeUndefined();
    const report: Report = {
      ...q2022,
      format: named.id,
      sections: q2022.sections.map((s, i) => (i === 0 ? { ...s, paragraphs: ['全年共收到政府信息公开申请300件，办结5件。'] } : s)),
    };
    const quoted = validate(report, { formats: [named] }).issues.flatMap((i) => (i.code === 'narrative_mismatch' ? [`${i.cue}=${i.quoted}`] : []));
    expect(quoted).toEqual(['applications.received=300', 'applications.closed=5']);
  });
});

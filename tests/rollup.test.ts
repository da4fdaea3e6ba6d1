import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FormatMismatchError,
  aggregate,
  aggregateStream,
  checkHierarchy,
  complete,
  createReport,
  getCell,
  parseReport,
  setCell,
  validate,
  type Report,
} from '../src/index.js';
import { leaves, type FormatId } from './helpers/generators.js';
import { loadExample } from './helpers/examples.js';
import { SEED } from './helpers/fuzz.js';

const load = loadExample;
const q2022 = load('qingshan-2022.json');
const q2020 = load('qingshan-2020.json');
const as = (report: Report, agency: string): Report => ({ ...report, metadata: { ...report.metadata, agency } });
const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

describe('aggregate', () => {
  it('sums every cell exactly and leaves the inputs untouched', () => {
    const a = deepFreeze(structuredClone(as(q2022, '甲局')));
    const b = deepFreeze(structuredClone(as(q2022, '乙局')));
    const { report, coverage, provenance } = aggregate([a, b], { agency: '青山市（汇总）' });
    const ref = 'applications.newThisYear/total';
    expect(getCell(report, ref)).toBe(2 * (getCell(q2022, ref) as number));
    expect(getCell(report, 'proactive.charges.fees/feeAmount')).toBe('6312.569432');
    expect(report.metadata).toEqual({ agency: '青山市（汇总）', year: 2022 });
    expect(coverage).toMatchObject({ agencies: ['乙局', '甲局'], reports: 2, partial: {}, absent: [], skipped: [] });
    expect(provenance[ref]).toEqual([
      { agency: '甲局', value: getCell(q2022, ref) },
      { agency: '乙局', value: getCell(q2022, ref) },
    ]);
    expect(validate(report).issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(parseReport(report).success).toBe(true);
  });

  it('adds money in decimal: three 0.1 万元 give 0.3', () => {
    const r = (agency: string) => setCell(createReport('gov-2021', { agency, year: 2022 }), 'proactive.charges.fees/feeAmount', '0.1');
    const { report } = aggregate([r('a'), r('b'), r('c')], { agency: 'sum' });
    expect(getCell(report, 'proactive.charges.fees/feeAmount')).toBe('0.3');
  });

  it('marks a total over absent cells as partial, naming the agencies', () => {
    const a = as(q2022, '甲局');
    const b = setCell(as(q2022, '乙局'), 'applications.carriedOver/research', null);
    const { report, coverage } = aggregate([a, b], { agency: '汇总' });
    expect(coverage.partial).toEqual({ 'applications.carriedOver/research': ['乙局'] });
    expect(getCell(report, 'applications.carriedOver/research')).toBe(getCell(a, 'applications.carriedOver/research'));
    const none = aggregate([setCell(a, 'applications.carriedOver/research', null)], { agency: '汇总' });
    expect(none.coverage.absent).toEqual(['applications.carriedOver/research']);
    expect(getCell(none.report, 'applications.carriedOver/research')).toBeNull();
  });

  it('refuses to sum a 2019 and a 2021 report cell by cell, naming agencies and formats', () => {
    const call = () => aggregate([as(q2020, '甲局'), as(q2022, '乙局')], { agency: '汇总', year: 2022 });
    expect(call).toThrow(FormatMismatchError);
    expect(call).toThrow(/甲局 \(gov-2019\), 乙局 \(gov-2021\).*\d+ cells have the same id in every format and could be mapped with \{ mapFormats: true \}/);
  });

  it('with mapFormats sums the cells that carry over and lists what could not be mapped', () => {
    const { report, coverage } = aggregate([as(q2020, '甲局'), as(q2022, '乙局')], { agency: '汇总', year: 2022, mapFormats: true });
    expect(report.format).toBe('gov-2021');
    const ref = 'reviewLitigation.cases/review.total';
    expect(getCell(report, ref)).toBe((getCell(q2020, ref) as number) + (getCell(q2022, ref) as number));
    expect(coverage.unmapped['甲局']).toContain('proactive.documents.rules/issued');
    expect(coverage.unmapped['甲局']).toContain('applications.results.other.noCorrection/total');
    expect(coverage.unmapped['乙局']).toBeUndefined();
  });

  it('needs an agency, a common year and known formats', () => {
    expect(() => aggregate([q2022], { agency: '' })).toThrow(TypeError);
    expect(() => aggregate([q2022, { ...q2022, metadata: { ...q2022.metadata, year: 2021 } }], { agency: 'x' })).toThrow(/different years \(2021, 2022\)/);
    expect(() => aggregate([{ ...q2022, format: 'gov-1999' }], { agency: 'x' })).toThrow(/unknown format "gov-1999"/);
  });

  const complete2021 = leaves('gov-2021' as FormatId).map((r) => complete(r).report);
  const withAgency = (r: Report, i: number) => as(r, `单位${i}`);

  it('property: the order of the inputs does not matter', () => {
    fc.assert(
      fc.property(fc.array(complete2021, { minLength: 1, maxLength: 5 }), fc.integer(), (reports, seed) => {
        const named = reports.map(withAgency);
        const shuffled = [...named].sort((x, y) => ((x.metadata.agency.length * seed) % 7) - ((y.metadata.agency.length * seed) % 7) || (x.metadata.agency < y.metadata.agency ? 1 : -1));
        expect(aggregate(shuffled, { agency: 'Σ' }).report).toEqual(aggregate(named, { agency: 'Σ' }).report);
      }),
      { numRuns: 30, seed: SEED },
    );
  });

  it('property: aggregate([a, aggregate([b, c])]) equals aggregate([a, b, c])', () => {
    fc.assert(
      fc.property(complete2021, complete2021, complete2021, (a, b, c) => {
        const inner = aggregate([b, c], { agency: 'Σ' }).report;
        expect(aggregate([a, inner], { agency: 'Σ' }).report.tables).toEqual(aggregate([a, b, c], { agency: 'Σ' }).report.tables);
      }),
      { numRuns: 30, seed: SEED },
    );
  });

  it.each(['gov-2014', 'gov-2019', 'gov-2021'] as FormatId[])('property (%s): if every input validates with no errors, so does the aggregate', (id) => {
    const valid = leaves(id).map((r) => complete(r).report);
    fc.assert(
      fc.property(fc.array(valid, { minLength: 1, maxLength: 4 }), (reports) => {
        for (const r of reports) expect(validate(r).ok).toBe(true);
        const { report } = aggregate(reports.map(withAgency), { agency: 'Σ' });
        expect(validate(report).issues.filter((i) => i.severity === 'error')).toEqual([]);
      }),
      { numRuns: 25, seed: SEED },
    );
  });
});

describe('aggregateStream', () => {
  it('gives what aggregate gives, from objects or NDJSON lines, async or not', async () => {
    const inputs = [as(q2022, '甲局'), as(q2022, '乙局'), as(q2022, '丙局')];
    const expected = aggregate(inputs, { agency: '汇总' });
    async function* lines() {
      for (const r of inputs) yield JSON.stringify(r);
    }
    const streamed = await aggregateStream(lines(), { agency: '汇总' });
    expect(streamed.report).toEqual(expected.report);
    expect(streamed.provenance['applications.newThisYear/total']).toBe(3);
    expect(streamed.coverage.agencies).toEqual(expected.coverage.agencies);
    expect((await aggregateStream(inputs, { agency: '汇总' })).report).toEqual(expected.report);
  });

  it('skips lines that are not reports and says which', async () => {
    const lines = ['not json', '', JSON.stringify({ hello: 1 }), JSON.stringify(q2022), JSON.stringify(q2020)];
    const { coverage } = await aggregateStream(lines, { agency: '汇总' });
    expect(coverage.reports).toBe(1);
    expect(coverage.skipped).toEqual([
      { input: 0, reason: 'not JSON' },
      { input: 2, reason: 'not a report document' },
      { input: 4, reason: 'format gov-2019 is not gov-2021' },
    ]);
  });

  it('throws a TypeError when nothing usable came', async () => {
    await expect(aggregateStream(['x'], { agency: '汇总' })).rejects.toThrow(TypeError);
  });
});

describe('checkHierarchy', () => {
  const units = [as(q2022, '甲局'), as(setCell(q2022, 'reviewLitigation.cases/review.pending', null), '乙局')];
  const parent = aggregate(units, { agency: '青山市（汇总）' }).report;

  it('passes when the parent is the sum of its units', () => {
    const result = checkHierarchy(parent, units);
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([]);
    expect(result.checked).toBeGreaterThan(190);
  });

  it('names every cell where parent ≠ Σ children, with the difference and the units that did not report it', () => {
    const ref = 'reviewLitigation.cases/review.pending';
    const wrong = setCell(parent, ref, (getCell(parent, ref) as number) + 2);
    const result = checkHierarchy(wrong, units);
    expect(result.ok).toBe(false);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ code: 'hierarchy_mismatch', rule: 'hierarchy.sum', difference: 2, missing: ['乙局'], children: 2 });
    expect(result.issues[0]!.cells[0]!.ref).toBe(ref);
    expect(result.issues[0]!.message).toMatch(/^行政复议\/尚未审结：汇总报告为 \d+，但 2 个下级单位之和为 \d+，相差 2（乙局未填报）$/);
    expect(checkHierarchy(wrong, units, { locale: 'en' }).issues[0]!.message).toMatch(/not reported by 乙局\)$/);
  });

  it('says which cells the parent leaves absent', () => {
    const blank = setCell(parent, 'applications.newThisYear/research', null);
    const result = checkHierarchy(blank, units);
    expect(result.issues.map((i) => `${i.code}:${i.severity}`)).toEqual(['hierarchy_unchecked:warning']);
  });

  it('refuses units of another format', () => {
    expect(() => checkHierarchy(parent, [q2020])).toThrow(/gov-2019/);
  });
});

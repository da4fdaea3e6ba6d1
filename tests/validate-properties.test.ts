import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complete, createReport, formats, getCell, indexFormat, setCell, validate, type Report } from '../src/index.js';
import { planFor } from '../src/formats/plan.js';
import { DETERMINED, leaves, type FormatId } from './helpers/generators.js';
import { SEED } from './helpers/fuzz.js';

/** The printed cells that take part in an equality (a sum relation or an `eq` identity). */
function inEquality(id: FormatId): string[] {
  const plan = planFor(formats[id]);
  const involved = new Set<number>();
  const add = (i: number) => {
    const cell = plan.cells[i]!;
    if (cell.children && !cell.info.printed) cell.children.forEach(add);
    else involved.add(i);
  };
  for (const tree of plan.trees) if (tree.relation === 'sum') [tree.total, ...tree.parts].forEach(add);
  for (const check of plan.identities) {
    if (check.crossYear || check.identity.relation !== 'eq') continue;
    [...check.left, ...check.right].forEach((t) => add(t.cell));
  }
  return [...involved].map((i) => plan.cells[i]!).filter((c) => c.info.printed).map((c) => c.info.ref);
}

describe.each(Object.keys(formats) as FormatId[])('%s', (id) => {
  const involved = inEquality(id);

  it('complete() derives every determined total', () => {
    fc.assert(
      fc.property(leaves(id), (report) => {
        const { report: full, derived } = complete(report);
        const determined = indexFormat(formats[id]).cells.filter((c) => c.printed && DETERMINED[id](c.ref));
        for (const cell of determined) expect(getCell(full, cell.ref), cell.ref).not.toBeNull();
        expect(derived.length).toBeGreaterThanOrEqual(determined.length);
        expect(full.derived).toEqual(derived);
      }),
      { numRuns: 30, seed: SEED },
    );
  });

  it('a report built from random leaves with totals computed passes with no errors', () => {
    fc.assert(
      fc.property(leaves(id), (report) => {
        const result = validate(complete(report).report);
        expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
      }),
      { numRuns: 50, seed: SEED },
    );
  });

  it('changing any single reported cell of an equality yields an error (a warning for B6) that names that cell', () => {
    fc.assert(
      fc.property(leaves(id), fc.constantFrom(...involved), fc.integer({ min: 1, max: 1000 }), (report, ref, delta) => {
        const full = complete(report).report;
        const value = getCell(full, ref) as number;
        const changed: Report = setCell(full, ref, value + delta);
        const named = validate(changed).issues.filter((i) => i.severity !== 'info' && i.cells.some((c) => c.ref === ref));
        expect(named.length, ref).toBeGreaterThan(0);
      }),
      { numRuns: 100, seed: SEED },
    );
  });
});

describe('complete', () => {
  it('never overwrites a reported value, even a wrong one', () => {
    const report = setCell(setCell(createReport('gov-2014', { agency: '甲', year: 2017 }), 'requests.received.inPerson', 2), 'requests.received', 9);
    const { report: after, derived } = complete(report);
    expect(getCell(after, 'requests.received')).toBe(9);
    expect(derived).not.toContain('requests.received/value');
  });

  it('solves an identity for its one unknown and marks it derived', () => {
    let report = createReport('gov-2021', { agency: '甲', year: 2022 });
    report = setCell(report, 'applications.newThisYear/naturalPerson', 10);
    report = setCell(report, 'applications.carriedOver/naturalPerson', 2);
    report = setCell(report, 'applications.results.total/naturalPerson', 9);
    const { report: after, derived } = complete(report);
    expect(getCell(after, 'applications.carriedForward/naturalPerson')).toBe(3);
    expect(derived).toContain('applications.carriedForward/naturalPerson');
    expect(after.derived).toContain('applications.carriedForward/naturalPerson');
  });

  it('adds money exactly and keeps the printed precision', () => {
    let report = createReport('gov-2014', { agency: '甲', year: 2017 });
    report = setCell(report, 'fees', '0.10');
    const { report: same } = complete(report);
    expect(same).toBe(report); // nothing to derive
    expect(getCell(same, 'fees')).toBe('0.10');
  });

  it('does not derive a negative count', () => {
    let report = createReport('gov-2021', { agency: '甲', year: 2022 });
    report = setCell(report, 'applications.newThisYear/naturalPerson', 0);
    report = setCell(report, 'applications.carriedOver/naturalPerson', 0);
    report = setCell(report, 'applications.results.total/naturalPerson', 5);
    expect(getCell(complete(report).report, 'applications.carriedForward/naturalPerson')).toBeNull();
  });

  it('throws a TypeError for an unknown format', () => {
    expect(() => complete({ ...createReport('gov-2021', { agency: '甲', year: 2022 }), format: 'nope' })).toThrow(TypeError);
  });
});

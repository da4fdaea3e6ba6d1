import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  aggregate,
  checkHierarchy,
  complete,
  parseReport,
  renderMarkdown,
  renderText,
  validate,
  type RenderOptions,
  type Report,
  type ValidateOptions,
} from '../src/index.js';
import {
  EXAMPLES,
  anythingArb,
  check,
  expectCanonical,
  expectSameOutcome,
  expectUnpolluted,
  expectValidation,
  jsonArb,
  mutatedReportArb,
  mutatedTextArb,
  outcome,
  stringArb,
  summary,
} from './helpers/fuzz.js';

/**
 * Fuzzing the functions that take a report: whatever they are given — arbitrary JSON, arbitrary
 * JavaScript values, real reports with a few spots changed, real JSON text with lines changed —
 * they answer with a result or a documented TypeError/RangeError with a one-line message, the
 * result is well formed, the same input gives the same output, and no prototype is polluted.
 */

afterEach(expectUnpolluted);
afterAll(() => console.log(summary('model')));

const reportish = fc.oneof(
  { weight: 4, arbitrary: mutatedReportArb },
  { weight: 2, arbitrary: jsonArb },
  { weight: 1, arbitrary: anythingArb },
  { weight: 1, arbitrary: fc.constantFrom(...EXAMPLES) },
);
const jsonTexts = EXAMPLES.map((r) => JSON.stringify(r, null, 2));
/** The JSON form of a value, or undefined when it has none (bigint, cycles): to see that inputs are not changed. */
const snapshot = (value: unknown): string | undefined => {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
};
const isValid = (value: unknown): value is Report => parseReport(value).success;

describe('parseReport', () => {
  it('answers any value, string or mutated JSON text with a canonical report or issues, the same each time', () => {
    check(
      'parseReport',
      fc.property(fc.oneof(reportish, stringArb, mutatedTextArb(jsonTexts)), (input) => {
        const before = snapshot(input);
        const first = parseReport(input);
        const second = parseReport(input);
        expect(second.success).toBe(first.success);
        if (first.success) {
          expectCanonical(first.data, 'parsed');
          expect(second.data).toStrictEqual(first.data);
        } else {
          expect(first.error.issues.length).toBeGreaterThan(0);
          for (const issue of first.error.issues) expect(typeof issue.message).toBe('string');
          expect(second.error!.issues.map((i) => i.message)).toEqual(first.error.issues.map((i) => i.message));
        }
        expect(snapshot(input)).toBe(before);
      }),
      200,
    );
  });
});

const validateOptions: fc.Arbitrary<ValidateOptions> = fc.record(
  {
    locale: fc.constantFrom('zh-CN' as const, 'en' as const),
    absent: fc.constantFrom('skip' as const, 'zero' as const, 'error' as const),
    previous: fc.oneof(fc.constantFrom(...EXAMPLES), mutatedReportArb as fc.Arbitrary<Report>, jsonArb as fc.Arbitrary<Report>),
    severity: fc.dictionary(fc.constantFrom('A1', 'A3', 'A11', 'tree.sum', 'constructor', '__proto__'), fc.constantFrom('error' as const, 'warning' as const, 'info' as const, 'off' as const)),
    waivers: fc.array(fc.record({ rule: fc.constantFrom('A11', 'tree.sum', 'toString'), reason: fc.string() }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

describe('validate', () => {
  it('never throws on any report, and its result is well formed and the same each time', () => {
    check(
      'validate',
      fc.property(reportish, validateOptions, (input, options) => {
        const before = snapshot(input);
        const first = validate(input as Report, options);
        expectValidation(first);
        expect(validate(input as Report, options)).toStrictEqual(first);
        expect(snapshot(input)).toBe(before);
      }),
      150,
    );
  });

  it('answers options of the wrong type with a TypeError', () => {
    check(
      'validate options',
      fc.property(fc.constantFrom(...EXAMPLES), fc.dictionary(fc.constantFrom('absent', 'severity', 'waivers', 'formats', 'format', 'locale'), jsonArb), (report, options) => {
        const result = outcome(() => validate(report, options as ValidateOptions));
        if ('value' in result) expectValidation(result.value);
        else expect(result.error).toBeInstanceOf(TypeError);
      }),
      100,
    );
  });
});

describe('complete', () => {
  it('answers any value with a report or a TypeError; a valid report stays valid, and its input unchanged', () => {
    check(
      'complete',
      fc.property(reportish, (input) => {
        const before = snapshot(input);
        const first = outcome(() => complete(input as Report));
        expectSameOutcome(first, outcome(() => complete(input as Report)));
        expect(snapshot(input)).toBe(before);
        if ('error' in first) {
          expect(first.error).toBeInstanceOf(TypeError);
          return;
        }
        const { report, derived } = first.value;
        expect(derived.every((ref) => typeof ref === 'string')).toBe(true);
        const parsed = parseReport(input);
        if (parsed.success) {
          // A valid report stays valid; a canonical one (as parseReport gives it) stays canonical.
          expect(parseReport(report).success).toBe(true);
          for (const ref of derived) expect(report.derived).toContain(ref);
          expectCanonical(complete(parsed.data).report, 'completed');
        }
      }),
      150,
    );
  });
});

describe('aggregate and checkHierarchy', () => {
  const inputs = fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...EXAMPLES) }, { weight: 3, arbitrary: mutatedReportArb }, { weight: 1, arbitrary: jsonArb }), {
    minLength: 1,
    maxLength: 4,
  });

  it('aggregate sums what it can, names every input it skips, or throws a documented error', () => {
    check(
      'aggregate',
      fc.property(inputs, fc.option(fc.integer({ min: 2000, max: 2100 }), { nil: undefined }), fc.boolean(), (reports, year, mapFormats) => {
        const before = snapshot(reports);
        const options = { agency: '汇总', mapFormats, ...(year === undefined ? {} : { year }) };
        const first = outcome(() => aggregate(reports as Report[], options));
        expectSameOutcome(first, outcome(() => aggregate(reports as Report[], options)));
        expect(snapshot(reports)).toBe(before);
        if ('error' in first) return;
        const { report, coverage } = first.value;
        // Nothing lost: every input was summed or is named as skipped.
        expect(coverage.reports + coverage.skipped.length).toBe(reports.length);
        expectCanonical({ ...report, metadata: { agency: '汇总', year: 2022 } }, 'sum');
      }),
      80,
    );
  });

  it('checkHierarchy compares what it can, or throws a documented error', () => {
    check(
      'checkHierarchy',
      fc.property(reportish, inputs, (parent, children) => {
        const first = outcome(() => checkHierarchy(parent as Report, children as Report[], { locale: 'en' }));
        expectSameOutcome(first, outcome(() => checkHierarchy(parent as Report, children as Report[], { locale: 'en' })));
        if ('error' in first) return;
        const { ok, issues, checked } = first.value;
        expect(Number.isInteger(checked)).toBe(true);
        expect(ok).toBe(!issues.some((i) => i.severity === 'error'));
        for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
      }),
      80,
    );
  });
});

describe('renderText and renderMarkdown', () => {
  const renderOptions: fc.Arbitrary<RenderOptions> = fc.record(
    {
      width: fc.oneof(fc.integer({ min: 20, max: 200 }), fc.constantFrom(5, 1.5, Number.NaN)),
      locale: fc.constantFrom('zh-CN' as const, 'en' as const),
      only: fc.constantFrom('tables' as const, 'text' as const),
      absent: fc.constantFrom('—', '', '-'),
      markDerived: fc.boolean(),
      section: fc.oneof(fc.integer({ min: -1, max: 8 }), fc.constantFrom('overview', '三', '九', 'x')),
    },
    { requiredKeys: [] },
  );

  it('render any valid report, refuse anything else with a TypeError (a RangeError for a section it lacks), the same each time', () => {
    check(
      'render',
      fc.property(reportish, renderOptions, fc.boolean(), (input, options, markdown) => {
        const render = () => (markdown ? renderMarkdown(input as Report, options) : renderText(input as Report, options));
        const first = outcome(render);
        expectSameOutcome(first, outcome(render));
        if ('value' in first) {
          expect(first.value.endsWith('\n')).toBe(true);
          expect(isValid(input)).toBe(true);
        } else if (!isValid(input)) expect(first.error).toBeInstanceOf(TypeError);
      }),
      150,
    );
  });
});

describe('every function that takes a report, on JSON text with lines changed', () => {
  it('a text that parses is validated, completed and rendered without a throw', () => {
    check(
      'JSON text',
      fc.property(mutatedTextArb(jsonTexts), (text) => {
        const parsed = parseReport(text);
        if (!parsed.success) return;
        const report = parsed.data;
        expectValidation(validate(report));
        const completed = outcome(() => complete(report));
        if ('error' in completed) expect(completed.error.message).toMatch(/^unknown format/);
        const rendered = outcome(() => renderMarkdown(report));
        if ('error' in rendered) expect(rendered.error.message).toMatch(/^unknown format/);
        else expect(renderText(report).length).toBeGreaterThan(0);
      }),
      80,
    );
  });
});

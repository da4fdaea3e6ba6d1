import fc from 'fast-check';
import { parseDocument } from 'htmlparser2';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseReport, renderHtml, validate, type HtmlValidation, type RenderHtmlOptions, type Report } from '../src/index.js';
import { EXAMPLES, anythingArb, check, expectSameOutcome, expectUnpolluted, jsonArb, mutatedReportArb, outcome, stringArb, summary } from './helpers/fuzz.js';
import { elements, textOf } from './helpers/html-dom.js';

/**
 * Fuzzing renderHtml: whatever report and options it is given it answers with a page or a
 * documented TypeError/RangeError; the page is well formed (one style sheet, no script, no event
 * handler, unique ids, every in-page link to an element that exists), the same input gives the
 * same page, and markup or script in a report's text is shown as text.
 */

afterEach(expectUnpolluted);
afterAll(() => console.log(summary('render-html')));

const reportish = fc.oneof(
  { weight: 4, arbitrary: mutatedReportArb },
  { weight: 1, arbitrary: jsonArb },
  { weight: 1, arbitrary: anythingArb },
  { weight: 2, arbitrary: fc.constantFrom(...EXAMPLES) },
);

const MARKUP = ['<', '>', '&', '"', "'", '/', '=', ' ', 'script', 'img', 'src=x', 'onerror', 'alert(1)', '</style>', '<!--', '-->', ']]>', '&amp;', '&#0;', '中'];
const markupArb = fc.array(fc.constantFrom(...MARKUP), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

const cellArb = fc.record({ table: fc.string(), row: fc.string(), column: fc.string(), ref: fc.oneof(fc.string(), fc.constant('applications.newThisYear/total')), name: stringArb });
/** Issue-like objects: the fields renderHtml reads, with any values, plus hostile strings. */
const issueArb = fc.record(
  {
    severity: fc.constantFrom('error' as const, 'warning' as const, 'info' as const),
    message: fc.oneof(stringArb, markupArb),
    rule: fc.oneof(fc.string(), markupArb),
    cells: fc.oneof(fc.array(cellArb, { maxLength: 3 }), anythingArb),
    left: fc.oneof(fc.array(cellArb, { maxLength: 2 }), anythingArb),
    right: fc.oneof(fc.array(cellArb, { maxLength: 3 }), anythingArb),
    actual: fc.oneof(fc.integer(), fc.constantFrom('1.5', 'x', '1e400'), anythingArb),
    expected: fc.oneof(fc.integer(), fc.constantFrom('2.25', ''), anythingArb),
    difference: fc.oneof(fc.integer(), anythingArb),
    quoted: fc.oneof(fc.integer({ min: 0, max: 300 }), anythingArb),
    quotes: fc.oneof(fc.array(cellArb, { maxLength: 2 }), anythingArb),
    excerpt: fc.oneof(fc.constantFrom('结转下年度14件', '全年共收到政府信息公开申请260件', ''), stringArb),
    section: fc.oneof(fc.constantFrom('总体情况/依申请公开', ''), stringArb),
    waived: fc.oneof(fc.record({ reason: stringArb }), anythingArb),
  },
  { requiredKeys: ['severity', 'message'] },
);

const optionsArb = (input: unknown): fc.Arbitrary<RenderHtmlOptions> => {
  const valid = parseReport(input).success;
  return fc.record(
    {
      locale: fc.constantFrom('zh-CN' as const, 'en' as const),
      only: fc.constantFrom('tables' as const, 'text' as const),
      absent: fc.constantFrom('—', '', '-', '<b>'),
      markDerived: fc.boolean(),
      section: fc.oneof(fc.integer({ min: -1, max: 8 }), fc.constantFrom('overview', '三', 'x')),
      validation: fc.oneof(
        valid ? fc.constant(validate(input as Report)) : fc.constant({ issues: [] }),
        // Deliberately ill-typed findings: renderHtml reads only what has the right shape.
        fc.record({ issues: fc.array(issueArb, { maxLength: 4 }) }) as fc.Arbitrary<unknown> as fc.Arbitrary<HtmlValidation>,
      ),
    },
    { requiredKeys: [] },
  );
};

/** A review page is well formed: one style sheet, no active content, unique ids, in-page links that land. */
function expectWellFormed(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
  expect(html.endsWith('</html>\n')).toBe(true);
  const all = elements(html);
  expect(all.filter((e) => ['script', 'img', 'svg', 'iframe', 'object', 'embed', 'link', 'form', 'base'].includes(e.name)).map((e) => e.name)).toEqual([]);
  expect(all.filter((e) => e.name === 'style')).toHaveLength(1);
  const ids = new Set<string>();
  for (const e of all) {
    for (const name of Object.keys(e.attribs)) expect(name.startsWith('on'), name).toBe(false);
    const id = e.attribs.id;
    if (id !== undefined) {
      expect(ids.has(id), `id ${id} twice`).toBe(false);
      ids.add(id);
    }
  }
  for (const e of all) {
    const href = e.attribs.href;
    if (href === undefined) continue;
    if (href.startsWith('#')) expect(ids.has(href.slice(1)), `link to ${href}`).toBe(true);
    else expect(href).toMatch(/^https?:\/\//i);
  }
}

describe('renderHtml', () => {
  it('renders any valid report with any findings as a well-formed page, refuses anything else with a TypeError, the same each time', () => {
    check(
      'renderHtml',
      fc.property(
        reportish.chain((input) => fc.tuple(fc.constant(input), optionsArb(input))),
        ([input, options]) => {
          const render = () => renderHtml(input as Report, options);
          const first = outcome(render);
          expectSameOutcome(first, outcome(render));
          if ('value' in first) {
            expect(parseReport(input).success).toBe(true);
            expectWellFormed(first.value);
          } else if (!parseReport(input).success) expect(first.error).toBeInstanceOf(TypeError);
        },
      ),
      120,
    );
  });

  it('shows markup in titles, paragraphs, labels and findings as text', () => {
    check(
      'renderHtml text',
      fc.property(fc.constantFrom(...EXAMPLES), fc.array(markupArb, { minLength: 6, maxLength: 6 }), (example, strings) => {
        const [agency, title, paragraph, heading, organ, message] = strings as [string, string, string, string, string, string];
        const doc = structuredClone(example) as unknown as {
          metadata: Record<string, unknown>;
          sections?: { title: string; paragraphs?: string[] }[];
          signature?: { organ: string };
        };
        doc.metadata.agency = agency;
        doc.metadata.title = title;
        if (doc.sections?.[0]) {
          doc.sections[0].title = heading;
          doc.sections[0].paragraphs = [paragraph];
        }
        if (doc.signature) doc.signature.organ = organ;
        const parsed = parseReport(doc);
        fc.pre(parsed.success);
        const html = renderHtml(parsed.data!, { validation: { issues: [{ severity: 'error', message, rule: message }] } });
        expectWellFormed(html);
        const text = textOf(parseDocument(html));
        for (const s of [title, paragraph, message]) expect(text).toContain(s.trim());
        if (doc.signature) expect(text).toContain(organ.trim());
        if (doc.sections?.[0]) expect(text).toContain(heading.trim());
      }),
      80,
    );
  });
});

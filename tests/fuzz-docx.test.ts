import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { importDocx, renderDocx } from '../src/docx.js';
import { parseReport, type ImportResult } from '../src/index.js';
import { EXAMPLES, check, expectImportResult, expectUnpolluted, soupArb, summary } from './helpers/fuzz.js';

/**
 * Fuzzing importDocx, whose input is a zip archive from anywhere: arbitrary bytes, real documents
 * (the examples as renderDocx writes them) with bytes flipped, cut or spliced, and archives whose
 * document.xml was edited (cells' spans and merges set to anything, elements dropped or repeated,
 * text replaced). No throw, the same result each time, issues well-formed, a report (when there is
 * one) that parses.
 */

afterEach(expectUnpolluted);
afterAll(() => console.log(summary('docx')));

const documents = await Promise.all(EXAMPLES.map((r) => renderDocx(r)));
const parts = documents.map((d) => unzipSync(d));

function twice(f: () => ImportResult): ImportResult {
  const first = f();
  expect(f()).toStrictEqual(first);
  return first;
}

function wellFormed(bytes: Uint8Array): ImportResult {
  const result = twice(() => importDocx(bytes));
  expectImportResult(result);
  if (result.report) expect(parseReport(result.report).success).toBe(true);
  return result;
}

describe('importDocx: fuzzed', () => {
  it('arbitrary bytes, and bytes that start like a zip or a compound file', () => {
    const prefix = fc.constantFrom(new Uint8Array(0), strToU8('PK\x03\x04'), new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), strToU8('PK\x05\x06'));
    check(
      'importDocx arbitrary bytes',
      fc.property(prefix, fc.uint8Array({ maxLength: 400 }), (head, tail) => {
        const bytes = new Uint8Array(head.length + tail.length);
        bytes.set(head);
        bytes.set(tail, head.length);
        const { report, issues } = wellFormed(bytes);
        expect(report).toBeUndefined();
        expect(issues.some((i) => i.code === 'bad_input')).toBe(true);
      }),
      200,
    );
  });

  it('real documents with bytes flipped, cut short or spliced', () => {
    check(
      'importDocx damaged archives',
      fc.property(
        fc.nat(documents.length - 1),
        fc.array(fc.tuple(fc.nat(2), fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 6 }),
        (which, edits) => {
          let bytes = documents[which]!.slice();
          for (const [op, at, value] of edits) {
            const i = at % Math.max(1, bytes.length);
            if (op === 0) bytes[i] = value;
            else if (op === 1) bytes = bytes.slice(0, i);
            else bytes = new Uint8Array([...bytes.subarray(0, i), ...bytes.subarray(i + 1 + (value % 64))]);
          }
          wellFormed(bytes);
        },
      ),
      60,
    );
  });

  it('document.xml edited: spans and merges set to anything, elements dropped or repeated, text replaced', () => {
    const spanValue = fc.constantFrom('0', '-1', '1', '2', '3', '999999999', 'x', '', '1e9', '2.5');
    const edit = fc.tuple(fc.nat(5), fc.nat(), spanValue, soupArb);
    check(
      'importDocx edited document.xml',
      fc.property(fc.nat(documents.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) => {
        const files = { ...parts[which]! };
        let xml = strFromU8(files['word/document.xml']!);
        for (const [op, at, value, text] of edits) {
          switch (op) {
            case 0: {
              // A gridSpan (or a new one) with any value.
              const spans = [...xml.matchAll(/<w:gridSpan w:val="[^"]*"\/>/g)];
              const m = spans[at % Math.max(1, spans.length)];
              if (m) xml = xml.slice(0, m.index) + `<w:gridSpan w:val="${value}"/>` + xml.slice(m.index + m[0].length);
              break;
            }
            case 1: {
              // A vMerge continue anywhere, a first row included.
              const cells = [...xml.matchAll(/<w:tcPr>/g)];
              const m = cells[at % Math.max(1, cells.length)];
              if (m) xml = xml.slice(0, m.index! + m[0].length) + '<w:vMerge/>' + xml.slice(m.index! + m[0].length);
              break;
            }
            case 2:
            case 3: {
              // A cell, row or paragraph dropped (2) or repeated (3).
              const elements = [...xml.matchAll(/<w:(tc|tr|p)>(?:(?!<w:\1>).)*?<\/w:\1>/gs)];
              const m = elements[at % Math.max(1, elements.length)];
              if (m) xml = xml.slice(0, m.index) + (op === 3 ? m[0] + m[0] : '') + xml.slice(m.index! + m[0].length);
              break;
            }
            case 4: {
              // A text replaced by soup (escaped, so that the XML stays XML).
              const texts = [...xml.matchAll(/<w:t xml:space="preserve">[^<]*<\/w:t>/g)];
              const m = texts[at % Math.max(1, texts.length)];
              const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
              if (m) xml = xml.slice(0, m.index) + `<w:t xml:space="preserve">${escaped}</w:t>` + xml.slice(m.index! + m[0].length);
              break;
            }
            default:
              // Cut the XML anywhere: not well-formed.
              xml = xml.slice(0, at % Math.max(1, xml.length));
          }
        }
        files['word/document.xml'] = strToU8(xml);
        wellFormed(zipSync(files));
      }),
      60,
    );
  });
});

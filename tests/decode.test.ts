import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../src/import/core/decode.js';
import { importText } from '../src/import/text/text.js';
import { seedText } from './helpers/seed.js';

/** GB18030 two-byte codes of the characters a text uses, found by decoding every two-byte sequence. */
function encodeGb18030(text: string): Uint8Array {
  const decoder = new TextDecoder('gb18030');
  const wanted = new Set(Array.from(text).filter((c) => c.codePointAt(0)! > 0x7f));
  const codes = new Map<string, [number, number]>();
  for (let lead = 0x81; lead <= 0xfe && codes.size < wanted.size; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const c = decoder.decode(new Uint8Array([lead, trail]));
      if (wanted.has(c) && !codes.has(c)) codes.set(c, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (code <= 0x7f) bytes.push(code);
    else {
      const pair = codes.get(c);
      if (!pair) throw new Error(`no two-byte GB18030 code for ${c}`);
      bytes.push(...pair);
    }
  }
  return new Uint8Array(bytes);
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const utf16 = (text: string, littleEndian: boolean) => {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set(littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), littleEndian);
  return bytes;
};

describe('decodeText', () => {
  it('reads UTF-8 with and without a byte order mark, and strips the mark', () => {
    expect(decodeText(utf8('政府信息公开'))).toEqual({ text: '政府信息公开', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('年报')]))).toEqual({ text: '年报', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('reads UTF-16 with a byte order mark, little and big endian', () => {
    expect(decodeText(utf16('统计表\r\n（2017年度）', true))).toEqual({ text: '统计表\n（2017年度）', encoding: 'utf-16le' });
    expect(decodeText(utf16('统计表\r（2017年度）', false))).toEqual({ text: '统计表\n（2017年度）', encoding: 'utf-16be' });
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41]))).toMatchObject({ error: expect.stringContaining('odd number') });
  });

  it('reads GB18030/GBK when the bytes are not UTF-8', () => {
    expect(decodeText(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4]))).toEqual({ text: '中文', encoding: 'gb18030' });
    const bytes = encodeGb18030(seedText.replace(/\n/g, '\r\n'));
    const decoded = decodeText(bytes);
    expect(decoded).toEqual({ text: seedText, encoding: 'gb18030' });
    // The decoded seed imports exactly like the UTF-8 one.
    if (!('text' in decoded)) throw new Error(decoded.error);
    expect(importText(decoded.text).report).toEqual(importText(seedText).report);
  });

  it('turns CRLF and lone CR into LF', () => {
    expect(decodeText(utf8('a\r\nb\rc\n\rd'))).toEqual({ text: 'a\nb\nc\n\nd', encoding: 'utf-8' });
  });

  it('gives a clear error for bytes that are not text', () => {
    const invalid = decodeText(new Uint8Array([0x41, 0xff, 0x42]));
    expect(invalid).toEqual({ error: expect.stringMatching(/not a text file in UTF-8 or GB18030/) });
    // A UTF-8 file with a damaged byte is reported, not read as GB18030 mojibake.
    const damaged = utf8('政府信息公开工作年度报告（2017年度）');
    damaged[7] = 0x41;
    expect(decodeText(damaged)).toEqual({ error: expect.stringMatching(/not valid UTF-8: 2 damaged byte sequences, the first near byte 6/) });
    // Two bytes that are both cut UTF-8 and a whole GBK character read as GBK: nothing tells them apart.
    expect(decodeText(new Uint8Array([0xe4, 0xb8]))).toEqual({ text: '涓', encoding: 'gb18030' });
    expect(decodeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]))).toHaveProperty('error');
    const noBom = new Uint8Array(utf16('abc', true).subarray(2));
    expect(decodeText(noBom)).toEqual({ error: expect.stringContaining('U+0000') });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0xff]))).toEqual({ error: expect.stringContaining('UTF-8') });
  });

  it('never throws on bytes, and throws a TypeError for anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const r = decodeText(bytes);
        if ('text' in r) expect(r.text).not.toMatch(/\r|^\ufeff/);
        else expect(r.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const r = decodeText(utf8(text));
        if (!/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) {
          expect(r).toEqual({ text: text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n'), encoding: 'utf-8' });
        }
      }),
      { numRuns: 300 },
    );
    expect(() => decodeText('text' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => decodeText(null as unknown as Uint8Array)).toThrow(TypeError);
  });
});

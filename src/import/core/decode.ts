/** The encodings {@link decodeText} recognises. */
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** The result of {@link decodeText}: the text and the encoding it was in, or why it is not text. */
export type DecodeResult = { readonly text: string; readonly encoding: TextEncoding } | { readonly error: string };

// C0 controls other than tab, line feed, vertical tab, form feed and carriage return; and DEL.
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/;

/**
 * Decodes the bytes of a text file: UTF-8 (with or without BOM), UTF-16 LE/BE (with BOM), or
 * GB18030/GBK (tried when the bytes are not valid UTF-8). Strips the BOM and turns CRLF and CR
 * into LF. Bytes that are none of these, or that decode to control characters (binary data,
 * UTF-16 without BOM), give `{ error }`; never throws on bytes. Throws a TypeError when `bytes`
 * is not a Uint8Array.
 */
export function decodeText(bytes: Uint8Array): DecodeResult {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeText expects a Uint8Array');
  let encoding: TextEncoding;
  let body = bytes;
  let utf8: string | undefined;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    body = bytes.subarray(3);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    body = bytes.subarray(2);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    body = bytes.subarray(2);
  } else if ((utf8 = strictDecode(bytes, 'utf-8')) !== undefined) {
    encoding = 'utf-8';
  } else {
    const damage = damagedUtf8(bytes);
    if (damage) return { error: damage };
    encoding = 'gb18030';
  }
  if ((encoding === 'utf-16le' || encoding === 'utf-16be') && body.length % 2 !== 0) {
    return { error: `not valid ${encoding.toUpperCase()}: an odd number of bytes after the byte order mark` };
  }
  const text = utf8 ?? strictDecode(body, encoding);
  if (text === undefined) {
    return {
      error:
        encoding === 'gb18030'
          ? 'not a text file in UTF-8 or GB18030/GBK: the bytes are not valid in either encoding'
          : `not valid ${encoding.toUpperCase()} after its byte order mark`,
    };
  }
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, '0');
    return { error: `not a text file: it contains the control character U+${code.toUpperCase()} (binary data, or UTF-16 without a byte order mark?)` };
  }
  return { text: text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n'), encoding };
}

/**
 * When bytes that are not valid UTF-8 are still mostly UTF-8 (many well-formed multi-byte
 * characters, a few broken sequences), they are a damaged UTF-8 file, not GBK: GBK text forms
 * well-formed UTF-8 sequences only by chance (about one pair in twelve), so it has far more
 * broken sequences than whole ones. The byte offset is approximate.
 */
function damagedUtf8(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  let wide = 0;
  let broken = 0;
  let first = -1;
  let offset = 0;
  for (const c of text) {
    if (c === '\ufffd') {
      broken += 1;
      if (first < 0) first = offset;
    } else if (c.codePointAt(0)! > 0x7f) wide += 1;
    const code = c.codePointAt(0)!;
    offset += c === '\ufffd' ? 1 : code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  if (wide < 8 || broken * 4 > wide) return undefined;
  return `not valid UTF-8: ${broken} damaged byte sequence${broken > 1 ? 's' : ''}, the first near byte ${first} (the file looks like UTF-8, not GB18030)`;
}

function strictDecode(bytes: Uint8Array, encoding: TextEncoding): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const GB_CHARSETS = new Set(['gbk', 'gb2312', 'gb18030', 'x-gbk', 'cp936', 'ms936', 'windows-936', 'csgb2312', 'euc-cn', 'iso-ir-58', 'chinese']);
// The HTML prescan's view of a page's declared encoding: a charset in a <meta> of the first bytes.
const META_CHARSET = /<meta\b[^>]{0,500}?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})/i;

/** The charset a page declares in a `<meta>` of its first 4 KB (lower case), if any. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  return META_CHARSET.exec(head)?.[1]?.toLowerCase();
}

/**
 * Decodes the bytes of an HTML page: as {@link decodeText} does, except that bytes which are not
 * valid UTF-8 are read as GB18030 when the page declares a GB charset
 * (`<meta charset=gbk|gb2312|gb18030>`), even where they would pass for damaged UTF-8.
 */
export function decodeHtml(bytes: Uint8Array): DecodeResult {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeHtml expects a Uint8Array');
  const bom = (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const charset = bom ? undefined : declaredCharset(bytes);
  if (charset !== undefined && GB_CHARSETS.has(charset) && strictDecode(bytes, 'utf-8') === undefined) {
    const text = strictDecode(bytes, 'gb18030');
    if (text === undefined) return { error: `not valid ${charset.toUpperCase()} (as the page declares): the bytes are not valid GB18030` };
    if (!CONTROL.test(text)) return { text: text.replace(/\r\n?/g, '\n'), encoding: 'gb18030' };
  }
  return decodeText(bytes);
}

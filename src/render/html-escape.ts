// eslint-disable-next-line no-control-regex
const UNSAFE = /[&<>"'\u0000-\u0008\u000b-\u001f\u007f\ud800-\udfff]/;

/** Escapes text for HTML element content and quoted attribute values: `& < > " '` become character references. */
export function escapeHtml(text: string): string {
  // Most text needs nothing: one scan by the regular expression engine.
  if (!UNSAFE.test(text)) return text;
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let ref: string | undefined;
    if (code === 38) ref = '&amp;';
    else if (code === 60) ref = '&lt;';
    else if (code === 62) ref = '&gt;';
    else if (code === 34) ref = '&quot;';
    else if (code === 39) ref = '&#39;';
    // Control characters other than tab and new line cannot appear in HTML text; a lone surrogate cannot be encoded.
    else if ((code < 32 && code !== 9 && code !== 10) || code === 127) ref = '\uFFFD';
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i += 1;
        continue;
      }
      ref = '\uFFFD';
    }
    if (ref !== undefined) {
      out += text.slice(last, i) + ref;
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

import { readFileSync } from 'node:fs';
import { importText } from '../src/index.js';
import { textLayout } from '../src/import/text/text.js';
import { lexiconOf } from '../src/import/core/tables.js';
import { IssueList } from '../src/import/core/issues.js';
import { formats } from '../src/formats/catalogue.js';
import { assemble } from '../src/import/core/assemble.js';
const seed = readFileSync('examples/jiangbei-2017.txt', 'utf8');
const MB = 1_000_000;
const bytes = (t: string) => Buffer.byteLength(t, 'utf8');
/** The seed with its narrative padded to about `size` bytes: paragraphs repeated, every third broken across lines. */
function narrative(size: number): string {
  const lines = seed.split('\n');
  const table = lines.findIndex((l) => l.startsWith('附件：'));
  const head = lines.slice(0, table);
  const tail = lines.slice(table);
  const paragraphs = head.filter((l) => l.length > 80 && !/^[一二三四五六七八九十]、|^（[一二三四五六七八九十]）/.test(l));
  const filler: string[] = [];
  let total = bytes(seed);
  for (let i = 0; total < size; i++) {
    const p = paragraphs[i % paragraphs.length]!;
    // Every third paragraph is broken across lines of 40 characters (and so read as one).
    const piece = i % 3 === 0 ? (p.match(/.{1,40}/gu) ?? [p]).join('\n') : p;
    filler.push(piece);
    total += bytes(piece) + 1;
  }
  const at = head.findIndex((l) => l.startsWith('（一）'));
  return [...head.slice(0, at + 1), ...filler, ...head.slice(at + 1), ...tail].join('\n');
}

/** The whole seed repeated to about `size` bytes. */
function repeated(size: number): string {
  return seed.repeat(Math.max(1, Math.round(size / bytes(seed))));
}

const sizes = [1, 2.5, 5, 10];
for (const [name, text] of [['narrative', narrative(MB)], ['repeated', repeated(MB)]] as const) {
  for (let k = 0; k < 2; k++) {
    let s = performance.now();
    const lx = lexiconOf(Object.values(formats));
    const il = new IssueList('zh-CN');
    const l = textLayout(text, lx, il);
    const a = performance.now() - s; s = performance.now();
    const r = assemble(l, {}, il);
    const b = performance.now() - s; s = performance.now();
    importText(text);
    console.log(name, 'layout', a.toFixed(0), 'assemble', b.toFixed(0), 'importText', (performance.now() - s).toFixed(0), r.issues.length);
  }
}
{
  const r = importText(repeated(MB));
  console.log(r.issues.map((i) => i.code + ' ' + i.severity + ' ' + i.message.slice(0, 100)));
}
{
  const lx = lexiconOf(Object.values(formats));
  const il = new IssueList('zh-CN');
  const r = assemble(textLayout(repeated(MB), lx, il), {}, il);
  const c: Record<string, number> = {};
  for (const i of r.issues) c[i.code + ':' + i.severity] = (c[i.code + ':' + i.severity] ?? 0) + 1;
  console.log(c);
}

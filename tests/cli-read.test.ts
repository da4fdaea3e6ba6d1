import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { run, type Io } from '../src/cli/run.js';
import { BUILTIN_RULES, ruleCatalogue } from '../src/cli/rules.js';
import { readReport, sniffForm } from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bytes = (path: string) => new Uint8Array(readFileSync(join(root, path)));
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('readReport: sniff, decode, import', () => {
  it('reads every form the command reads, by content', async () => {
    const cases: Array<[string, string]> = [
      ['examples/jiangbei-2017.json', 'json'],
      ['examples/jiangbei-2017.txt', 'text'],
      ['tests/fixtures/html/gov-2021.html', 'html'],
      ['tests/fixtures/html/gov-2014-gb18030.html', 'html'],
    ];
    for (const [path, form] of cases) {
      const result = await readReport(bytes(path), { filename: path });
      expect(result.form, path).toBe(form);
      expect(result.report, path).toBeDefined();
    }
    const labels = await readReport(utf8(JSON.stringify({ format: '2021', agency: '甲', year: 2022, cells: {} })));
    expect(labels.form).toBe('labels');
    expect(labels.report?.format).toBe('gov-2021');
  });

  it('GB18030 and UTF-16 text give the same report as UTF-8', async () => {
    const seed = readFileSync(join(root, 'examples/jiangbei-2017.txt'), 'utf8');
    const plain = await readReport(utf8(seed));
    const gb = await readReport(new Uint8Array(iconv.encode(seed, 'gb18030')));
    const utf16 = await readReport(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(seed, 'utf-16le')])));
    expect(gb.report).toEqual(plain.report);
    expect(utf16.report).toEqual(plain.report);
  });

  it('a file name ending in .md reads ambiguous text as Markdown', async () => {
    const text = '青山市统计局2023年政府信息公开工作年度报告\n\n一、总体情况\n';
    expect((await readReport(utf8(text), { filename: 'x.md' })).form).toBe('markdown');
    expect((await readReport(utf8(text), { filename: 'x.txt' })).form).toBe('text');
  });

  it('PDF and DOCX go to the readers passed in; without one, a clear bad_input issue', async () => {
    const pdf = utf8('%PDF-1.7\n');
    expect(sniffForm(pdf)).toBe('pdf');
    const missing = await readReport(pdf, { locale: 'en' });
    expect(missing.report).toBeUndefined();
    expect(missing.issues).toEqual([expect.objectContaining({ code: 'bad_input', severity: 'error', message: expect.stringContaining('PDF needs xxgk/pdf') })]);
    const seen: Uint8Array[] = [];
    const report = (await readReport(bytes('examples/qingshan-2022.json'))).report!;
    const read = await readReport(pdf, { readers: { pdf: async (b) => (seen.push(b), { report, issues: [] }) } });
    expect(seen[0]).toBe(pdf);
    expect(read).toMatchObject({ form: 'pdf', report });
    const docx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...utf8('....word/document.xml')]);
    expect(sniffForm(docx)).toBe('docx');
    expect((await readReport(docx)).issues[0]!.message).toContain('xxgk/docx');
  });

  it('a legacy .doc gets the advice to save it as .docx', async () => {
    const doc = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3]);
    const result = await readReport(doc, { locale: 'en' });
    expect(result).toMatchObject({ form: 'doc', report: undefined });
    expect(result.issues[0]!.message).toMatch(/save it as \.docx/);
    expect((await readReport(doc)).issues[0]!.message).toMatch(/另存为 \.docx/);
  });

  it('an unknown format id makes the report unusable, with one clear issue', async () => {
    const report = JSON.parse(readFileSync(join(root, 'examples/qingshan-2022.json'), 'utf8'));
    const result = await readReport(utf8(JSON.stringify({ ...report, format: 'gov-1999' })), { locale: 'en' });
    expect(result.report).toBeUndefined();
    expect(result.issues).toEqual([expect.objectContaining({ code: 'unknown_format', value: 'gov-1999', message: 'unknown report format "gov-1999"; run "xxgk formats" to list them' })]);
  });

  it('metadata fills what label JSON lacks and never overrides what a report states', async () => {
    const labels = utf8(JSON.stringify({ format: '2021', cells: {} }));
    expect((await readReport(labels)).report).toBeUndefined();
    expect((await readReport(labels, { metadata: { agency: '甲', year: 2023 } })).report?.metadata).toMatchObject({ agency: '甲', year: 2023 });
    const stated = await readReport(bytes('examples/qingshan-2022.json'), { metadata: { agency: '乙', year: 2030 } });
    expect(stated.report?.metadata).toMatchObject({ agency: '青山市自然资源和规划局', year: 2022 });
  });

  it('empty, binary and damaged input: an error issue, never a throw', async () => {
    for (const input of [new Uint8Array(), new Uint8Array([0, 1, 2, 0]), utf8('{"schemaVersion": 1,')]) {
      const result = await readReport(input);
      expect(result.report).toBeUndefined();
      expect(result.issues.some((i) => i.severity === 'error')).toBe(true);
    }
  });

  const corpus = join(root, '../shared/corpus');
  it.skipIf(!existsSync(corpus))('recognises the published documents of the corpus (skipped: ../shared/corpus is absent)', async () => {
    const read = (name: string) => readReport(new Uint8Array(readFileSync(join(corpus, name))), { filename: name, locale: 'en' });
    const pdf = await read('huaian-2024.pdf');
    expect(pdf.form).toBe('pdf');
    expect(pdf.issues[0]!.message).toContain('xxgk/pdf');
    const labels = await read('huaian-2024.labels.json');
    expect(labels.form).toBe('labels');
    expect(labels.report?.format).toBeDefined();
    const markdown = await read('sh-kewei-2024.converted.md');
    expect(markdown.form).toBe('markdown');
    expect(markdown.issues.length + (markdown.report ? 1 : 0)).toBeGreaterThan(0);
  });
});

/** An Io that records what the command writes, with a clock the test moves. */
function recorder(tty: boolean, step = 0) {
  const out: string[] = [];
  const err: string[] = [];
  let clock = 0;
  const io: Io = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    stdin: () => new Uint8Array(),
    stdinLines: async function* () {},
    stderrIsTTY: tty,
    now: () => (clock += step),
  };
  return { io, out, err };
}

describe('the progress line', () => {
  const files = ['examples/jiangbei-2017.json', 'examples/qingshan-2022.json', 'examples/qingshan-2020.json'].map((f) => join(root, f));

  it('appears on a terminal once a run takes more than half a second, even for a few files', async () => {
    const slow = recorder(true, 400);
    expect(await run(['validate', ...files, '--quiet'], slow.io)).toBe(0);
    expect(slow.err.join('')).toMatch(/\r\x1b\[K\[#+ *\] 3\/3 个文件\n$/);
    // Without --quiet each file's lines are printed, and the drawn line is cleared before them.
    const listed = recorder(true, 400);
    await run(['validate', ...files], listed.io);
    expect(listed.err).toContain('\r\x1b[K');
    expect(listed.out.length).toBe(4);
  });

  it('not for a quick run, and never when stderr is not a terminal', async () => {
    const quick = recorder(true, 1);
    await run(['validate', ...files], quick.io);
    expect(quick.err).toEqual([]);
    const piped = recorder(false, 400);
    await run(['validate', ...files], piped.io);
    expect(piped.err).toEqual([]);
  });
});

describe('the rule catalogue', () => {
  it('has every rule id the validator\'s source emits', () => {
    const files = [...readdirSync(join(root, 'src/validate')).map((f) => `src/validate/${f}`), 'src/formats/plan.ts'];
    const source = files.map((f) => readFileSync(join(root, f), 'utf8')).join('\n');
    const ids = new Set<string>();
    for (const match of source.matchAll(/\bid: '([\w.]+)'|base\('\w+', '([\w.]+)'|bad\('\w+', '([\w.]+)'/g)) ids.add(match[1] ?? match[2] ?? match[3]!);
    ids.delete('values.nonNegative'); // emitted as A14
    expect(ids.size).toBeGreaterThan(10);
    const catalogue = new Set(ruleCatalogue().map((r) => r.id));
    for (const id of ids) expect(catalogue.has(id), id).toBe(true);
  });

  it('has the formats\' rules: A1…A13, B1…B8, with their kind and default severity', () => {
    const catalogue = ruleCatalogue();
    const ids = catalogue.map((r) => r.id);
    for (const id of ['A1', 'A3', 'A5', 'A8', 'A10', 'A12', 'A13', 'B1', 'B2', 'B8', 'cells.absent', 'format.known', 'crossYear.year']) expect(ids, id).toContain(id);
    expect(catalogue.find((r) => r.id === 'A3')).toMatchObject({ kind: 'customary', severity: ['error'], formats: ['gov-2019', 'gov-2021'] });
    expect(new Set(ids).size).toBe(ids.length);
    expect(BUILTIN_RULES.every((r) => r.meaning.length > 10)).toBe(true);
  });
});

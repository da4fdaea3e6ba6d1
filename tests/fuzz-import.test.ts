import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fromLabels, importHtml, importMarkdown, importText, renderMarkdown, renderText, toLabels, validate, type ImportResult, type Report } from '../src/index.js';
import {
  EXAMPLES,
  anythingArb,
  check,
  expectImportResult,
  expectUnpolluted,
  expectSame,
  jsonArb,
  keyArb,
  mutateText,
  mutateValue,
  mutatedTextArb,
  numberish,
  soupArb,
  stringArb,
  summary,
} from './helpers/fuzz.js';
import { seedText } from './helpers/seed.js';
import { assemble } from '../src/import/core/assemble.js';
import { otherToolsLayout } from '../src/import/text/index.js';

/**
 * Fuzzing the importers with arbitrary strings and values and with real inputs (the seed text,
 * the examples as text, Markdown and label-keyed JSON) whose lines or values were dropped,
 * duplicated, truncated or changed: no throw (but the documented TypeError for a non-string), a
 * well-formed result, the same result each time, and every value of the input either in the
 * report or named in an issue.
 */

afterEach(expectUnpolluted);
afterAll(() => console.log(summary('import')));

const lineCount = (text: string) => text.replace(/\r\n?/g, '\n').split('\n').length;
/** A 2021 statistics table copied from a web page (tab separated), in a report's frame. */
const tsvHead = ['青山市自然资源和规划局2022年政府信息公开工作年度报告', '', '一、总体情况', '本年情况如下。', ''];
const tsvLines = readFileSync(new URL('./fixtures/applications-2021.tsv', import.meta.url), 'utf8').trimEnd().split('\n');
const tsvText = [...tsvHead, ...tsvLines, '青山市自然资源和规划局', '2023年1月18日'].join('\n');
const texts = [seedText, tsvText, ...EXAMPLES.flatMap((r) => [renderText(r), renderText(r, { width: 200 })])];
const markdowns = EXAMPLES.flatMap((r) => [renderMarkdown(r), renderMarkdown(r, { locale: 'en' })]);

/** Runs an importer twice: the results must be equal. */
function twice(f: () => ImportResult): ImportResult {
  const first = f();
  expect(f()).toStrictEqual(first);
  return first;
}

// ── importText ──────────────────────────────────────────────────────────────────────────────────

const seedLines = seedText.split('\n');
const tableStart = seedLines.findIndex((l) => l.startsWith('\t统')); // \t统　计　指　标

/** The seed with lines of its statistics table dropped, duplicated, truncated, swapped or changed. */
/** The copied 2021 table with lines dropped, duplicated, truncated, swapped or changed. */
const mutatedTsv = fc.array(fc.tuple(fc.nat(5), fc.nat(), fc.nat(), fc.nat(9), fc.oneof(soupArb, numberish.map(String).map((v) => `\t${v}`))), { minLength: 1, maxLength: 8 }).map(
  (edits) => `${tsvHead.join('\n')}\n${mutateText(tsvLines.join('\n'), edits)}\n青山市自然资源和规划局\n2023年1月18日`,
);

const mutatedTable = fc.array(fc.tuple(fc.nat(5), fc.nat(), fc.nat(), fc.nat(9), fc.oneof(soupArb, numberish.map(String).map((v) => `\t${v}`))), { minLength: 1, maxLength: 8 }).map((edits) => {
  const head = seedLines.slice(0, tableStart + 1);
  const table = mutateText(seedLines.slice(tableStart + 1).join('\n'), edits);
  return `${head.join('\n')}\n${table}`;
});

const NUMBERISH = /^[+-]?[\d,.]+(?:万元|元)?$/;
const squash = (text: string) => text.normalize('NFKC').replace(/\s+/gu, '');
/** The number a printed value stands for, comparable with a cell's value. */
const numberOf = (value: unknown): string => String(Number(String(value).normalize('NFKC').replace(/,|万元|元/g, '')));

/**
 * Nothing lost: each value printed in the table (a field of a tab line after 统 计 指 标 that reads
 * as a number) is in the report, or named by an issue — one that covers its line, or (unknown or
 * ambiguous labels, repeated rows) carries its text. Counted as multisets, so that a value that
 * vanished is missed even among many equal ones.
 */
function expectNothingLost(text: string, result: ImportResult, start = text.split('\n').findIndex((l) => l.startsWith('\t统'))): void {
  const lines = text.split('\n');
  if (start < 0 || !result.report) return;
  const covered = (line: number) => result.issues.some((i) => i.line !== undefined && i.line <= line && line <= (i.endLine ?? i.line));
  const carried = new Map<string, number>();
  for (const i of result.issues) {
    if ((i.code === 'unknown_label' || i.code === 'ambiguous_label' || i.code === 'duplicate_cell') && typeof i.value === 'string') {
      // An unknown label over several values (a column of a copied table) carries them all, joined by " | ".
      for (const value of i.value.split(' | ')) carried.set(value, (carried.get(value) ?? 0) + 1);
    }
  }
  const wanted = new Map<string, number>();
  let tokens = 0;
  lines.forEach((raw, k) => {
    if (k <= start || !raw.includes('\t')) return;
    for (const field of raw.split('\t')) {
      const value = field.trim();
      const s = squash(value);
      if (s === '' || !NUMBERISH.test(s)) continue;
      tokens++;
      if (covered(k + 1)) continue;
      const n = carried.get(value) ?? 0;
      if (n > 0) {
        carried.set(value, n - 1);
        continue;
      }
      wanted.set(numberOf(s), (wanted.get(numberOf(s)) ?? 0) + 1);
    }
  });
  const have = new Map<string, number>();
  for (const rows of Object.values(result.report.tables)) {
    for (const columns of Object.values(rows)) {
      for (const v of Object.values(columns)) if (v !== null) have.set(numberOf(v), (have.get(numberOf(v)) ?? 0) + 1);
    }
  }
  for (const [value, n] of wanted) expect(have.get(value) ?? 0, `${n} × ${value} of ${tokens} values`).toBeGreaterThanOrEqual(n);
}

describe('importText', () => {
  it('answers any string and mutated real texts with a well-formed result, the same each time', () => {
    check(
      'importText',
      fc.property(fc.oneof(stringArb, mutatedTextArb(texts), mutatedTextArb(texts).map((t) => `\ufeff${t.replace(/\n/g, '\r\n')}`)), (text) => {
        expectImportResult(twice(() => importText(text)), lineCount(text));
      }),
      100,
    );
  });

  for (const [name, what, texts, start] of [
    ['importText nothing lost', 'statistics table', mutatedTable, undefined],
    ['importText nothing lost (copied table)', 'table copied from a page', mutatedTsv, tsvHead.length - 1],
  ] as const) {
    it(`loses no value of a mutated ${what}: each is in the report or named by an issue`, () => {
      check(
        name,
        fc.property(texts, (text) => {
          const result = twice(() => importText(text));
          expectImportResult(result, lineCount(text));
          expectNothingLost(text, result, start);
        }),
        80,
      );
    });
  }

  it('reads back what renderMarkdown writes of what it imported (import → Markdown → import)', () => {
    check(
      'importText round trip',
      fc.property(fc.oneof(mutatedTable, mutatedTextArb([seedText])), (text) => {
        const { report } = importText(text);
        if (!report) return;
        const back = importMarkdown(renderMarkdown(report));
        expect(back.issues.filter((i) => i.severity !== 'info')).toEqual([]);
        expectSame(back.report, report);
      }),
      50,
    );
  });

  it('throws a TypeError, and only that, for anything but a string', () => {
    check(
      'importText non-string',
      fc.property(anythingArb, (value) => {
        fc.pre(typeof value !== 'string');
        expect(() => importText(value as string)).toThrow(TypeError);
      }),
      50,
    );
  });
});

// ── fromLabels ──────────────────────────────────────────────────────────────────────────────────

const labelDocuments = EXAMPLES.map((r) => toLabels(r));
const labelTexts = labelDocuments.map((d) => JSON.stringify(d, null, 2));

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v) as object | null);
const BLANK = /^(?:[-‐‑‒–—―−﹣~～]+|\/|\\)?$/u;
const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && BLANK.test(v.normalize('NFKC').replace(/[\s\u200b-\u200d\u2060\ufeff]+/gu, '')));
const LOSS = new Set(['unknown_label', 'ambiguous_label', 'label_only', 'bad_value', 'duplicate_cell']);

/** The leaves of label-keyed cells as fromLabels walks them (an object nested too deeply is one leaf). */
function leaves(cells: Record<string, unknown>): Array<{ key: string; value: unknown }> {
  const out: Array<{ key: string; value: unknown }> = [];
  const walk = (object: Record<string, unknown>, keys: string[], depth: number) => {
    for (const key of Object.keys(object)) {
      const value = object[key];
      if (isPlainObject(value) && depth < 6) walk(value, [...keys, key], depth + 1);
      else out.push({ key: [...keys, key].join('/'), value });
    }
  };
  walk(cells, [], 0);
  return out;
}

describe('fromLabels', () => {
  const input = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...labelDocuments), fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.nat(), fc.oneof(jsonArb, numberish), keyArb), { minLength: 1, maxLength: 4 })).map(([doc, changes]) => changes.reduce<unknown>((v, [steps, action, replacement, key]) => mutateValue(v, steps, action, replacement, key), doc)) },
    { weight: 2, arbitrary: mutatedTextArb(labelTexts).map((t) => { try { return JSON.parse(t) as unknown; } catch { return t; } }) },
    { weight: 1, arbitrary: jsonArb },
    { weight: 1, arbitrary: anythingArb },
  );

  it('answers any value with a well-formed result, the same each time, and loses no value or field', () => {
    check(
      'fromLabels',
      fc.property(input, (value) => {
        const before = (() => { try { return JSON.stringify(value); } catch { return undefined; } })();
        const result = twice(() => fromLabels(value));
        expectImportResult(result);
        expect((() => { try { return JSON.stringify(value); } catch { return undefined; } })()).toBe(before);
        if (!result.report || !isPlainObject(value)) return;
        // Every field is used or named.
        for (const key of Object.keys(value)) {
          const used = key === 'cells' || key === 'format' || key === 'agency' || key === 'year' || key === 'sections' ? true : key in result.report.metadata;
          if (!used) expect(result.issues.some((i) => i.key === key), `field ${key}`).toBe(true);
        }
        const cells = value.cells;
        if (!isPlainObject(cells)) return;
        // Every value is in the report or named by an issue (keys that repeat cannot be told apart).
        const all = leaves(cells);
        if (new Set(all.map((l) => l.key)).size !== all.length) return;
        const named = new Set(result.issues.filter((i) => LOSS.has(i.code)).map((i) => i.key));
        const given = all.filter((l) => !isBlank(l.value));
        const lost = given.filter((l) => named.has(l.key)).length;
        let present = 0;
        for (const rows of Object.values(result.report.tables)) for (const columns of Object.values(rows)) for (const v of Object.values(columns)) if (v !== null) present++;
        expect(present, `${given.length} values, ${lost} named in issues`).toBe(given.length - lost);
      }),
      150,
    );
  });
});

// ── importMarkdown ──────────────────────────────────────────────────────────────────────────────

describe('importMarkdown', () => {
  it('answers any string and mutated real Markdown with a well-formed result, the same each time', () => {
    check(
      'importMarkdown',
      fc.property(fc.oneof(stringArb, mutatedTextArb(markdowns), mutatedTextArb(markdowns).map((t) => t.replace(/\n/g, '\r\n'))), (text) => {
        expectImportResult(twice(() => importMarkdown(text)), lineCount(text));
      }),
      100,
    );
  });

  it('reads back every valid report a mutation leaves, exactly', () => {
    check(
      'importMarkdown round trip',
      fc.property(fc.constantFrom(...EXAMPLES), fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 2, maxLength: 6 }), fc.nat(), fc.oneof(soupArb, numberish), keyArb), { minLength: 1, maxLength: 3 }), (report, changes) => {
        // Text and values changed where the document keeps them: paragraphs, titles, cells.
        const changed = changes.reduce<unknown>((v, [steps, action, replacement]) => mutateValue(v, steps, action * 3, replacement, ''), report);
        const markdown = renderMarkdownOrNull(changed);
        // Only the valid reports a mutation leaves are read back (fc.pre: every counted run reaches the assertion).
        fc.pre(markdown !== undefined);
        // What the Markdown cannot hold, validate names: a table an attachment lists that the format lacks, or lists again.
        fc.pre(!validate(changed as Report).issues.some((i) => i.code === 'unknown_table' || i.code === 'repeated_table'));
        // As a document (JSON has no -0); a count stays a whole number, a money cell a decimal string.
        fc.pre(keepsKinds(report, changed));
        expectSame(importMarkdown(markdown!).report, JSON.parse(JSON.stringify(changed)));
      }),
      80,
    );
  });

  it('throws a TypeError, and only that, for anything but a string', () => {
    check(
      'importMarkdown non-string',
      fc.property(anythingArb, (value) => {
        fc.pre(typeof value !== 'string');
        expect(() => importMarkdown(value as string)).toThrow(TypeError);
      }),
      50,
    );
  });
});

/**
 * True when every cell of `changed` holds what Markdown tells apart: a safe integer where
 * `original` has a number, a string where it has one (a count written as "12" reads back as the
 * number 12, money written as 5 as the decimal "5", which is right).
 */
function keepsKinds(original: Report, changed: unknown): boolean {
  const tables = (changed as Report).tables;
  for (const [t, rows] of Object.entries(tables)) {
    for (const [r, columns] of Object.entries(rows)) {
      for (const [c, v] of Object.entries(columns)) {
        if (typeof v === 'number' && (!Number.isSafeInteger(v) || typeof original.tables[t]?.[r]?.[c] !== 'number')) return false;
        if (typeof v === 'string' && typeof original.tables[t]?.[r]?.[c] !== 'string') return false;
      }
    }
  }
  return true;
}

/** renderMarkdown of a value that is a valid report whose tables all belong to its format, else undefined. */
function renderMarkdownOrNull(value: unknown): string | undefined {
  try {
    return renderMarkdown(value as Report);
  } catch {
    return undefined;
  }
}

// ── importHtml ──────────────────────────────────────────────────────────────────────────────────

const htmlPages = ['gov-2014.html', 'gov-2019.html', 'problems.html'].map((name) => readFileSync(new URL(`fixtures/html/${name}`, import.meta.url), 'utf8'));
const gb18030Page = readFileSync(new URL('fixtures/html/gov-2014-gb18030.html', import.meta.url));

/** Tags, attributes and text of report pages in any order: tables cut short, spans of any size, stray markup. */
const tagSoupArb = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<table>', '</table>', '<tbody>', '<tr>', '</tr>', '<td>', '</td>', '<th>', '</th>', '<p>', '</p>', '<b>', '</b>', '<br>',
        '<td rowspan="0">', '<td rowspan="9999">', '<td colspan="99999">', '<td colspan="-1">', '<td rowspan="x">',
        '<!--', '-->', '<script>', '</script>', '<style>', '<meta charset="gbk">', '<![CDATA[', '&nbsp;', '&#12288;', '&amp', '<',
        '一、总体情况', '（一）主动公开政府信息数', '统计指标', '单位', '统计数', '条', '件', '自然人', '总计', '本年新收政府信息公开申请数量',
      ),
      numberish.map(String),
      soupArb,
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('importHtml', () => {
  it('answers any string, tag soup and mutated real pages with a well-formed result, the same each time', () => {
    check(
      'importHtml',
      fc.property(fc.oneof(stringArb, tagSoupArb, mutatedTextArb(htmlPages)), (html) => {
        expectImportResult(twice(() => importHtml(html)));
      }),
      60,
    );
  });

  it('answers any bytes, and GB18030 pages cut or changed anywhere, with a well-formed result', () => {
    const cut = fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, length, byte]) => {
      const bytes = Uint8Array.from(gb18030Page);
      const from = at % bytes.length;
      bytes[from] = byte;
      return bytes.subarray(0, Math.max(from, bytes.length - (length % 4096)));
    });
    check(
      'importHtml bytes',
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 2000 }), cut), (bytes) => {
        expectImportResult(twice(() => importHtml(bytes)));
      }),
      40,
    );
  });

  it('throws a TypeError, and only that, for anything but a string or bytes', () => {
    check(
      'importHtml non-string',
      fc.property(anythingArb, (value) => {
        fc.pre(typeof value !== 'string' && !(value instanceof Uint8Array));
        expect(() => importHtml(value as string)).toThrow(TypeError);
      }),
      50,
    );
  });
});

// ── text of other tools (pdftotext -layout and plain, a converter's Markdown) ─────────────────────

const otherTexts = ['jiangbei-2017', 'qingshan-2020', 'qingshan-2022'].flatMap((name) =>
  ['pdftotext-layout', 'pdftotext'].map((kind) => readFileSync(new URL(`./fixtures/text/${name}.${kind}.txt`, import.meta.url), 'utf8')),
);
const layoutTexts = otherTexts.filter((_, i) => i % 2 === 0);
/** Markdown as a converter writes it: pipe tables without the xxgk line of the project's own Markdown. */
const convertedMarkdowns = EXAMPLES.map((r) => renderMarkdown(r).replace(/<!--[\s\S]*?-->\n?/gu, '').replace(/&emsp;/gu, ''));
const NUMBER_TOKEN = /^\d[\d,]*(?:\.\d+)?$/u;

/**
 * Nothing lost from the tables of another tool's text: each number standing alone on a line of a table
 * the reader found is in the report, or named by an issue that covers its line or carries its text.
 */
function expectNothingLostFromTables(text: string, result: ImportResult): void {
  if (!result.report) return;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const tableLines = new Set<number>();
  for (const block of otherToolsLayout(text).blocks) {
    if (block.kind !== 'table' || !block.grid.source) continue;
    for (let line = block.grid.source.line; line <= block.grid.source.endLine; line++) tableLines.add(line);
  }
  const covered = (line: number) => result.issues.some((i) => i.line !== undefined && i.line <= line && line <= (i.endLine ?? i.line));
  const carried = new Map<string, number>();
  for (const i of result.issues) if (typeof i.value === 'string') for (const v of i.value.split(' | ')) carried.set(v, (carried.get(v) ?? 0) + 1);
  const wanted = new Map<string, number>();
  for (const line of tableLines) {
    if (covered(line)) continue;
    for (const token of (lines[line - 1] ?? '').trim().split(/\s+/u)) {
      if (!NUMBER_TOKEN.test(token)) continue;
      const n = carried.get(token) ?? 0;
      if (n > 0) carried.set(token, n - 1);
      else wanted.set(numberOf(token), (wanted.get(numberOf(token)) ?? 0) + 1);
    }
  }
  const have = new Map<string, number>();
  for (const rows of Object.values(result.report.tables)) {
    for (const columns of Object.values(rows)) for (const v of Object.values(columns)) if (v !== null) have.set(numberOf(v), (have.get(numberOf(v)) ?? 0) + 1);
  }
  for (const [value, n] of wanted) expect(have.get(value) ?? 0, `${n} × ${value}`).toBeGreaterThanOrEqual(n);
}

describe('importText and importMarkdown: text of other tools', () => {
  it('answer mutated pdftotext output (with and without -layout) and converted Markdown with a well-formed result, the same each time', () => {
    check(
      'importText other tools',
      fc.property(fc.oneof(mutatedTextArb(otherTexts).map((text) => ({ text, markdown: false })), mutatedTextArb(convertedMarkdowns).map((text) => ({ text, markdown: true }))), ({ text, markdown }) => {
        expectImportResult(twice(() => (markdown ? importMarkdown(text) : importText(text))), lineCount(text));
      }),
      30,
    );
  });

  it('lose no number of a table of mutated pdftotext -layout output or converted Markdown: each is in the report or named by an issue', () => {
    check(
      'other tools nothing lost',
      fc.property(mutatedTextArb([...layoutTexts, ...convertedMarkdowns]), (text) => {
        const result = twice(() => assemble(otherToolsLayout(text)));
        expectImportResult(result, lineCount(text));
        expectNothingLostFromTables(text, result);
      }),
      40,
    );
  });
});

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';
import { FormatMismatchError, formats, indexFormat, parseReport, type ImportResult, type Report, type ValidationResult } from '../../src/index.js';
import { IMPORT_MESSAGES } from '../../src/import/core/issues.js';

/**
 * Fuzzing set-up shared by the fuzz tests. `npm test` runs each property a bounded number of times
 * with a fixed seed (reproducible, fast); `npm run fuzz` sets XXGK_FUZZ (a factor on the number of
 * runs) and a fresh seed, which it prints. Any failure prints fast-check's seed and path; rerun
 * with XXGK_FUZZ_SEED=<seed> to reproduce it.
 */
export const FUZZ = Math.max(0, Number(process.env.XXGK_FUZZ ?? 0) || 0);
export const SEED =
  process.env.XXGK_FUZZ_SEED !== undefined && process.env.XXGK_FUZZ_SEED !== ''
    ? Number(process.env.XXGK_FUZZ_SEED)
    : FUZZ > 0
      ? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0
      : 20240607;

const ran = new Map<string, number>();
const started = Date.now();

/** Checks a property `base` times (× XXGK_FUZZ in a long run), counting the cases that ran. */
export function check<Ts extends [unknown, ...unknown[]]>(name: string, property: fc.IPropertyWithHooks<Ts>, base: number): void {
  const numRuns = FUZZ > 0 ? base * FUZZ : base;
  const details = fc.check(property, { seed: SEED, numRuns });
  ran.set(name, (ran.get(name) ?? 0) + details.numRuns);
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const report = (fc.defaultReportMessage(details) ?? 'failed').slice(0, 4000);
    throw new Error(`${name}: ${cause.slice(0, 4000)}\n${report}\n(XXGK_FUZZ_SEED=${SEED})`);
  }
}

/** A one-line summary of the cases that ran in this file (printed after the file's tests). */
export function summary(file: string): string {
  const total = [...ran.values()].reduce((a, b) => a + b, 0);
  const each = [...ran].map(([name, n]) => `${name}: ${n}`).join('; ');
  return `fuzz ${file}: ${total} cases in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED}${FUZZ ? `, XXGK_FUZZ=${FUZZ}` : ''}) — ${each}`;
}

// ── inputs ──────────────────────────────────────────────────────────────────────────────────────

const root = new URL('../../', import.meta.url);
export const readExample = (name: string): string => readFileSync(new URL(`examples/${name}`, root), 'utf8');
export const EXAMPLES: readonly Report[] = ['jiangbei-2017.json', 'qingshan-2020.json', 'qingshan-2022.json'].map((name) => {
  const parsed = parseReport(readExample(name));
  if (!parsed.success) throw parsed.error;
  return parsed.data;
});

/** Keys that must never reach a prototype, ids of the documents, and anything else. */
export const keyArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'hasOwnProperty',
    'schemaVersion',
    'format',
    'metadata',
    'agency',
    'year',
    'sections',
    'title',
    'paragraphs',
    'subsections',
    'tables',
    'derived',
    'cells',
    'statistics',
    'value',
    'total',
  ),
);

/** Numbers and strings that test exactness: beyond 2^53, -0, exponents, separators, full-width digits. */
export const numberish: fc.Arbitrary<number | string> = fc.oneof(
  fc.constantFrom(
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    -0,
    0.1,
    1e21,
    1e-7,
    Number.MAX_VALUE,
    12.5,
    -1,
    '9007199254740993',
    '1e3',
    '１２３',
    '1,234',
    '(12)',
    '（12）',
    '12.0',
    '-0',
    '-12',
    '0.1234567',
    '24252.311082',
    '73802895.90元',
    '3件',
    '—',
    '-',
    '/',
    '',
    ' 12 ',
    'NaN',
    'Infinity',
  ),
  fc.integer(),
  fc.double(),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(fc.constant(null), fc.boolean(), numberish, fc.string({ maxLength: 12 }));

/** JSON values whose keys include `__proto__`, `constructor` and the document's own names. */
export const jsonArb: fc.Arbitrary<unknown> = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    leaf,
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(keyArb, tie('json'), { maxKeys: 4 }),
  ),
})).json;

/** Anything JavaScript: also undefined, bigint, symbols-free exotic objects, null prototypes, dates, maps. */
export const anythingArb: fc.Arbitrary<unknown> = fc.anything({
  key: keyArb,
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

/** A copy of `value` with one spot changed: a value replaced, a key deleted or a key added. */
export function mutateValue(value: unknown, steps: readonly number[], action: number, replacement: unknown, key: string): unknown {
  const copy = structuredClone(value) as unknown;
  let parent: Record<string, unknown> | unknown[] | undefined;
  let at: string | number | undefined;
  let current: unknown = copy;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') break;
    const keys = Array.isArray(current) ? current.map((_, i) => i) : Object.keys(current);
    if (keys.length === 0) break;
    parent = current as Record<string, unknown>;
    at = keys[step % keys.length]!;
    current = (parent as Record<string | number, unknown>)[at];
  }
  if (parent === undefined || at === undefined) return action % 2 === 0 ? replacement : copy;
  const target = parent as Record<string | number, unknown>;
  if (action % 3 === 0) target[at] = replacement;
  else if (action % 3 === 1) {
    if (Array.isArray(parent)) parent.splice(at as number, 1);
    else delete target[at];
  } else if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
    Object.defineProperty(current, key, { value: replacement, enumerable: true, writable: true, configurable: true });
  } else target[at] = replacement;
  return copy;
}

/** An example report with a few spots changed. */
export const mutatedReportArb: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.constantFrom(...EXAMPLES),
    fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.nat(), fc.oneof(jsonArb, numberish), keyArb), { minLength: 1, maxLength: 3 }),
  )
  .map(([report, changes]) => changes.reduce<unknown>((value, [steps, action, replacement, key]) => mutateValue(value, steps, action, replacement, key), report));

/** Tokens of the documents' syntax, for strings that come close to real input. */
const SOUP = [
  '\n',
  '\n',
  '\t',
  '\r\n',
  ' ',
  '\u3000',
  '\ufeff',
  '\u0000',
  '一、',
  '二、',
  '（一）',
  '附件：',
  '附件',
  '统计指标',
  '单位',
  '统计数',
  '条',
  '件',
  '万元',
  '元',
  '主动公开政府信息',
  '收到申请',
  '办结',
  '结转',
  '行政复议',
  '2017年',
  '2022年',
  '年度报告',
  '2018年3月20日',
  '填报单位：',
  '（2017年度）',
  '。',
  '，',
  '：',
  '（',
  '）',
  '——',
  '-',
  '/',
  '|',
  '| --- |',
  '---',
  '#',
  '## ',
  '**',
  '*',
  '\\',
  '&amp;',
  '&constructor;',
  '&#0;',
  '&#x110000;',
  '{{',
  '}}',
  '<!-- xxgk format=gov-2021 -->',
  '发布机关：',
  'constructor：',
  '__proto__',
  '0',
  '12',
  '793',
  '803',
  '1,234',
  '９',
  '1e3',
  '9007199254740993',
  '12.5',
];
/** Strings made of the documents' own tokens. */
export const soupArb: fc.Arbitrary<string> = fc.array(fc.oneof(fc.constantFrom(...SOUP), fc.string({ maxLength: 4 })), { maxLength: 60 }).map((parts) => parts.join(''));

/** Any string: arbitrary code points (lone surrogates included) or document-like soup. */
export const stringArb: fc.Arbitrary<string> = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 }), soupArb);

type LineEdit = readonly [op: number, at: number, pos: number, digit: number, text: string];
const lineEditArb: fc.Arbitrary<LineEdit> = fc.tuple(fc.nat(5), fc.nat(), fc.nat(), fc.nat(9), soupArb);

/** A text with lines dropped, duplicated, truncated, swapped, inserted, and digits changed. */
export function mutateText(text: string, edits: readonly LineEdit[]): string {
  const lines = text.split('\n');
  for (const [op, at, pos, digit, inserted] of edits) {
    if (lines.length === 0) lines.push('');
    const i = at % lines.length;
    const line = lines[i]!;
    switch (op) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, line);
        break;
      case 2:
        lines[i] = line.slice(0, pos % (line.length + 1));
        break;
      case 3: {
        const digits = [...line.matchAll(/\d/g)];
        if (digits.length === 0) break;
        const d = digits[pos % digits.length]!.index;
        lines[i] = `${line.slice(0, d)}${digit}${line.slice(d + 1)}`;
        break;
      }
      case 4: {
        const j = pos % lines.length;
        [lines[i], lines[j]] = [lines[j]!, line];
        break;
      }
      default:
        lines.splice(i, 0, inserted);
    }
  }
  return lines.join('\n');
}

/** A real text with a few lines changed. */
export const mutatedTextArb = (texts: readonly string[]): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...texts), fc.array(lineEditArb, { minLength: 1, maxLength: 6 })).map(([text, edits]) => mutateText(text, edits));

// ── what a result must look like ────────────────────────────────────────────────────────────────

const IMPORT_CODES = new Set(Object.keys(IMPORT_MESSAGES.en));
const SEVERITIES = new Set(['error', 'warning', 'info']);
/** What a crash inside the library says (a bug, never a clear answer). */
export const NATIVE_ERROR = /Cannot (read|set) propert|is not (a function|iterable|defined|a constructor)|Maximum call stack|Cannot convert|Invalid array length|\(reading '|\[native code\]/;

/** A report is a canonical document: parseReport accepts it, and JSON gives back the same report (no -0, no undefined). */
export function expectCanonical(report: Report, what: string): void {
  const parsed = parseReport(report);
  expect(parsed.success, `${what}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues[0])}`).toBe(true);
  const difference = firstDifference(parseReport(JSON.stringify(report)).data, report);
  expect(difference, `${what}: ${difference}`).toBeUndefined();
}

/** An import result is well formed: known codes and severities, a message each, lines within the text, a canonical report or an error saying why not. */
export function expectImportResult(result: ImportResult, lineCount?: number): void {
  expect(Array.isArray(result.issues)).toBe(true);
  // Checked in plain code, one expect at the end: inputs may give tens of thousands of issues.
  const problems: string[] = [];
  for (const issue of result.issues) {
    const where = `${issue.code} ${JSON.stringify(issue.message)?.slice(0, 120)}`;
    if (!IMPORT_CODES.has(issue.code) || issue.code === 'internal') problems.push(`code: ${where}`);
    if (!SEVERITIES.has(issue.severity)) problems.push(`severity: ${where}`);
    if (typeof issue.message !== 'string' || issue.message.length === 0 || NATIVE_ERROR.test(issue.message)) problems.push(`message: ${where}`);
    if (issue.line !== undefined && !(Number.isInteger(issue.line) && issue.line >= 1 && (lineCount === undefined || issue.line <= lineCount))) {
      problems.push(`line ${issue.line} of ${lineCount}: ${where}`);
    }
    if (issue.endLine !== undefined && !(issue.endLine >= (issue.line ?? 1))) problems.push(`endLine: ${where}`);
  }
  expect(problems).toEqual([]);
  if (result.report === undefined) expect(result.issues.some((i) => i.severity === 'error'), 'no report and no error saying why').toBe(true);
  else expectCanonical(result.report, 'imported report');
}

/** A validation result is well formed: counts match the issues, each issue has its data and a message. */
export function expectValidation(result: ValidationResult): void {
  const counts = { error: 0, warning: 0, info: 0, waived: 0 };
  const problems: string[] = [];
  for (const issue of result.issues) {
    if (!SEVERITIES.has(issue.severity)) problems.push(`severity ${issue.severity}`);
    if (typeof issue.code !== 'string' || typeof issue.rule !== 'string' || typeof issue.fingerprint !== 'string') problems.push(`data of ${issue.code}`);
    if (!Array.isArray(issue.cells)) problems.push(`cells of ${issue.code}`);
    if (typeof issue.message !== 'string' || issue.message.length === 0 || NATIVE_ERROR.test(issue.message)) problems.push(`message of ${issue.code}: ${issue.message}`);
    if (issue.waived) counts.waived++;
    else if (SEVERITIES.has(issue.severity)) counts[issue.severity]++;
  }
  expect(problems).toEqual([]);
  expect(result.counts).toEqual(counts);
  expect(result.ok).toBe(counts.error === 0);
}

/**
 * Runs `f`; a throw must be one of the documented errors (a TypeError or RangeError for arguments of
 * the wrong kind, a FormatMismatchError) with a clear message, never a crash inside the library.
 */
export function outcome<T>(f: () => T): { value: T } | { error: Error } {
  try {
    return { value: f() };
  } catch (error) {
    expect(error instanceof TypeError || error instanceof RangeError || error instanceof FormatMismatchError, String(error)).toBe(true);
    const message = (error as Error).message;
    expect(message, message).not.toMatch(NATIVE_ERROR);
    expect(message.length).toBeGreaterThan(0);
    expect(message).not.toContain('\n');
    return { error: error as Error };
  }
}

/** The same input gives the same outcome (the same value, or the same error). */
export function expectSameOutcome<T>(a: { value: T } | { error: Error }, b: { value: T } | { error: Error }): void {
  if ('error' in a) {
    expect('error' in b).toBe(true);
    expect((b as { error: Error }).error.message).toBe(a.error.message);
  } else {
    expect('value' in b).toBe(true);
    expect((b as { value: T }).value).toStrictEqual(a.value);
  }
}

/** Object.prototype's own names: a polluted prototype has more. */
export const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
export const expectUnpolluted = (): void => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(PROTOTYPE_NAMES);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
};

/** Every printed cell reference of the official formats (for label and value arbitraries). */
export const OFFICIAL_CELLS = Object.values(formats).flatMap((f) => indexFormat(f).cells.map((c) => ({ format: f.id, cell: c })));

/** The first place where two JSON-like values differ (path, then both values), or undefined when they are deeply equal. */
export function firstDifference(actual: unknown, expected: unknown, path = '$'): string | undefined {
  if (Object.is(actual, expected)) return undefined;
  if (actual !== null && expected !== null && typeof actual === 'object' && typeof expected === 'object' && Array.isArray(actual) === Array.isArray(expected)) {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const key of keys) {
      const a = actual as Record<string, unknown>;
      const e = expected as Record<string, unknown>;
      if (Object.hasOwn(a, key) !== Object.hasOwn(e, key)) return `${path}.${key}: ${Object.hasOwn(a, key) ? 'unexpected' : 'missing'}`;
      const found = firstDifference(a[key], e[key], `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}…` : v) : Object.is(v, -0) ? '-0' : String(JSON.stringify(v)).slice(0, 200));
  return `${path}: ${show(actual)} ≠ ${show(expected)}`;
}

/** Deep equality of JSON-like values that names the first difference when it fails. */
export function expectSame(actual: unknown, expected: unknown): void {
  const difference = firstDifference(actual, expected);
  if (difference !== undefined) throw new Error(`not the same: ${difference}`);
}

import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SCHEMA_VERSION,
  createReport,
  formats,
  getCell,
  indexFormat,
  parseReport,
  setCell,
  toJSONSchema,
  type Report,
} from '../src/index.js';

const example = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8'));

const EXAMPLES = ['jiangbei-2017.json', 'qingshan-2020.json', 'qingshan-2022.json'];

describe('parseReport', () => {
  it.each(EXAMPLES)('accepts %s, as an object and as JSON text', (name) => {
    const doc = example(name);
    const fromObject = parseReport(doc);
    expect(fromObject.success).toBe(true);
    expect(fromObject.data).toEqual(doc);
    expect(parseReport(JSON.stringify(doc)).data).toEqual(doc);
  });

  it('rejects a document of another version, naming the field', () => {
    const doc = { ...(example('jiangbei-2017.json') as Report), schemaVersion: 2 };
    const result = parseReport(doc);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['schemaVersion']);
  });

  it('rejects NaN-like and float-money cells it cannot keep exactly, naming the cell', () => {
    const doc = structuredClone(example('jiangbei-2017.json')) as Report;
    doc.tables.statistics!.fees!.value = '1,0';
    const result = parseReport(doc);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['tables', 'statistics', 'fees', 'value']);
    const infinite = parseReport({ ...doc, tables: { statistics: { fees: { value: Infinity } } } });
    expect(infinite.success).toBe(false);
  });

  it('rejects unknown keys instead of dropping them', () => {
    const result = parseReport({ ...(example('jiangbei-2017.json') as object), remarks: 'x' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.code).toBe('unrecognized_keys');
  });

  it('rejects prototype keys as table, row or column ids', () => {
    const text = '{"schemaVersion":1,"format":"gov-2014","metadata":{"agency":"甲","year":2017},"sections":[],"tables":{"__proto__":{"a":{"value":1}}}}';
    const result = parseReport(text);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['tables', '__proto__']);
    expect(({} as Record<string, unknown>).a).toBeUndefined();
    const constructorKey = parseReport(text.replace('__proto__', 'constructor'));
    expect(constructorKey.success).toBe(false);
    expect(constructorKey.error!.issues[0]!.path).toEqual(['tables', 'constructor']);
  });

  it('answers text that is not JSON with an issue', () => {
    const result = parseReport('{ not json');
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/^not JSON/);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string(), fc.anything()), (input) => {
        const result = parseReport(input);
        expect(typeof result.success).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});

describe('toJSONSchema', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validateSchema = ajv.compile(toJSONSchema());

  it.each(EXAMPLES)('accepts %s', (name) => {
    expect(validateSchema(example(name)), JSON.stringify(validateSchema.errors)).toBe(true);
  });

  it('rejects what parseReport rejects', () => {
    const doc = structuredClone(example('jiangbei-2017.json')) as Report;
    doc.tables.statistics!.fees!.value = 'twelve';
    expect(validateSchema(doc)).toBe(false);
    expect(validateSchema({ ...doc, schemaVersion: 2 })).toBe(false);
    expect(validateSchema({ ...doc, extra: true })).toBe(false);
  });

  it('names itself and its version', () => {
    const schema = toJSONSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(String(schema.$id)).toContain(`v${SCHEMA_VERSION}`);
  });

  it('$id names a file the package ships: the build writes the schema there', () => {
    const id = String(toJSONSchema().$id);
    const path = /^https:\/\/unpkg\.com\/xxgk\/(dist\/schema\/report-v\d+\.json)$/.exec(id)?.[1];
    expect(path).toBeDefined();
    const shipped = readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
    expect(JSON.parse(shipped)).toEqual(JSON.parse(JSON.stringify(toJSONSchema())));
  });
});

describe('createReport, getCell and setCell', () => {
  const metadata = { agency: '青山市统计局', year: 2023 };

  it.each(Object.keys(formats))('creates an empty %s report with the template sections and every cell absent', (id) => {
    const format = formats[id as keyof typeof formats];
    const report = createReport(id, metadata);
    expect(parseReport(report).success).toBe(true);
    expect(report.sections.map((s) => s.title)).toEqual(format.sections.map((s) => s.title));
    const cells = indexFormat(format).cells;
    const values = Object.values(report.tables).flatMap((t) => Object.values(t).flatMap((r) => Object.values(r)));
    expect(values).toHaveLength(cells.length);
    expect(values.every((v) => v === null)).toBe(true);
  });

  it('puts the 2014 table in an attachment', () => {
    const report = createReport('gov-2014', metadata);
    expect(report.attachments).toEqual([
      { title: '政府信息公开情况统计表', period: '2023年度', filledBy: '青山市统计局', tables: ['statistics'] },
    ]);
  });

  it('sets a cell immutably and reads it back', () => {
    const empty = createReport(formats['gov-2021'], metadata);
    const before = JSON.stringify(empty);
    const filled = setCell(empty, 'applications.newThisYear/total', 154);
    expect(JSON.stringify(empty)).toBe(before);
    expect(getCell(filled, 'applications.newThisYear/total')).toBe(154);
    expect(getCell(empty, 'applications.newThisYear/total')).toBeNull();
    expect(filled.tables.reviewLitigation).toBe(empty.tables.reviewLitigation);
    const money = setCell(filled, 'proactive.charges.fees/feeAmount', '24252.311082');
    expect(getCell(money, 'proactive.charges.fees/feeAmount')).toBe('24252.311082');
  });

  it('reads a one-column table by row id', () => {
    const report = setCell(createReport('gov-2014', metadata), 'proactive.published', 803);
    expect(getCell(report, 'proactive.published/value')).toBe(803);
  });

  it('refuses a cell the format does not have and an unknown format', () => {
    const report = createReport('gov-2021', metadata);
    expect(() => setCell(report, 'applications.results.withheld.nope/total', 1)).toThrow(RangeError);
    expect(() => setCell(report, 'applications.results/total', 1)).toThrow(/has no cell/);
    expect(() => createReport('gov-1999', metadata)).toThrow(/unknown format "gov-1999"/);
  });
});

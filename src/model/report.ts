import { z } from 'zod';
import { DECIMAL_PATTERN, type CellValue } from './values.js';

/** The version of the canonical JSON document that this release reads and writes. */
export const SCHEMA_VERSION = 1;

/** Stable ASCII identifiers of tables, rows, columns and sections: dotted camelCase segments. */
export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*$/;

/** Identifier segments that would collide with `Object.prototype` and are therefore never ids. */
export const RESERVED_ID_SEGMENTS: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(Object.prototype),
);

/** True when `value` is a well-formed, non-reserved identifier. */
export function isId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 200 &&
    ID_PATTERN.test(value) &&
    !value.split('.').some((segment) => RESERVED_ID_SEGMENTS.has(segment))
  );
}

/** The administrative levels of organs that publish reports. */
export const AGENCY_LEVELS = [
  'ministry',
  'province',
  'city',
  'county',
  'district',
  'township',
  'department',
] as const;

/** The administrative level of the publishing organ. */
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

const IdSchema = z.string().refine(isId, { message: 'not a valid id (dotted ASCII camelCase)' });
const IsoDateSchema = z.iso.date();

/**
 * Schema of one cell value: a finite number within ±(2^53 − 1) (beyond, a number is no longer
 * exact: JSON.parse has already rounded it; -0 reads as 0), a canonical decimal string, or `null`
 * (absent).
 */
export const CellValueSchema: z.ZodType<CellValue> = z
  .union([
    // The bound is a refinement below (a failed check inside a union would only say "Invalid input").
    z.number().meta({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }),
    z.string().regex(DECIMAL_PATTERN, { message: 'not a decimal number' }),
    z.null(),
  ])
  .refine((v) => typeof v !== 'number' || Math.abs(v) <= Number.MAX_SAFE_INTEGER, {
    message: 'beyond ±(2^53 - 1): not an exact number',
  })
  // -0 has no JSON spelling: the canonical document holds 0.
  .transform((v) => (typeof v === 'number' ? v + 0 : v));

/** Schema of the report's metadata. */
export const MetadataSchema = z.strictObject({
  agency: z.string().describe('Name of the publishing organ (填报单位); empty only in a partial import of a document that states none'),
  region: z.string().min(1).optional().describe('Administrative region, e.g. 浙江省宁波市江北区'),
  level: z.enum(AGENCY_LEVELS).optional(),
  year: z.int().min(2000).max(2100).describe('The report year (not the publication year)'),
  publishedOn: IsoDateSchema.optional().describe('Publication or signature date, YYYY-MM-DD'),
  sourceUrl: z.string().min(1).optional().describe('Where the report is published'),
  title: z.string().min(1).optional().describe('The report title, when it differs from the usual one'),
});

/** Report metadata: who published it, for which year, where. */
export interface Metadata extends z.infer<typeof MetadataSchema> {}

/** A numbered section of the narrative (一、 …), with paragraphs and nested subsections (（一） …). */
export interface Section {
  /** The template section this is (e.g. `overview`), when it is one. */
  id?: string | undefined;
  /** The heading without its number, e.g. `概述`. */
  title: string;
  /** Paragraph texts, in order. */
  paragraphs: string[];
  /** Nested subsections, numbered one level deeper. */
  subsections?: Section[] | undefined;
}

/** Schema of a section (recursive). */
export const SectionSchema: z.ZodType<Section> = z.lazy(() =>
  z.strictObject({
    id: IdSchema.optional(),
    title: z.string(),
    paragraphs: z.array(z.string()),
    subsections: z.array(SectionSchema).optional(),
  }),
);

/** Schema of an attachment that holds statistics tables (附件：政府信息公开情况统计表). */
export const AttachmentSchema = z.strictObject({
  title: z.string().min(1),
  period: z.string().min(1).optional().describe('e.g. 2017年度'),
  filledBy: z.string().min(1).optional().describe('填报单位'),
  tables: z.array(IdSchema),
});

/** An attachment that holds statistics tables. */
export interface Attachment extends z.infer<typeof AttachmentSchema> {}

/** Schema of the closing signature block. */
export const SignatureSchema = z.strictObject({
  organ: z.string().min(1),
  date: IsoDateSchema.optional(),
});

/** The closing signature block: the organ and the date. */
export interface Signature extends z.infer<typeof SignatureSchema> {}

/** Cell values of one table: row id → column id → value. */
export type TableValues = Record<string, Record<string, CellValue>>;

/** Schema of the canonical report document. */
export const ReportSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  format: z.string().min(1).describe('Format id, e.g. gov-2021'),
  metadata: MetadataSchema,
  preamble: z.array(z.string()).optional().describe('Paragraphs before the first section'),
  sections: z.array(SectionSchema),
  enclosures: z.array(z.string()).optional().describe('The 附件 list printed after the text'),
  signature: SignatureSchema.optional(),
  attachments: z.array(AttachmentSchema).optional(),
  tables: z.record(IdSchema, z.record(IdSchema, z.record(IdSchema, CellValueSchema))),
  derived: z
    .array(z.string())
    .optional()
    .describe('Cells computed by complete(), as "rowId/columnId" references'),
});

/** The canonical report document. */
export interface Report extends z.infer<typeof ReportSchema> {}

/** The result of {@link parseReport}: the report, or the reasons it is not one. */
export type ParseResult =
  | { success: true; data: Report; error?: undefined }
  | { success: false; data?: undefined; error: z.ZodError };

/** How deeply a document may nest (a report nests 4 levels in its tables, 2 per level of sections). */
export const MAX_NESTING = 64;

/**
 * Parses a canonical report (an object or its JSON text); never throws. Besides the schema, a
 * value nested more than {@link MAX_NESTING} levels deep, an own `__proto__` key anywhere, and an
 * object that appears twice (shared or circular) make the document invalid.
 *
 * @example
 * ```ts
 * import { parseReport } from 'xxgk';
 * const parsed = parseReport('{"schemaVersion":1,"format":"gov-2021","metadata":{"agency":"青山市统计局","year":2023},"sections":[],"tables":{}}');
 * if (parsed.success) console.log(parsed.data.metadata.agency); // 青山市统计局
 * else console.log(parsed.error.issues);
 * ```
 */
export function parseReport(input: unknown): ParseResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      return failure([], `not JSON: ${describe(cause)}`, input);
    }
  }
  try {
    const problem = structureProblem(value);
    if (problem) return failure(problem.path, problem.message, value);
    const result = ReportSchema.safeParse(value);
    return result.success ? { success: true, data: result.data } : { success: false, error: result.error };
  } catch (cause) {
    // Getters and proxies may throw while they are read.
    return failure([], `cannot be read: ${describe(cause)}`, value);
  }
}

const describe = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));

function failure(path: PropertyKey[], message: string, input: unknown): ParseResult {
  return { success: false, error: new z.ZodError([{ code: 'custom', path, message, input }]) };
}

/**
 * The first structural problem of a JSON-like value, depth first: an own `__proto__` key (which
 * would be dropped silently, or set a prototype), nesting deeper than {@link MAX_NESTING}, or an
 * object reached twice. Iterative, so that no input can exhaust the call stack.
 */
export function structureProblem(root: unknown): { path: PropertyKey[]; message: string } | undefined {
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: root, path: [] }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length > MAX_NESTING) return { path, message: `nested more than ${MAX_NESTING} levels deep` };
    if (seen.has(value)) return { path, message: 'the same object appears twice (a shared or circular reference)' };
    seen.add(value);
    const children: Array<{ value: unknown; path: PropertyKey[] }> = [];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) children.push({ value: value[i], path: [...path, i] });
    } else {
      for (const key of Object.keys(value)) {
        if (key === '__proto__') return { path: [...path, key], message: 'the key "__proto__" is never a valid name' };
        children.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return undefined;
}

/**
 * Why a value is not a report document — the first problem {@link parseReport} finds, with its
 * path — or `undefined` when it is one. For functions that need a well-formed report.
 */
export function reportProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `not a report document but ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`;
  }
  const parsed = parseReport(value);
  if (parsed.success) return undefined;
  const first = parsed.error.issues[0];
  const path = first ? first.path.map(String) : [];
  const shown = path.length > 8 ? [...path.slice(0, 4), '…', ...path.slice(-3)] : path;
  const where = shown.length > 0 ? ` at ${shown.join('.')}` : '';
  return `not a valid report document${where}: ${first?.message ?? 'unknown problem'}`;
}

/** Where the JSON Schema is published: the file the package ships (`dist/schema/report-v1.json`). */
export const SCHEMA_ID = `https://unpkg.com/xxgk/dist/schema/report-v${SCHEMA_VERSION}.json`;

/** JSON Schema (draft 2020-12) of the canonical report document, for users outside TypeScript. */
export function toJSONSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ReportSchema, { target: 'draft-2020-12', io: 'input' });
  return {
    ...schema,
    $id: SCHEMA_ID,
    title: 'xxgk report document',
    description: '政府信息公开工作年度报告 — a government information disclosure annual report',
  };
}

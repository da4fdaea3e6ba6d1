import { indexFormat, type Format } from '../formats/define.js';
import { findReferences } from '../formats/refs.js';
import type { Attachment, Report, Section } from '../model/report.js';
import { derivedRefs, formatValue, layoutTable, type LayoutContext, type TableLayout } from './layout.js';
import { chineseDate, parseChineseNumeral, sectionNumber } from '../formats/conventions.js';
import type { ResolvedOptions } from './options.js';

/** A run of paragraph text, or an embedded cell reference with the value it prints. */
export type Segment = { readonly text: string } | { readonly ref: string; readonly value: string };

/** A field of the metadata line. */
export interface MetadataField {
  readonly key: 'agency' | 'region' | 'year' | 'publishedOn' | 'sourceUrl';
  readonly label: string;
  readonly value: string;
}

/** One block of a rendered report, in reading order; the writers turn blocks into Markdown or text. */
export type Block =
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'metadata'; readonly fields: readonly MetadataField[] }
  | { readonly kind: 'paragraph'; readonly segments: readonly Segment[] }
  | { readonly kind: 'heading'; readonly depth: number; readonly number: string; readonly title: string }
  | { readonly kind: 'caption'; readonly text: string }
  | { readonly kind: 'table'; readonly layout: TableLayout }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'break' }
  | { readonly kind: 'enclosures'; readonly items: readonly string[] }
  | { readonly kind: 'signature'; readonly organ: string; readonly date: string | undefined }
  | {
      readonly kind: 'attachment';
      readonly marker: string;
      readonly title: string;
      readonly period: string | undefined;
      readonly filledBy: string | undefined;
    }
  | {
      readonly kind: 'validation';
      readonly title: string;
      readonly items: readonly { readonly tag: string; readonly message: string }[];
      readonly empty: string;
    };

/** What a reader cannot see but an importer needs: the format, the agency level, whether the title was set, section ids. */
export interface HiddenFields {
  readonly format: string;
  readonly level: string | undefined;
  /** True when `metadata.title` is set (the heading is then the report's own title). */
  readonly title: boolean;
  /** `path:id` for each section whose id does not follow from its title (path: 1-based, dotted). */
  readonly ids: readonly string[];
}

/** A report laid out as blocks, plus the fields only a machine reads. */
export interface DocumentModel {
  readonly blocks: readonly Block[];
  readonly hidden: HiddenFields;
}

/** The title a report prints: `metadata.title`, or `<agency><year>年政府信息公开工作年度报告`. */
export function reportTitle(report: Report): string {
  return report.metadata.title ?? `${report.metadata.agency}${report.metadata.year}年政府信息公开工作年度报告`;
}

/** The template id a top-level section title stands for (its title or one of its aliases), if any. */
export function sectionIdForTitle(format: Format, title: string): string | undefined {
  return format.sections.find((t) => t.title === title || (t.aliases ?? []).includes(title))?.id;
}

/** Lays a report out as blocks in reading order. */
export function buildDocument(report: Report, options: ResolvedOptions): DocumentModel {
  const { format, strings, only } = options;
  const index = indexFormat(format);
  const context: LayoutContext = {
    index,
    absent: options.absent,
    derived: options.markDerived ? derivedRefs(report, index) : new Set(),
  };
  const withText = only !== 'tables';
  const withTables = only !== 'text';
  const sections = report.sections ?? [];

  // Where each table prints: in an attachment that lists it, else in its section, else after the text.
  const known = new Set(index.tables.map((t) => t.id));
  const placed = new Set<string>();
  const attachments: Attachment[] = [];
  for (const attachment of report.attachments ?? []) {
    const tables = attachment.tables.filter((id) => known.has(id) && !placed.has(id));
    tables.forEach((id) => placed.add(id));
    attachments.push({ ...attachment, tables });
  }
  const bySection = new Map<number, string[]>();
  const orphans: string[] = [];
  const unplaced = index.tables.map((t) => t.id).filter((id) => !placed.has(id));
  if (format.tablePlacement === 'attachment') {
    if (unplaced.length > 0) {
      attachments.push({
        title: format.attachmentTitle ?? index.tables[0]!.definition.title,
        period: `${report.metadata.year}年度`,
        filledBy: report.metadata.agency,
        tables: unplaced,
      });
    }
  } else {
    // In the order the section template lists them.
    const listed = format.sections.flatMap((t) => (t.tables ?? []).map((id) => ({ id, section: t.id })));
    for (const { id, section } of listed) {
      if (!unplaced.includes(id)) continue;
      const at = sections.findIndex((s) => s.id === section);
      if (at < 0) orphans.push(id);
      else bySection.set(at, [...(bySection.get(at) ?? []), id]);
    }
    for (const id of unplaced) if (!listed.some((l) => l.id === id)) orphans.push(id);
  }

  const tableBlocks = (id: string): Block[] => {
    const table = index.tableById.get(id);
    if (!table) return [];
    const layout = layoutTable(report, table, context);
    return layout.marked ? [{ kind: 'table', layout }, { kind: 'note', text: strings.derivedNote }] : [{ kind: 'table', layout }];
  };
  const paragraph = (text: string): Block => ({ kind: 'paragraph', segments: segmentsOf(report, format, text, options.absent) });

  const sectionBlocks = (section: Section, depth: number, n: number, tables: readonly string[]): Block[] => {
    const out: Block[] = [];
    const heading: Block = { kind: 'heading', depth, number: sectionNumber(depth, n), title: section.title };
    if (!withText) {
      if (tables.length === 0) return out;
      out.push(heading);
      for (const id of tables) out.push(...tableBlocks(id));
      return out;
    }
    out.push(heading);
    for (const p of section.paragraphs ?? []) out.push(paragraph(p));
    if (withTables) for (const id of tables) out.push(...tableBlocks(id));
    (section.subsections ?? []).forEach((sub, i) => out.push(...sectionBlocks(sub, depth + 1, i + 1, [])));
    return out;
  };

  const blocks: Block[] = [];
  if (options.section !== undefined) {
    const at = findSection(sections, options.section);
    blocks.push(...sectionBlocks(sections[at]!, 1, at + 1, bySection.get(at) ?? []));
  } else {
    blocks.push({ kind: 'title', text: reportTitle(report) });
    blocks.push({ kind: 'metadata', fields: metadataFields(report, options) });
    if (withText) for (const p of report.preamble ?? []) blocks.push(paragraph(p));
    sections.forEach((section, i) => blocks.push(...sectionBlocks(section, 1, i + 1, bySection.get(i) ?? [])));
    if (withTables) {
      for (const id of orphans) {
        blocks.push({ kind: 'caption', text: index.tableById.get(id)!.definition.title });
        blocks.push(...tableBlocks(id));
      }
    }
    const closing: Block[] = [];
    if (withText && report.enclosures && report.enclosures.length > 0) closing.push({ kind: 'enclosures', items: report.enclosures });
    if (withText && report.signature) {
      const date = report.signature.date;
      closing.push({ kind: 'signature', organ: report.signature.organ, date: date === undefined ? undefined : chineseDate(date) });
    }
    if (withTables) {
      attachments.forEach((attachment, i) => {
        closing.push({
          kind: 'attachment',
          marker: attachments.length > 1 ? `附件${i + 1}：` : '附件：',
          title: attachment.title,
          period: attachment.period,
          filledBy: attachment.filledBy,
        });
        for (const id of attachment.tables) closing.push(...tableBlocks(id));
      });
    }
    if (closing.length > 0) blocks.push({ kind: 'break' }, ...closing);
  }

  if (options.validation) {
    blocks.push({
      kind: 'validation',
      title: strings.validation,
      items: options.validation.issues.map((issue) => ({
        tag: strings.severity[issue.severity] ?? String(issue.severity),
        message: issue.rule ? `${issue.message}${strings.rule(issue.rule)}` : issue.message,
      })),
      empty: strings.noIssues,
    });
  }

  return { blocks, hidden: hiddenFields(report, format) };
}

/** The metadata line's fields, in a fixed order, for whatever the report holds. */
function metadataFields(report: Report, options: ResolvedOptions): MetadataField[] {
  const { strings } = options;
  const m = report.metadata;
  const fields: MetadataField[] = [{ key: 'agency', label: strings.agency, value: m.agency }];
  if (m.region !== undefined) fields.push({ key: 'region', label: strings.region, value: m.region });
  fields.push({ key: 'year', label: strings.year, value: strings.yearValue(m.year) });
  if (m.publishedOn !== undefined) fields.push({ key: 'publishedOn', label: strings.publishedOn, value: strings.date(m.publishedOn) });
  if (m.sourceUrl !== undefined) fields.push({ key: 'sourceUrl', label: strings.sourceUrl, value: m.sourceUrl });
  return fields;
}

/** Splits a paragraph at its embedded cell references; unknown references stay verbatim. */
function segmentsOf(report: Report, format: Format, text: string, absent: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const ref of findReferences(text, format)) {
    if (!ref.cell) continue;
    if (ref.start > at) out.push({ text: text.slice(at, ref.start) });
    const value = report.tables[ref.cell.table]?.[ref.cell.row.id]?.[ref.cell.column.id];
    out.push({ ref: ref.ref, value: value === null || value === undefined ? absent : formatValue(value) });
    at = ref.end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at) });
  return out;
}

/** The index of the top-level section an option names: its id, its number (3) or its Chinese number (三). */
function findSection(sections: readonly Section[], key: string | number): number {
  let at = -1;
  if (typeof key === 'number') at = Number.isInteger(key) ? key - 1 : -1;
  else {
    const text = key.trim();
    at = sections.findIndex((s) => s.id === text);
    if (at < 0 && /^\d{1,4}$/.test(text)) at = Number(text) - 1;
    if (at < 0) {
      const n = parseChineseNumeral(text.replace(/、$/, ''));
      if (n !== undefined) at = n - 1;
    }
  }
  if (at < 0 || at >= sections.length) {
    const ids = sections.map((s, i) => s.id ?? String(i + 1)).join(', ');
    throw new RangeError(`the report has no section ${JSON.stringify(key)}; it has ${sections.length} (${ids})`);
  }
  return at;
}

function hiddenFields(report: Report, format: Format): HiddenFields {
  const ids: string[] = [];
  const walk = (list: readonly Section[], prefix: string, depth: number) => {
    list.forEach((section, i) => {
      const path = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      const inferred = depth === 1 ? sectionIdForTitle(format, section.title) : undefined;
      if (inferred !== section.id) ids.push(`${path}:${section.id ?? ''}`);
      walk(section.subsections ?? [], path, depth + 1);
    });
  };
  walk(report.sections ?? [], '', 1);
  return { format: report.format, level: report.metadata.level, title: report.metadata.title !== undefined, ids };
}

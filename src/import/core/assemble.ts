import { formatForYear, formats as officialFormats, getFormat } from '../../formats/catalogue.js';
import { indexFormat, type CellInfo, type Format } from '../../formats/define.js';
import type { CellValue } from '../../model/values.js';
import { createReport } from '../../formats/document.js';
import { MetadataSchema, type Metadata, type Report } from '../../model/report.js';
import { pushAll } from './arrays.js';
import { byOrder } from './order.js';
import { readTables, type PageTable, type TableReading } from './tables.js';
import { IssueList, type ImportOptions, type ImportResult } from './issues.js';
import { attachmentTitles, looseLabel } from './labels.js';
import {
  ATTACHMENT_HEADER,
  MAX_PADDED_LINE,
  enclosuresOf,
  FILLED_BY,
  PERIOD,
  SECTION,
  SUBSECTION,
  TERMINAL,
  URL,
  YEAR,
  bestFormat,
  chineseNumber,
  isShort,
  isoDate,
  readDate,
  sectionsOf,
  metadataFields,
  squash,
  vocabulary,
  type RawSection as SectionRead,
} from './conventions.js';
import { cellTextKind } from './values.js';
import type { PrintedMetadataKey } from '../../formats/conventions.js';
import type { Layout, LayoutBlock, LayoutHeading, LayoutParagraph, SourceLocation } from './layout.js';

// The one assembler: a Layout (blocks in reading order and the document's facts, from any reader) in,
// a report out. It finds the title, the preamble, the numbered sections and their paragraphs, the
// signature and the attachment's lines; detects the format from the labels the document prints; reads
// every statistics table by its labels; and gathers the metadata from wherever the document states it.
// What it cannot place is an issue; the rest of the report is still returned.

/** Options of {@link assemble}: those of every importer, plus a forced format and metadata. */
export interface AssembleOptions extends ImportOptions {
  /** Read the document as this format (a format, id or edition) instead of detecting it from the labels. */
  readonly format?: Format | string;
  /** Metadata that wins over what the document states (e.g. `agency`, `year`, `sourceUrl`, `region`). */
  readonly metadata?: Partial<Metadata>;
}

/** The formats a document may be in: the one `options.format` names (`forced`, undefined when it names none), else every format known. */
export function candidateFormats(options: AssembleOptions): { readonly forced: Format | undefined; readonly candidates: readonly Format[] } {
  const extra = options.formats ?? [];
  if (options.format !== undefined) {
    const forced = typeof options.format === 'string' ? getFormat(options.format, extra) : options.format;
    return { forced, candidates: forced ? [forced] : [] };
  }
  return { forced: undefined, candidates: [...extra, ...Object.values(officialFormats).filter((f) => !extra.some((e) => e.id === f.id))] };
}

/** Words of a report's title. */
export const TITLE_WORDS = /报告|年报/u;
// A stated date: 发布时间：2023-01-18. A bare 时间/日期 counts only when no other word qualifies it
// (a crawler's 采集时间 or 抓取日期 is no date of the document).
const DATE_FIELD = /([\p{Script=Han}]{1,4})?\s*(?:时间|日期)\s*[:：]\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/gu;
const DATE_WORDS = new Set(['发布', '公开', '发文', '成文', '生成', '印发']);
const INFO_LINE = /^[【[]?\s*(?:发布(?:时间|日期|机构)|发文(?:日期|机关)|成文日期|生成日期|来源|信息来源|文章来源|作者|浏览(?:次数)?|点击(?:数|量)?|访问量|字号|索引号|信息分类|主题分类|文号|责任编辑|时间|日期)\s*[:：]/u;
const FURNITURE = ['分享到', '【打印', '打印本页', '打印此页', '【关闭', '关闭窗口', '关闭本页', '【字体', '字体：', '字号：', '【字号', '扫一扫', '上一篇', '下一篇', '相关链接', '相关阅读', '【返回', '返回顶部', '【收藏', '加入收藏'];
const BRACKETED = /^(?:【[^】]{1,8}】)+$/u;

/** The date a line states the document was published (发布时间：2023-01-18), preferring 发布 over other dates; never a crawler's 采集时间. */
export function statedDate(text: string): { iso: string; published: boolean } | undefined {
  let found: { iso: string; published: boolean } | undefined;
  for (const m of text.normalize('NFKC').matchAll(DATE_FIELD)) {
    const word = m[1];
    if (word !== undefined && !DATE_WORDS.has(word.slice(-2))) continue;
    const iso = isoDate(Number(m[2]), Number(m[3]), Number(m[4]));
    if (!iso) continue;
    const published = word !== undefined && (word.endsWith('发布') || word.endsWith('公开'));
    if (!found || (published && !found.published)) found = { iso, published };
  }
  return found;
}

type TextBlock = LayoutParagraph | LayoutHeading;

interface Para {
  readonly text: string;
  readonly at?: SourceLocation;
}

interface RawSection {
  readonly title: string;
  /** The 1-based line of the heading, when the source has lines. */
  readonly line?: number;
  readonly paragraphs: Para[];
  readonly subsections: RawSection[];
}

interface Structure {
  readonly titleLines: string[];
  readonly preamble: Para[];
  readonly sections: RawSection[];
  readonly enclosures: string[];
  organ: string | undefined;
  date: string | undefined;
  /** A date under the title or in an info line of the body's head (发布时间：…). */
  headDate: string | undefined;
  /** What a metadata line under the title states (发布机关：… | 报告年度：…). */
  readonly stated: Map<PrintedMetadataKey, string>;
  readonly attachment: { title?: string; period?: string; filledBy?: string };
  readonly unplaced: Para[];
}

type Phase = 'head' | 'preamble' | 'sections' | 'tail' | 'attachment';

// Lines that only mark a part of a page or a converted file (正文, 目录), never report text.
const MARKER_LINES = new Set(['正文', '目录', '全文', '打印', '关闭']);

function isFurniture(text: string): boolean {
  // Furniture is a short line, or one that starts with its word (分享到：…): a paragraph is not normalised whole.
  const head = squash(text.slice(0, 40));
  if (FURNITURE.some((f) => head.startsWith(f))) return true;
  if (text.length > MAX_PADDED_LINE) return false;
  const s = squash(text);
  return MARKER_LINES.has(s) || BRACKETED.test(s);
}

/** The loose section titles of the candidate formats, and every proper start of one (a heading wrapped before its end). */
interface SectionKeys {
  readonly titles: ReadonlySet<string>;
  readonly starts: ReadonlySet<string>;
}

/** The 1-based line a block ends on, when its source has lines. */
const endLine = (at: SourceLocation | undefined): number | undefined => at?.endLine ?? at?.line;

function readStructure(blocks: readonly LayoutBlock[], pageTitle: string | undefined, attachmentTitles: ReadonlySet<string>, sectionKeys: SectionKeys): Structure {
  const s: Structure = {
    titleLines: [],
    preamble: [],
    sections: [],
    enclosures: [],
    organ: undefined,
    date: undefined,
    headDate: undefined,
    stated: new Map(),
    attachment: {},
    unplaced: [],
  };
  const title = pageTitle ? squash(pageTitle) : undefined;
  let phase: Phase = 'head';
  let titleDone = false;
  let last: { list: Para[]; para: Para } | undefined;
  let pendingOrgan: Para | undefined;
  /** The index of the block being read (a wrapped heading takes the lines after it). */
  let index = 0;

  const section = () => s.sections[s.sections.length - 1];
  const container = (): Para[] => {
    const top = section();
    if (!top) return s.preamble;
    const sub = top.subsections[top.subsections.length - 1];
    return sub ? sub.paragraphs : top.paragraphs;
  };
  const paragraph = (text: string, at?: SourceLocation) => {
    const list = container();
    const para = at ? { text, at } : { text };
    list.push(para);
    last = { list, para };
  };
  const heading = (text: string) => {
    const top = SECTION.exec(text);
    if (top && !TERMINAL.test(text)) {
      // The next number; or a later one where the title is a template section's (a section left out).
      const n = chineseNumber(top[1]!);
      if (n === s.sections.length + 1 || (n > s.sections.length + 1 && sectionKeys.titles.has(looseLabel(top[2]!)))) return { level: 1 as const, title: top[2]!.trim() };
    }
    const sub = SUBSECTION.exec(text);
    const current = section();
    if (sub && current && !TERMINAL.test(text) && chineseNumber(sub[1]!) === current.subsections.length + 1) {
      return { level: 2 as const, title: sub[2]!.trim() };
    }
    return undefined;
  };
  /**
   * A section title wrapped over lines: the paragraphs on the lines right after the heading's are
   * joined to it while the title is only the start of a candidate format's section title.
   */
  const wrapped = (title: string): string => {
    let key = looseLabel(title);
    if (sectionKeys.titles.has(key) || !sectionKeys.starts.has(key)) return title;
    for (let j = index + 1; j < blocks.length; j++) {
      const next = blocks[j]!;
      const line = endLine(blocks[j - 1]!.at);
      if (next.kind !== 'paragraph' || line === undefined || next.at?.line !== line + 1) break;
      const joined = looseLabel(title + next.text);
      if (!sectionKeys.titles.has(joined) && !sectionKeys.starts.has(joined)) break;
      title += next.text;
      key = joined;
      index = j;
      if (sectionKeys.titles.has(key)) break;
    }
    return title;
  };
  /** Opens the section a heading names (a section title wrapped over lines takes them with it). */
  const open = (h: { level: 1 | 2; title: string }) => {
    const line = blocks[index]?.at?.line;
    const title = h.level === 1 ? wrapped(h.title) : h.title;
    const opened: RawSection = { title, ...(line !== undefined && { line }), paragraphs: [], subsections: [] };
    if (h.level === 1) s.sections.push(opened);
    else section()!.subsections.push(opened);
    phase = 'sections';
    last = undefined;
  };
  /** A paragraph of the narrative: a heading, a run-in heading and its text, or text. */
  const narrative = (block: TextBlock) => {
    const h = heading(block.text);
    if (h) return open(h);
    // A run-in heading may end with its own full stop: （一）主动公开情况。全年…
    const lead = block.kind === 'paragraph' ? block.lead : undefined;
    const run = lead !== undefined ? heading(lead.replace(/[。：:．.]$/u, '')) : undefined;
    if (run) {
      open(run);
      paragraph((block as LayoutParagraph).rest ?? '', block.at);
      return;
    }
    paragraph(block.text, block.at);
  };

  for (; index < blocks.length; index++) {
    const block = blocks[index]!;
    if (block.kind === 'table') {
      if (phase === 'head') phase = 'preamble';
      last = undefined;
      continue;
    }
    const text = block.text;
    const lead = block.kind === 'paragraph' ? block.lead : undefined;
    if (isFurniture(text)) continue;
    // Only a short line can be a title line or the 附件 header: a paragraph is not normalised.
    const squashed = text.length <= MAX_PADDED_LINE ? squash(text) : undefined;

    if (phase === 'head') {
      const fields = metadataFields(text);
      if (fields) for (const [key, value] of fields) if (!s.stated.has(key)) s.stated.set(key, value);
      if (INFO_LINE.test(text) || fields) {
        s.headDate ??= statedDate(text)?.iso;
        continue;
      }
      const h = heading(text) ?? (lead !== undefined ? heading(lead.replace(/[。：:．.]$/u, '')) : undefined);
      if (!h && !titleDone && isShort(text) && (title !== undefined ? squashed !== undefined && title.includes(squashed) : s.titleLines.length < 4)) {
        s.titleLines.push(text);
        if (title !== undefined ? s.titleLines.map(squash).join('') === title : TITLE_WORDS.test(text)) titleDone = true;
        continue;
      }
      if (s.titleLines.length > 0 && readDate(text)) {
        s.headDate ??= readDate(text);
        titleDone = true;
        continue;
      }
      phase = h ? 'sections' : 'preamble';
    }
    if (phase === 'preamble' || phase === 'sections' || phase === 'tail') {
      if (squashed !== undefined && ATTACHMENT_HEADER.test(squashed)) {
        phase = 'attachment';
        last = undefined;
        continue;
      }
      const enclosures = phase !== 'preamble' ? enclosuresOf(text) : undefined;
      if (enclosures) {
        s.enclosures.push(...enclosures);
        phase = 'tail';
        last = undefined;
        continue;
      }
      const iso = readDate(text);
      if (iso && phase === 'preamble') {
        s.headDate ??= iso;
        continue;
      }
      if (iso) {
        if (phase === 'tail' && pendingOrgan) s.organ = pendingOrgan.text;
        else if (last && isShort(last.para.text)) {
          last.list.pop();
          s.organ = last.para.text;
        }
        pendingOrgan = undefined;
        last = undefined;
        s.date = iso;
        phase = 'tail';
        continue;
      }
      if (phase !== 'preamble' && attachmentTitles.has(looseLabel(text))) {
        phase = 'attachment';
        s.attachment.title = text;
        last = undefined;
        continue;
      }
    }
    switch (phase) {
      case 'preamble':
      case 'sections':
        narrative(block);
        break;
      case 'tail':
        // The organ is the short line just before the date; an earlier one is not understood.
        if (!s.organ && isShort(text)) {
          if (pendingOrgan) s.unplaced.push(pendingOrgan);
          pendingOrgan = { text, at: block.at };
        } else s.unplaced.push({ text, at: block.at });
        break;
      case 'attachment': {
        const period = PERIOD.exec(text);
        const filled = FILLED_BY.exec(text);
        // The next section by its number and its template title: the narrative goes on after a table printed in its midst.
        const resumed = heading(text);
        if (resumed?.level === 1 && sectionKeys.titles.has(looseLabel(resumed.title))) {
          open(resumed);
          break;
        }
        if (period && s.attachment.period === undefined) s.attachment.period = squash(period[1]!);
        else if (filled && s.attachment.filledBy === undefined) s.attachment.filledBy = filled[1]!.trim() || undefined;
        else if (s.attachment.title === undefined && isShort(text)) s.attachment.title = text;
        else s.unplaced.push({ text, at: block.at });
        break;
      }
    }
  }
  if (pendingOrgan) s.unplaced.push(pendingOrgan);
  return s;
}

/** The statistics tables of a layout, numbered in reading order, each with the page it starts on. */
function tablesOf(layout: Layout): PageTable[] {
  const tables: PageTable[] = [];
  for (const b of layout.blocks) if (b.kind === 'table') tables.push({ number: tables.length + 1, grid: b.grid, ...(b.at?.page !== undefined && { page: b.at.page }) });
  return tables;
}

/**
 * Reads the tables; where some were printed without a usable header, reads them also by the format's
 * row order (core/order.ts) and keeps the reading that places more values, with its issues.
 */
function readAllTables(format: Format, layout: Layout, pageTables: readonly PageTable[], options: AssembleOptions, issues: IssueList): TableReading {
  const ordered = byOrder(layout, format);
  if (ordered === layout) return readTables(format, pageTables, issues);
  const asPrinted = new IssueList(options.locale);
  const byRows = new IssueList(options.locale);
  const plain = readTables(format, pageTables, asPrinted);
  const again = readTables(format, tablesOf(ordered), byRows);
  const filled = (r: TableReading) => [...r.values.values()].filter((v) => v !== null).length;
  const [chosen, list] = filled(again) > filled(plain) ? [again, byRows] : [plain, asPrinted];
  pushAll(issues.items, list.items);
  return chosen;
}

/** The title's agency: `青山市人民政府2022年…` or, year first, `2019年上海市人民政府办公厅政府信息公开工作年度报告`. */
function agencyOfTitle(title: string): string | undefined {
  const text = squash(title);
  const before = /^(.{2,60}?)(?:19|20)\d{2}年/u.exec(text)?.[1];
  if (before) return before;
  return /^(?:19|20)\d{2}年度?(.{2,60})(?:政府信息公开|政务公开)/u.exec(text)?.[1];
}

/**
 * Turns a Layout (from any reader) into a report: narrative structure, format, tables, metadata.
 * Every value that cannot be placed, and every fact that is missing, is an issue in `issues`; the
 * report is undefined only when nothing report-like was found (no format, no table, no text).
 */
export function assemble(layout: Layout, options: AssembleOptions = {}, issues: IssueList = new IssueList(options.locale)): ImportResult {
  const { forced, candidates } = candidateFormats(options);
  if (options.format !== undefined && !forced) {
    // A format named that does not exist: nothing can be read as it (the caller's mistake, said once).
    issues.add({ code: 'unknown_format', severity: 'error', key: 'format', value: options.format });
    return { report: undefined, issues: issues.items };
  }
  const { blocks, facts } = layout;

  const titles = new Set(candidates.flatMap((f) => f.sections.flatMap((t) => [t.title, ...(t.aliases ?? [])].map(looseLabel))));
  const starts = new Set<string>();
  for (const t of titles) for (let k = 1; k < t.length; k++) starts.add(t.slice(0, k));
  const sectionKeys: SectionKeys = { titles, starts };
  const pageTitle = facts.title;
  const s = readStructure(blocks, pageTitle, attachmentTitles(candidates), sectionKeys);
  const title = pageTitle ?? (s.titleLines.length > 0 ? s.titleLines.join('') : undefined);

  // The format, from the labels the document prints.
  const yearText = [title ?? '', s.attachment.period ?? '', ...s.enclosures].map((t) => YEAR.exec(t.normalize('NFKC'))?.[1]).find(Boolean);
  const statedYear = /^((?:19|20)\d{2})\s*年?度?$/u.exec(s.stated.get('year') ?? '')?.[1];
  const year = options.metadata?.year ?? (statedYear ? Number(statedYear) : yearText ? Number(yearText) : undefined);
  let format = forced;
  if (!format && options.format === undefined) {
    const keys = new Set<string>();
    for (const b of blocks) {
      if (b.kind === 'table') {
        for (const cell of b.grid.cells) if (cell.text && cell.text.length <= 200) keys.add(looseLabel(cell.text));
      } else {
        const lead = b.kind === 'paragraph' ? b.lead : undefined;
        for (const t of [b.text, lead]) if (t !== undefined && t.length <= 80) keys.add(looseLabel(t));
      }
    }
    format = bestFormat(keys, candidates, year)?.format;
    if (!format && year !== undefined && year >= 2000 && year <= 2100) {
      format = formatForYear(year);
      issues.add({ code: 'unknown_format', severity: 'warning', value: format.id });
    } else if (!format) issues.add({ code: 'unknown_format', severity: 'error' });
  }

  // The tables.
  const pageTables = tablesOf(layout);
  const tables = format ? readAllTables(format, layout, pageTables, options, issues) : undefined;
  if (format) unreadRows(format, s, issues);
  for (const p of s.unplaced) issues.add({ code: 'unplaced_text', severity: 'warning', ...located(p.at), value: p.text });

  // The metadata, from wherever the document states it.
  const attachment = { ...tables?.attachment, ...s.attachment };
  const stated = s.stated;
  // The organ that signs or fills in the report before a 发布机关 line (a portal may publish for a department).
  const agency = options.metadata?.agency ?? attachment.filledBy ?? s.organ ?? stated.get('agency') ?? facts.source;
  const statedUrl = addressIn(stated.get('sourceUrl') ?? '');
  const read: Partial<Metadata> = {
    publishedOn: facts.publishedOn ?? readDate(stated.get('publishedOn') ?? '') ?? s.headDate ?? s.date,
    // An address the text states stands for a medium with none of its own (a web page's is its own).
    sourceUrl: facts.sourceUrl ?? (facts.addressless ? (statedUrl ?? statedAddress(s.preamble)) : undefined),
    ...(stated.has('region') && { region: stated.get('region') }),
    title,
  };
  if (!format) return { report: undefined, issues: issues.items };
  const nothing = pageTables.length === 0 && s.sections.length === 0 && s.preamble.length === 0;
  if (nothing) {
    issues.add({ code: 'missing_table', severity: 'error' });
    return { report: undefined, issues: issues.items };
  }
  const report = buildReport(
    format,
    {
      preamble: s.preamble.map((p) => p.text),
      sections: s.sections,
      enclosures: s.enclosures,
      organ: s.organ,
      date: s.date,
      attachment,
      values: tables?.values ?? new Map(),
    },
    { ...read, agency, year },
    options,
    issues,
  );
  // Values printed with the derived mark (12*).
  const marked = new Set<CellInfo>();
  for (const [cell, source] of tables?.sources ?? []) if (source.marked) marked.add(cell);
  if (marked.size > 0) report.derived = indexFormat(format).cells.filter((c) => marked.has(c)).map((c) => c.ref);
  return { report, issues: issues.items };
}

/** Where in the source a block stands, as an issue names it. */
function located(at: SourceLocation | undefined): { line?: number; endLine?: number; page?: number } {
  return {
    ...(at?.line !== undefined && { line: at.line }),
    ...(at?.endLine !== undefined && at.endLine !== at.line && { endLine: at.endLine }),
    ...(at?.page !== undefined && { page: at.page }),
  };
}

/** The address the report's preamble gives (本年报的电子版可以在…（http://…）下载). */
function statedAddress(preamble: readonly Para[]): string | undefined {
  for (const p of preamble) {
    const url = addressIn(p.text);
    if (url) return url;
  }
  return undefined;
}

/** The first web address in a text, without the punctuation of the sentence around it. */
function addressIn(text: string): string | undefined {
  return URL.exec(text)?.[0].replace(/[.,;:!?]+$/, '');
}

/**
 * Paragraphs that are rows of a table no reader laid out as one (a label of the format's tables and
 * numbers, each field a label or a value; or numbers alone on a line): taken out of the narrative and
 * named by their lines, so that no number of a table is lost in a paragraph.
 */
function unreadRows(format: Format, s: Structure, issues: IssueList): void {
  const words = vocabulary(format);
  const isTableLabel = (key: string) => [...(words.get(key) ?? [])].some((id) => !id.startsWith('section:'));
  /** 'labeled' for a row of labels and numbers, 'bare' for numbers alone on a line, undefined for anything else. */
  const isRow = (p: Para): 'labeled' | 'bare' | undefined => {
    const fields = p.text.split(/\t|\s{2,}/u).map((f) => f.trim()).filter((f) => f !== '');
    // One field longer than any number is a sentence.
    if (fields.length === 1 && fields[0]!.length > 40) return undefined;
    let label = false;
    let value = false;
    for (const f of fields) {
      const kind = cellTextKind(f);
      if (kind === 'num') value = true;
      else if (kind === 'dash' || kind === 'unit') continue;
      else if (isTableLabel(looseLabel(f))) label = true;
      else return undefined;
    }
    if (!value) return undefined;
    if (label) return fields.length >= 2 ? 'labeled' : undefined;
    // Numbers alone on a line of text are cells of a row that lost its label (or a page number: a warning).
    return p.at?.line !== undefined ? 'bare' : undefined;
  };
  const rows: { para: Para; kind: 'labeled' | 'bare' }[] = [];
  const sweep = (list: Para[]) => {
    for (let i = list.length - 1; i >= 0; i--) {
      const kind = isRow(list[i]!);
      if (kind) rows.push({ para: list.splice(i, 1)[0]!, kind });
    }
  };
  const walk = (sections: readonly RawSection[]) => {
    for (const section of sections) {
      sweep(section.paragraphs);
      walk(section.subsections);
    }
  };
  sweep(s.preamble);
  walk(s.sections);
  rows.sort((a, b) => (a.para.at?.line ?? 0) - (b.para.at?.line ?? 0));
  // Rows a line or two apart are one block of a table, named once.
  const blocks: { at: SourceLocation | undefined; labeled: boolean }[] = [];
  for (const { para, kind } of rows) {
    const last = blocks[blocks.length - 1];
    const line = para.at?.line;
    const lastEnd = endLine(last?.at);
    if (last && line !== undefined && lastEnd !== undefined && line - lastEnd <= 2) {
      last.at = { line: last.at!.line!, endLine: Math.max(lastEnd, endLine(para.at)!) };
      last.labeled ||= kind === 'labeled';
    } else blocks.push({ at: para.at, labeled: kind === 'labeled' });
  }
  for (const b of blocks) issues.add({ code: 'unsupported_format', severity: b.labeled ? 'error' : 'warning', ...located(b.at), value: format.id });
}

/** What a reader found of a document, ready to become a report: its narrative parts, its table values. */
export interface DocumentParts {
  readonly preamble: readonly string[];
  readonly sections: readonly (SectionRead & { readonly line?: number })[];
  readonly enclosures: readonly string[];
  /** The signing organ and the signature's date (ISO). */
  readonly organ: string | undefined;
  readonly date: string | undefined;
  /** The attachment's own lines (2014 format): its title, 年度 and 填报单位. */
  readonly attachment: { readonly title?: string; readonly period?: string; readonly filledBy?: string };
  readonly values: ReadonlyMap<CellInfo, CellValue>;
}

/** The metadata a document states (any field may be missing: the report is then partial). */
export type StatedMetadata = { readonly [K in keyof Metadata]?: unknown };

/**
 * Builds the report of `format` from a document's parts and the metadata it states. A missing or
 * unusable agency or year is an error issue and the report is partial: the agency stays empty and the
 * year is the format's first (the command supplies them with --agency and --year). `options.metadata`
 * wins over what the document states.
 */
export function buildReport(format: Format, parts: DocumentParts, stated: StatedMetadata, options: AssembleOptions, issues: IssueList): Report {
  const { year } = stated;
  // The agency: as stated, else the organ a title names before or after the year.
  const agency = stated.agency ?? (typeof stated.title === 'string' ? agencyOfTitle(stated.title) : undefined);
  const parsedYear = year !== undefined ? MetadataSchema.shape.year.safeParse(year) : undefined;
  const parsedAgency = agency !== undefined ? MetadataSchema.shape.agency.safeParse(agency) : undefined;
  if (agency === undefined) issues.add({ code: 'missing_field', severity: 'error', key: 'agency' });
  else if (!parsedAgency!.success) issues.add({ code: 'bad_field', severity: 'error', key: 'agency', value: agency });
  if (year === undefined) issues.add({ code: 'missing_field', severity: 'error', key: 'year' });
  else if (!parsedYear!.success) issues.add({ code: 'bad_field', severity: 'error', key: 'year', value: year });
  const metadata: Metadata = {
    agency: parsedAgency?.success ? parsedAgency.data : '',
    year: parsedYear?.success ? parsedYear.data : (format.years?.from ?? 2021),
  };
  for (const [key, value] of Object.entries(stated) as [keyof Metadata, unknown][]) {
    if (key === 'agency' || key === 'year' || value === undefined) continue;
    if (MetadataSchema.shape[key].safeParse(value).success) (metadata as Record<string, unknown>)[key] = value;
  }
  for (const [key, value] of Object.entries(options.metadata ?? {}) as [keyof Metadata, unknown][]) {
    if (key === 'agency' || key === 'year' || value === undefined) continue;
    const parsed = MetadataSchema.shape[key]?.safeParse(value);
    if (parsed?.success) (metadata as Record<string, unknown>)[key] = parsed.data;
    else issues.add({ code: 'bad_field', severity: 'warning', key, value });
  }

  // In the document's key order, whatever order the fields were found in.
  const ordered = Object.fromEntries(Object.keys(MetadataSchema.shape).flatMap((key) => (key in metadata ? [[key, (metadata as Record<string, unknown>)[key]]] : []))) as Metadata;
  const report: Report = createReport(format, ordered);
  if (parts.preamble.length > 0) report.preamble = [...parts.preamble];
  if (parts.sections.length > 0) {
    report.sections = sectionsOf(format, parts.sections, (r) =>
      issues.add({ code: 'unknown_section', severity: 'info', ...(r.line !== undefined && { line: r.line }), label: r.title }),
    );
  }
  if (parts.enclosures.length > 0) report.enclosures = [...parts.enclosures];
  if (parts.organ) report.signature = parts.date ? { organ: parts.organ, date: parts.date } : { organ: parts.organ };
  const first = report.attachments?.[0];
  if (first) {
    if (parts.attachment.title) first.title = parts.attachment.title;
    if (parts.attachment.period) first.period = parts.attachment.period;
    if (parts.attachment.filledBy) first.filledBy = parts.attachment.filledBy;
  }
  for (const [cell, value] of parts.values) {
    const row = report.tables[cell.table]?.[cell.row.id];
    if (row) row[cell.column.id] = value;
  }
  return report;
}

import type { AnyNode, Document, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { formatForYear, formats as officialFormats, getFormat } from '../formats/catalogue.js';
import type { Format } from '../formats/define.js';
import { createReport } from '../formats/document.js';
import { MetadataSchema, type Metadata, type Report } from '../model/report.js';
import { decodeHtml } from './decode.js';
import { blocksOf, cleanText, contains, elementsByName, gridOf, textOf, type Block, type ParaBlock } from './html-dom.js';
import { looksLikeStatistics, readTables, type PageTable } from './html-table.js';
import { IssueList, checkImportOptions, type ImportOptions, type ImportResult } from './issues.js';
import { looseLabel } from './labels.js';
import {
  ATTACHMENT_HEADER,
  ENCLOSURE,
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
  squash,
} from './prose.js';

/** Options of {@link importHtml}. */
export interface ImportHtmlOptions extends ImportOptions {
  /** Read the page as this format (a format, id or edition) instead of detecting it from the labels. */
  readonly format?: Format | string;
  /** Metadata that wins over what the page states (e.g. `sourceUrl` of a saved page, `region`, `level`). */
  readonly metadata?: Partial<Metadata>;
}

/** The result of {@link importHtml}: the report (undefined when none could be built) and every issue. */
export type ImportHtmlResult = ImportResult;

// ---------------------------------------------------------------------------------------------
// What the page says about itself
// ---------------------------------------------------------------------------------------------

const TITLE_WORDS = /报告|年报/u;
const DATE_TEXT = /((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/u;
const DATE_FIELD = /(发布|公开|发文|成文|生成|印发)?\s*(?:时间|日期)\s*[:：]\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/gu;
const INFO_LINE = /^[【[]?\s*(?:发布(?:时间|日期|机构)|发文(?:日期|机关)|成文日期|生成日期|来源|信息来源|文章来源|作者|浏览(?:次数)?|点击(?:数|量)?|访问量|字号|索引号|信息分类|主题分类|文号|责任编辑|时间|日期)\s*[:：]/u;
const FURNITURE = ['分享到', '【打印', '打印本页', '打印此页', '【关闭', '关闭窗口', '关闭本页', '【字体', '字体：', '字号：', '【字号', '扫一扫', '上一篇', '下一篇', '相关链接', '相关阅读', '【返回', '返回顶部', '【收藏', '加入收藏'];
const BRACKETED = /^(?:【[^】]{1,8}】)+$/u;
const DATE_META = new Set(['pubdate', 'publishdate', 'publish_date', 'publishtime', 'firstpublishedtime', 'article:published_time', 'og:release_date', 'dc.date', 'dc.date.issued', 'dcterms.issued']);
const SAVED_FROM = /saved from url=\(\d{1,6}\)\s*(https?:\/\/\S{1,500})/i;

interface PageFacts {
  /** The document's <title>, without the site name. */
  title?: string;
  /** A meta title of the article (ArticleTitle, og:title). */
  articleTitle?: string;
  /** A meta publication date. */
  date?: string;
  /** The page's own address (saved-from comment, canonical link, og:url). */
  url?: string;
  /** The meta ContentSource (the publishing organ, on government sites). */
  source?: string;
}

function dateOf(text: string): string | undefined {
  const m = DATE_TEXT.exec(text.normalize('NFKC'));
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** The date a line states it was published (发布时间：2023-01-18), preferring 发布 over other dates. */
function statedDate(text: string): { iso: string; published: boolean } | undefined {
  let found: { iso: string; published: boolean } | undefined;
  for (const m of text.normalize('NFKC').matchAll(DATE_FIELD)) {
    const iso = isoDate(Number(m[2]), Number(m[3]), Number(m[4]));
    if (!iso) continue;
    const published = m[1] === '发布' || m[1] === '公开';
    if (!found || (published && !found.published)) found = { iso, published };
  }
  return found;
}

/** A date line: 2018年3月20日, 二〇一八年三月二十日 or 2018-03-20. */
function dateLine(text: string): string | undefined {
  const iso = readDate(text);
  if (iso) return iso;
  const m = /^((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(squash(text));
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

function pageFacts(document: Document): PageFacts {
  const facts: PageFacts = {};
  for (const node of document.children) {
    if (node.type !== 'comment') continue;
    const saved = SAVED_FROM.exec(node.data);
    if (saved) facts.url ??= saved[1];
  }
  for (const element of elementsByName(document, new Set(['meta', 'title', 'link']), true)) {
    const attrs = element.attribs;
    if (element.name === 'title') {
      const text = textOf(element);
      if (text) facts.title ??= siteless(text);
      continue;
    }
    if (element.name === 'link') {
      if ((attrs.rel ?? '').toLowerCase().split(/\s+/).includes('canonical') && attrs.href) facts.url ??= attrs.href.trim();
      continue;
    }
    const name = (attrs.name ?? attrs.property ?? attrs.itemprop ?? '').toLowerCase();
    const content = attrs.content !== undefined ? cleanText(attrs.content) : '';
    if (!content) continue;
    if (name === 'articletitle' || name === 'og:title') facts.articleTitle ??= siteless(content);
    else if (DATE_META.has(name)) facts.date ??= dateOf(content);
    else if (name === 'og:url' || name === 'url') facts.url ??= content;
    else if (name === 'contentsource') facts.source ??= content;
  }
  return facts;
}

/** A page title without the site's name (`…年度报告_青山市人民政府` → `…年度报告`). */
function siteless(title: string): string {
  const parts = title.split(/\s*(?:[_|｜]|\s[-–—－]\s|--)\s*/u).filter(Boolean);
  return parts.find((p) => TITLE_WORDS.test(p)) ?? parts[0] ?? title;
}

// ---------------------------------------------------------------------------------------------
// The report body: the smallest part of the page that holds the report's headings and tables
// ---------------------------------------------------------------------------------------------

/** Elements that hold one paragraph or one table, never a whole report. */
const LEAF_BLOCKS = new Set(['table', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'dd', 'dt', 'pre', 'blockquote', 'caption', 'font', 'span', 'b', 'strong']);

function commonAncestor(nodes: readonly AnyNode[]): AnyNode | undefined {
  let common: AnyNode | undefined = nodes[0];
  for (const node of nodes.slice(1)) {
    while (common && !contains(common as Element, node)) common = common.parent ?? undefined;
  }
  return common;
}

// ---------------------------------------------------------------------------------------------
// The narrative
// ---------------------------------------------------------------------------------------------

interface Para {
  readonly text: string;
}

interface RawSection {
  readonly title: string;
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
  readonly attachment: { title?: string; period?: string; filledBy?: string };
  readonly unplaced: string[];
}

type Phase = 'head' | 'preamble' | 'sections' | 'tail' | 'attachment';

function isFurniture(text: string): boolean {
  const s = squash(text);
  return FURNITURE.some((f) => s.startsWith(f)) || BRACKETED.test(s);
}

function readStructure(
  blocks: readonly Block[],
  pageTitle: string | undefined,
  attachmentTitles: ReadonlySet<string>,
  sectionKeys: ReadonlySet<string>,
): Structure {
  const s: Structure = {
    titleLines: [],
    preamble: [],
    sections: [],
    enclosures: [],
    organ: undefined,
    date: undefined,
    headDate: undefined,
    attachment: {},
    unplaced: [],
  };
  const title = pageTitle ? squash(pageTitle) : undefined;
  let phase: Phase = 'head';
  let titleDone = false;
  let last: { list: Para[]; para: Para } | undefined;
  let pendingOrgan: string | undefined;

  const section = () => s.sections[s.sections.length - 1];
  const container = (): Para[] => {
    const top = section();
    if (!top) return s.preamble;
    const sub = top.subsections[top.subsections.length - 1];
    return sub ? sub.paragraphs : top.paragraphs;
  };
  const paragraph = (text: string) => {
    const list = container();
    const para = { text };
    list.push(para);
    last = { list, para };
  };
  const heading = (text: string) => {
    const top = SECTION.exec(text);
    if (top && !TERMINAL.test(text)) {
      // The next number; or a later one where the title is a template section's (a section left out).
      const n = chineseNumber(top[1]!);
      if (n === s.sections.length + 1 || (n > s.sections.length + 1 && sectionKeys.has(looseLabel(top[2]!)))) return { level: 1 as const, title: top[2]!.trim() };
    }
    const sub = SUBSECTION.exec(text);
    const current = section();
    if (sub && current && !TERMINAL.test(text) && chineseNumber(sub[1]!) === current.subsections.length + 1) {
      return { level: 2 as const, title: sub[2]!.trim() };
    }
    return undefined;
  };
  const open = (h: { level: 1 | 2; title: string }) => {
    if (h.level === 1) s.sections.push({ title: h.title, paragraphs: [], subsections: [] });
    else section()!.subsections.push({ title: h.title, paragraphs: [], subsections: [] });
    phase = 'sections';
    last = undefined;
  };
  /** A paragraph of the narrative: a heading, a run-in heading and its text, or text. */
  const narrative = (block: ParaBlock) => {
    const h = heading(block.text);
    if (h) return open(h);
    // A run-in heading may end with its own full stop: （一）主动公开情况。全年…
    const run = block.lead !== undefined ? heading(block.lead.replace(/[。：:．.]$/u, '')) : undefined;
    if (run) {
      open(run);
      paragraph(block.rest!);
      return;
    }
    paragraph(block.text);
  };

  for (const block of blocks) {
    if (block.kind === 'table') {
      if (phase === 'head') phase = 'preamble';
      last = undefined;
      continue;
    }
    const text = block.text;
    if (isFurniture(text)) continue;
    const squashed = squash(text);

    if (phase === 'head') {
      if (INFO_LINE.test(text)) {
        s.headDate ??= statedDate(text)?.iso;
        continue;
      }
      const h = heading(text) ?? (block.lead !== undefined ? heading(block.lead.replace(/[。：:．.]$/u, '')) : undefined);
      if (!h && !titleDone && isShort(text) && (title !== undefined ? title.includes(squashed) : s.titleLines.length < 4)) {
        s.titleLines.push(text);
        if (title !== undefined ? s.titleLines.map(squash).join('') === title : TITLE_WORDS.test(text)) titleDone = true;
        continue;
      }
      if (s.titleLines.length > 0 && dateLine(text)) {
        s.headDate ??= dateLine(text);
        titleDone = true;
        continue;
      }
      phase = h ? 'sections' : 'preamble';
    }
    if (phase === 'preamble' || phase === 'sections' || phase === 'tail') {
      if (ATTACHMENT_HEADER.test(squashed)) {
        phase = 'attachment';
        last = undefined;
        continue;
      }
      const enclosure = phase !== 'preamble' ? ENCLOSURE.exec(text) : null;
      if (enclosure) {
        for (const item of enclosure[1]!.split(/[；;]|\s+(?=\d{1,2}[.、．])/u)) {
          const name = item.trim().replace(/^\d{1,2}\s*[.、．]\s*/u, '');
          if (name) s.enclosures.push(name);
        }
        phase = 'tail';
        last = undefined;
        continue;
      }
      const iso = dateLine(text);
      if (iso && phase === 'preamble') {
        s.headDate ??= iso;
        continue;
      }
      if (iso) {
        if (phase === 'tail' && pendingOrgan) s.organ = pendingOrgan;
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
          pendingOrgan = text;
        } else s.unplaced.push(text);
        break;
      case 'attachment': {
        const period = PERIOD.exec(text);
        const filled = FILLED_BY.exec(text);
        if (period && s.attachment.period === undefined) s.attachment.period = squash(period[1]!);
        else if (filled && s.attachment.filledBy === undefined) s.attachment.filledBy = filled[1]!.trim() || undefined;
        else if (s.attachment.title === undefined && isShort(text)) s.attachment.title = text;
        else s.unplaced.push(text);
        break;
      }
    }
  }
  if (pendingOrgan) s.unplaced.push(pendingOrgan);
  return s;
}

// ---------------------------------------------------------------------------------------------
// The importer
// ---------------------------------------------------------------------------------------------

/**
 * Reads a published report from its web page: the HTML as saved from a government site, usually
 * pasted from Word into a CMS (a string, or the page's bytes — UTF-8, UTF-16 or GB18030, honouring
 * `<meta charset=gbk>`). Finds the report inside the page furniture (navigation, search forms,
 * footers), its title and publication date, splits the narrative at the official headings
 * (一、 …, （一） …) keeping its paragraphs, and reads every statistics table: rowspan and colspan
 * expanded into a grid, multi-row headers and multi-column row labels resolved into label paths,
 * and each value mapped to its cell by the label matching of `fromLabels` (typos, numbering,
 * full-width characters, notes tolerated). The format is detected from the labels unless
 * `options.format` names it. Whatever cannot be placed is an issue naming the table, row and
 * column of the page's grid (`tableNumber`, `row`, `column`) and the label; nothing is dropped
 * silently. Never throws on any string or bytes; throws a TypeError for other input.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { getCell, importHtml } from 'xxgk';
 * const { report, issues } = importHtml(readFileSync('tests/fixtures/html/gov-2021.html'));
 * console.log(report?.format, getCell(report!, 'applications.newThisYear/total'), issues.length); // gov-2021 260 0
 * ```
 */
export function importHtml(html: string | Uint8Array, options: ImportHtmlOptions = {}): ImportHtmlResult {
  if (typeof html !== 'string' && !(html instanceof Uint8Array)) {
    throw new TypeError('importHtml expects the page as a string or as bytes (Uint8Array)');
  }
  checkImportOptions(options, 'importHtml');
  const issues = new IssueList(options.locale);
  let text: string;
  if (typeof html === 'string') text = html;
  else {
    const decoded = decodeHtml(html);
    if ('error' in decoded) {
      issues.add({ code: 'bad_input', severity: 'error', value: decoded.error });
      return { report: undefined, issues: issues.items };
    }
    text = decoded.text;
  }
  try {
    return read(text, options, issues);
  } catch (error) {
    // Elements nested thousands deep exhaust the stack: the page is refused, the importer did not fail.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      issues.add({ code: 'bad_input', severity: 'error', value: 'elements nested too deeply' });
    } else issues.add({ code: 'internal', severity: 'error', value: error instanceof Error ? error.message : String(error) });
    return { report: undefined, issues: issues.items };
  }
}

function read(html: string, options: ImportHtmlOptions, issues: IssueList): ImportResult {
  const extra = options.formats ?? [];
  let forced: Format | undefined;
  if (options.format !== undefined) {
    forced = typeof options.format === 'string' ? getFormat(options.format, extra) : options.format;
    if (!forced) issues.add({ code: 'unknown_format', severity: 'error', key: 'format', value: options.format });
  }
  const candidates: Format[] = forced
    ? [forced]
    : [...extra, ...Object.values(officialFormats).filter((f) => !extra.some((e) => e.id === f.id))];

  const document = parseDocument(html.replace(/^\ufeff/, ''), { decodeEntities: true });
  const facts = pageFacts(document);
  const blocks = blocksOf(document);
  const grids = new Map(blocks.flatMap((b) => (b.kind === 'table' ? [[b, gridOf(b.element)] as const] : [])));

  // The body: the smallest element holding every official heading and statistics table.
  const sectionKeys = new Set(candidates.flatMap((f) => f.sections.flatMap((t) => [t.title, ...(t.aliases ?? [])].map(looseLabel))));
  const isSectionHeading = (b: ParaBlock) =>
    [b.text, b.lead].some((t) => {
      const m = t !== undefined ? SECTION.exec(t) : null;
      return m !== null && sectionKeys.has(looseLabel(m[2]!));
    });
  const anchors = blocks.filter((b) => (b.kind === 'table' ? looksLikeStatistics(grids.get(b)!, candidates) : isSectionHeading(b)));
  let from = 0;
  let to = blocks.length;
  if (anchors.length > 0) {
    let body = commonAncestor(anchors.map((a) => a.element));
    // One table or one paragraph alone: the body is what holds it.
    if (body && 'name' in body && LEAF_BLOCKS.has((body as Element).name)) body = body.parent ?? body;
    if (body) {
      from = blocks.findIndex((b) => contains(body as Element, b.element));
      to = blocks.length - [...blocks].reverse().findIndex((b) => contains(body as Element, b.element));
    }
  }
  const bodyBlocks = blocks.slice(from, to);

  // The title: the page's article title (meta), else the title line just above the body where the
  // page's <title> agrees with it, else <title>, else that line; the body's own title lines last.
  let near: string | undefined;
  let infoDate: string | undefined;
  for (let i = from - 1; i >= Math.max(0, from - 60); i--) {
    const b = blocks[i]!;
    const line = b.kind === 'para' ? b.text : grids.get(b)!.cells.map((c) => c.text).join(' ');
    if (near === undefined && b.kind === 'para' && TITLE_WORDS.test(line) && YEAR.test(line) && line.length <= 80 && !TERMINAL.test(line)) near = line;
    infoDate ??= statedDate(line)?.iso;
  }
  const documentTitle = facts.title && TITLE_WORDS.test(facts.title) ? facts.title : undefined;
  const agrees = (line: string, title: string) => squash(title).includes(squash(line)) || squash(line).startsWith(squash(title).replace(/[.…。]+$/u, ''));
  const articleTitle = facts.articleTitle && TITLE_WORDS.test(facts.articleTitle) ? facts.articleTitle : undefined;
  const pageTitle = articleTitle ?? (near && documentTitle && agrees(near, documentTitle) ? near : (documentTitle ?? near));

  const attachmentTitles = new Set<string>();
  for (const f of candidates) {
    if (f.tablePlacement !== 'attachment') continue;
    if (f.attachmentTitle) attachmentTitles.add(looseLabel(f.attachmentTitle));
    for (const table of f.tables) attachmentTitles.add(looseLabel(table.title));
  }
  const s = readStructure(bodyBlocks, pageTitle, attachmentTitles, sectionKeys);
  const title = pageTitle ?? (s.titleLines.length > 0 ? s.titleLines.join('') : facts.title);

  // The format, from the labels the body prints.
  const yearText = [title ?? '', s.attachment.period ?? '', ...s.enclosures].map((t) => YEAR.exec(t.normalize('NFKC'))?.[1]).find(Boolean);
  const year = options.metadata?.year ?? (yearText ? Number(yearText) : undefined);
  let format = forced;
  if (!format && options.format === undefined) {
    const keys = new Set<string>();
    for (const b of bodyBlocks) {
      if (b.kind === 'table') {
        for (const cell of grids.get(b)!.cells) if (cell.text && cell.text.length <= 200) keys.add(looseLabel(cell.text));
      } else {
        for (const t of [b.text, b.lead]) if (t !== undefined && t.length <= 80) keys.add(looseLabel(t));
      }
    }
    format = bestFormat(keys, candidates, year)?.format;
    if (!format && year !== undefined && year >= 2000 && year <= 2100) {
      format = formatForYear(year);
      issues.add({ code: 'unknown_format', severity: 'warning', value: format.id });
    } else if (!format) issues.add({ code: 'unknown_format', severity: 'error' });
  }

  // The tables.
  const pageTables: PageTable[] = [];
  for (const b of bodyBlocks) if (b.kind === 'table') pageTables.push({ number: pageTables.length + 1, grid: grids.get(b)! });
  const tables = format ? readTables(format, pageTables, issues) : undefined;
  for (const text of s.unplaced) issues.add({ code: 'unplaced_text', severity: 'warning', value: text });

  // The metadata.
  const attachment = { ...tables?.attachment, ...s.attachment };
  const titleAgency = title !== undefined ? /^(.{2,60}?)(?:19|20)\d{2}\s*年/u.exec(squash(title))?.[1] : undefined;
  const agency = options.metadata?.agency ?? attachment.filledBy ?? s.organ ?? facts.source ?? titleAgency;
  const preambleUrl = s.preamble.map((p) => URL.exec(p.text)?.[0]).find(Boolean)?.replace(/[.,;:!?]+$/, '');
  const read: Partial<Metadata> = {
    publishedOn: facts.date ?? infoDate ?? s.headDate ?? s.date,
    sourceUrl: facts.url ?? preambleUrl,
    title,
  };
  if (agency === undefined) issues.add({ code: 'missing_field', severity: 'error', key: 'agency' });
  if (year === undefined) issues.add({ code: 'missing_field', severity: 'error', key: 'year' });
  if (!format || agency === undefined || year === undefined) return { report: undefined, issues: issues.items };
  const parsedYear = MetadataSchema.shape.year.safeParse(year);
  const parsedAgency = MetadataSchema.shape.agency.safeParse(agency);
  if (!parsedYear.success || !parsedAgency.success) {
    issues.add({ code: 'bad_field', severity: 'error', key: parsedYear.success ? 'agency' : 'year', value: parsedYear.success ? agency : year });
    return { report: undefined, issues: issues.items };
  }
  const metadata: Metadata = { agency: parsedAgency.data, year: parsedYear.data };
  for (const [key, value] of Object.entries(read) as [keyof Metadata, unknown][]) {
    if (value !== undefined && MetadataSchema.shape[key].safeParse(value).success) (metadata as Record<string, unknown>)[key] = value;
  }
  for (const [key, value] of Object.entries(options.metadata ?? {}) as [keyof Metadata, unknown][]) {
    if (key === 'agency' || key === 'year' || value === undefined) continue;
    const parsed = MetadataSchema.shape[key]?.safeParse(value);
    if (parsed?.success) (metadata as Record<string, unknown>)[key] = parsed.data;
    else issues.add({ code: 'bad_field', severity: 'warning', key, value });
  }

  const report: Report = createReport(format, metadata);
  if (s.preamble.length > 0) report.preamble = s.preamble.map((p) => p.text);
  if (s.sections.length > 0) {
    report.sections = sectionsOf(format, s.sections, (r) => issues.add({ code: 'unknown_section', severity: 'info', label: r.title }));
  }
  if (s.enclosures.length > 0) report.enclosures = [...s.enclosures];
  if (s.organ) report.signature = s.date ? { organ: s.organ, date: s.date } : { organ: s.organ };
  const first = report.attachments?.[0];
  if (first) {
    if (attachment.title) first.title = attachment.title;
    if (attachment.period) first.period = attachment.period;
    if (attachment.filledBy) first.filledBy = attachment.filledBy;
  }
  for (const [cell, value] of tables?.values ?? []) {
    const row = report.tables[cell.table]?.[cell.row.id];
    if (row) row[cell.column.id] = value;
  }
  return { report, issues: issues.items };
}

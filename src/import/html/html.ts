import type { AnyNode, Document, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { TITLE_WORDS, assemble, candidateFormats, statedDate, type AssembleOptions } from '../core/assemble.js';
import type { Layout, LayoutBlock } from '../core/layout.js';
import { decodeHtml } from '../core/decode.js';
import { blocksOf, cleanText, contains, elementsByName, gridOf, textOf, type ParaBlock } from './dom.js';
import { looksLikeStatistics } from '../core/tables.js';
import { IssueList, checkImportOptions, type ImportResult } from '../core/issues.js';
import { looseLabel } from '../core/labels.js';
import { SECTION, TERMINAL, YEAR, findDate, squash } from '../core/conventions.js';

/** Options of {@link importHtml}: those of every importer, a forced format, and metadata that wins over what the page states (e.g. `sourceUrl` of a saved page). */
export type ImportHtmlOptions = AssembleOptions;

/** The result of {@link importHtml}: the report (undefined when none could be built) and every issue. */
export type ImportHtmlResult = ImportResult;

// ---------------------------------------------------------------------------------------------
// What the page says about itself
// ---------------------------------------------------------------------------------------------

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
    else if (DATE_META.has(name)) facts.date ??= findDate(content);
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
  const { candidates } = candidateFormats(options);

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

  const layout: Layout = {
    blocks: bodyBlocks.map((b): LayoutBlock =>
      b.kind === 'table'
        ? { kind: 'table', grid: grids.get(b)! }
        : b.lead !== undefined
          ? { kind: 'paragraph', text: b.text, lead: b.lead, rest: b.rest ?? '' }
          : { kind: 'paragraph', text: b.text },
    ),
    facts: {
      ...(pageTitle !== undefined && { title: pageTitle }),
      ...((facts.date ?? infoDate) !== undefined && { publishedOn: facts.date ?? infoDate }),
      ...(facts.url !== undefined && { sourceUrl: facts.url }),
      ...(facts.source !== undefined && { source: facts.source }),
    },
  };
  return assemble(layout, options, issues);
}

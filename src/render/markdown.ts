import type { Report } from '../model/report.js';
import { buildDocument, type Block, type HiddenFields, type Segment } from './document.js';
import { MARKDOWN_EMPTY, MARKDOWN_INDENT, MARKDOWN_MARKER, NO_UNIT, UNIT_HEADER } from '../formats/conventions.js';
import type { TableLayout, TablePartLayout } from './layout.js';
import { resolveOptions, type RenderOptions } from './options.js';
import { trimEnd } from './wrap.js';


// ASCII punctuation that may start Markdown syntax anywhere in a line.
const SPECIAL = new Set(['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '#', '!']);
const numeric = (ch: string) => `&#${ch.codePointAt(0)};`;
const isSpace = (ch: string) => /^\s$/u.test(ch);
// eslint-disable-next-line no-control-regex
const isControl = (ch: string) => /^[\u0000-\u001f\u007f]$/u.test(ch);

/**
 * Escapes text for Markdown so that every reader shows it verbatim: ASCII punctuation that could
 * start syntax gets a backslash, control characters and white space at the ends (`start`, `end`,
 * default both) become numeric character references, and with `block` a line start that would
 * open a block (`-`, `+`, `=`, `:`, `1. `) is escaped too.
 */
export function escapeMarkdown(text: string, at: { start?: boolean; end?: boolean; block?: boolean } = {}): string {
  const chars = Array.from(text);
  let first = 0;
  let last = chars.length;
  if (at.start !== false) while (first < last && isSpace(chars[first]!)) first += 1;
  if (at.end !== false) while (last > first && isSpace(chars[last - 1]!)) last -= 1;
  let out = '';
  chars.forEach((ch, i) => {
    if (i < first || i >= last || isControl(ch)) out += numeric(ch);
    else if (SPECIAL.has(ch)) out += `\\${ch}`;
    else out += ch;
  });
  if (at.block === true) {
    out = out.replace(/^[-+=:]/, (m) => `\\${m}`).replace(/^(\d{1,9})([.)])(?= |$)/, '$1\\$2');
  }
  return out;
}

/** Writes a paragraph: escaped text, hard line breaks (`\`) for new lines, cell references as links to `#rowId/columnId`. */
function paragraph(segments: readonly Segment[]): string {
  const lines: Segment[][] = [[]];
  for (const segment of segments) {
    if ('ref' in segment) {
      lines[lines.length - 1]!.push(segment);
      continue;
    }
    segment.text.split('\n').forEach((piece, i) => {
      if (i > 0) lines.push([]);
      if (piece !== '') lines[lines.length - 1]!.push({ text: piece });
    });
  }
  // New lines at the very end would leave a blank line; write them as character references.
  let trailing = 0;
  while (lines.length > 1 && lines[lines.length - 1]!.length === 0) {
    lines.pop();
    trailing += 1;
  }
  const written = lines.map((line) =>
    line
      .map((segment, i) =>
        'ref' in segment
          ? `[${escapeMarkdown(segment.value, { start: false, end: false })}](#${segment.ref})`
          : escapeMarkdown(segment.text, { start: i === 0, end: i === line.length - 1, block: i === 0 }),
      )
      .join(''),
  );
  const text = written.join('\\\n') + '&#10;'.repeat(trailing);
  return text === '' ? MARKDOWN_EMPTY : text;
}

const single = (text: string) => escapeMarkdown(text);

function hiddenLine(hidden: HiddenFields): string {
  const fields = [`format=${encodeURIComponent(hidden.format)}`];
  if (hidden.level !== undefined) fields.push(`level=${encodeURIComponent(hidden.level)}`);
  if (hidden.title) fields.push('title=1');
  if (hidden.ids.length > 0) fields.push(`ids=${hidden.ids.map(encodeURIComponent).join(',')}`);
  return `<!-- ${MARKDOWN_MARKER} ${fields.join(' ')} -->`;
}

function tablePart(part: TablePartLayout): string[] {
  const header: string[] = [];
  const align: string[] = [];
  if (part.stubHeader !== undefined) {
    header.push(single(part.stubHeader));
    align.push('---');
  }
  if (part.unitColumn) {
    header.push(UNIT_HEADER);
    align.push(':---:');
  }
  for (const column of part.columns) {
    header.push(single(column.header));
    align.push('---:');
  }
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [row(header), row(align)];
  for (const r of part.rows) {
    const cells: string[] = [];
    if (part.stubHeader !== undefined) cells.push(MARKDOWN_INDENT.repeat(r.depth) + single(r.label));
    if (part.unitColumn) cells.push(r.unit === NO_UNIT ? NO_UNIT : single(r.unit ?? ''));
    for (const cell of r.cells) cells.push(single(cell.text) + (cell.derived && cell.state !== 'empty' ? '\\*' : ''));
    lines.push(row(cells));
  }
  return lines;
}

function table(layout: TableLayout): string[] {
  const chunks: string[] = [];
  for (const part of layout.parts) {
    if (part.caption) chunks.push(`**${single(part.caption)}**`);
    chunks.push(tablePart(part).join('\n'));
  }
  return chunks;
}

function block(b: Block, colon: string): string[] {
  switch (b.kind) {
    case 'title':
      return [`# ${single(b.text)}`];
    case 'metadata':
      return [
        b.fields
          .map((f) => {
            const value = f.key === 'sourceUrl' && /^https?:\/\/[^\s<>\\]+$/i.test(f.value) ? `<${f.value}>` : single(f.value);
            return `${single(f.label)}${colon}${value}`;
          })
          .join(' | '),
      ];
    case 'paragraph':
      return [paragraph(b.segments)];
    case 'heading':
      return [`${'#'.repeat(Math.min(6, b.depth + 1))} ${b.number}${single(b.title)}`];
    case 'caption':
      return [`**${single(b.text)}**`];
    case 'table':
      return table(b.layout);
    case 'note':
      return [`*${single(b.text)}*`];
    case 'break':
      return ['---'];
    case 'enclosures': {
      const items = b.items.map((item) => (item === '' ? MARKDOWN_EMPTY : single(item)));
      return [items.length === 1 ? `附件：${items[0]}` : items.map((item, i) => `${i === 0 ? '附件：' : ''}${i + 1}.${item}`).join('\\\n')];
    }
    case 'signature': {
      // An organ that starts like the enclosure list or an attachment's heading (附件：) would be read
      // back as one: its first character is written as a character reference.
      const organ = escapeMarkdown(b.organ, { block: true });
      const safe = organ.startsWith('附件') ? `${numeric('附')}${organ.slice(1)}` : organ;
      return [safe + (b.date === undefined ? '' : `\\\n${escapeMarkdown(b.date, { block: true })}`)];
    }
    case 'attachment': {
      const out = [b.marker, `## ${single(b.title)}`];
      if (b.period !== undefined) out.push(`（${single(b.period)}）`);
      if (b.filledBy !== undefined) out.push(`填报单位（盖章）：${single(b.filledBy)}`);
      return out;
    }
    case 'validation':
      return [
        `## ${single(b.title)}`,
        b.items.length === 0 ? single(b.empty) : b.items.map((i) => `- [${i.tag}] ${escapeMarkdown(i.message)}`).join('\n'),
      ];
  }
}

/**
 * Renders a report as GitHub-flavoured Markdown.
 *
 * Conventions (which `importMarkdown` reads back): the first line is an HTML comment
 * `<!-- xxgk format=… [level=…] [title=1] [ids=…] -->`; `#` is the title, followed by the metadata
 * line (`发布机关：… | 行政区划：… | 报告年度：2017年 | 发布日期：2018年3月20日 | 来源：<url>`);
 * sections are `##` (一、), `###` (（一）), `####` (1.) headings; tables are pipe tables with
 * one-line headers joined by `·`, nested row labels indented with `&emsp;&emsp;` per level, a block
 * table printed as one table per block under its bold block label; derived cells end in `\*`;
 * embedded cell references are links `[value](#rowId/columnId)`; `---` separates the text from the
 * enclosures (附件：…), the signature (organ and date on two lines) and the attachments
 * (`附件：`, `## title`, `（period）`, `填报单位（盖章）：…`, tables); all text is escaped to read verbatim.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseReport, renderMarkdown, validate } from 'xxgk';
 * const parsed = parseReport(readFileSync('examples/jiangbei-2017.json', 'utf8'));
 * if (!parsed.success) throw parsed.error;
 * console.log(renderMarkdown(parsed.data, { validation: validate(parsed.data) }));
 * ```
 */
export function renderMarkdown(report: Report, options?: RenderOptions): string {
  const resolved = resolveOptions(report, options);
  const { blocks, hidden } = buildDocument(report, resolved);
  const chunks: string[] = [];
  if (resolved.section === undefined) chunks.push(hiddenLine(hidden));
  for (const b of blocks) chunks.push(...block(b, resolved.strings.colon));
  return `${trimEnd(chunks.join('\n\n'), '\n')}\n`;
}

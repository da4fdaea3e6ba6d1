import { indexFormat, resolveCell, type FormatIndex } from '../formats/define.js';
import type { LocalizedText } from '../formats/types.js';
import type { Report } from '../model/report.js';
import { Decimal } from '../model/values.js';
import { buildDocument, reportTitle, type Block, type Segment } from './document.js';
import { escapeHtml } from './html-escape.js';
import { HTML_STYLE } from './html-style.js';
import { UNIT_HEADER } from '../formats/conventions.js';
import { formatValue, type TableLayout, type TablePartLayout } from './layout.js';
import { resolveOptions, type RenderOptions, type RenderSeverity, type RenderStrings } from './options.js';

/** A cell a finding names (the shape of the validator's `IssueCell`). */
export interface HtmlIssueCell {
  readonly table: string;
  readonly row: string;
  readonly column: string;
  /** `rowId/columnId`. */
  readonly ref: string;
  /** A short name, e.g. `（七）总计（自然人）`. */
  readonly name: string;
}

/** What the review page reads of a finding: any issue of `validate` fits; every field beyond severity and message is optional. */
export interface HtmlIssue {
  readonly severity: RenderSeverity;
  readonly message: string;
  readonly rule?: string | undefined;
  readonly code?: string;
  /** The cells the finding concerns: each is marked and linked. */
  readonly cells?: readonly HtmlIssueCell[];
  /** For a broken total: the reported side. */
  readonly left?: readonly HtmlIssueCell[];
  /** For a broken total: the computed side (the parts). */
  readonly right?: readonly HtmlIssueCell[];
  readonly actual?: unknown;
  readonly expected?: unknown;
  readonly difference?: unknown;
  /** For a narrative finding: the number the text quotes, the cells it should equal, and the sentence. */
  readonly quoted?: unknown;
  readonly quotes?: readonly HtmlIssueCell[];
  readonly excerpt?: string;
  /** For a narrative finding: the section path of titles joined with `/`. */
  readonly section?: string;
  readonly waived?: { readonly reason: string };
  /** For a broken identity: the names of its two sides, per locale. */
  readonly sides?: { readonly left: LocalizedText; readonly right: LocalizedText };
}

/** The validation result a review page shows (a `ValidationResult` of `validate` fits). */
export interface HtmlValidation {
  readonly issues: readonly HtmlIssue[];
}

/** Options of {@link renderHtml}: those of `renderMarkdown` (without `width`), with a validation result whose findings are marked on their cells. */
export interface RenderHtmlOptions extends Omit<RenderOptions, 'validation' | 'width'> {
  /** The findings to show: listed at the top, marked on their cells and sentences. */
  readonly validation?: HtmlValidation;
}

/** The fixed strings the review pages add, per locale. */
export interface HtmlStrings {
  readonly findings: string;
  /** The line under the findings heading: how many of each severity. */
  readonly counts: (counts: Readonly<Record<RenderSeverity | 'waived', number>>) => string;
  readonly noFindings: string;
  readonly tableFindings: string;
  /** After a waived finding: the waiver's reason. */
  readonly waived: (reason: string) => string;
  /** The difference after an explanation, e.g. `（差额 1）`. */
  readonly difference: (amount: string) => string;
  readonly sentence: string;
  /** The text's side of a narrative finding: the sentence and the number it quotes. */
  readonly textSays: (excerpt: string, quoted: string) => string;
  readonly tableSays: string;
  readonly cells: string;
  readonly notPrinted: string;
  /** A blank cell in an explained sum. */
  readonly blank: string;
  /** The own line of a valued row printed over its 其中 parts (a sum's own line is 小计). */
  readonly ownLine: string;
}

/** The fixed strings of each locale. */
export const HTML_STRINGS: Readonly<Record<'zh-CN' | 'en', HtmlStrings>> = {
  'zh-CN': {
    findings: '校验结果',
    counts: (c) => `错误 ${c.error} 项，警告 ${c.warning} 项，提示 ${c.info} 项${c.waived > 0 ? `（已豁免 ${c.waived} 项）` : ''}。`,
    noFindings: '未发现问题。',
    tableFindings: '本表问题',
    waived: (reason) => `（已豁免：${reason}）`,
    difference: (d) => `（差额 ${d}）`,
    sentence: '原文',
    textSays: (excerpt, quoted) => `正文「${excerpt}」称 ${quoted}`,
    tableSays: '表中',
    cells: '涉及单元格',
    notPrinted: '（表中未列出）',
    ownLine: '本项',
    blank: '空',
  },
  en: {
    findings: 'Validation',
    counts: (c) => `${c.error} errors, ${c.warning} warnings, ${c.info} notes${c.waived > 0 ? ` (${c.waived} waived)` : ''}.`,
    noFindings: 'No issues found.',
    tableFindings: 'Findings in this table',
    waived: (reason) => ` (waived: ${reason})`,
    difference: (d) => ` (difference ${d})`,
    sentence: 'the sentence',
    textSays: (excerpt, quoted) => `the text “${excerpt}” says ${quoted}`,
    tableSays: 'the table has',
    cells: 'cells',
    notPrinted: ' (not printed)',
    ownLine: 'this item',
    blank: 'blank',
  },
};

/** The symbol that marks a finding of each severity (never colour alone). */
export const FINDING_SYMBOL: Readonly<Record<RenderSeverity, string>> = { error: '✖', warning: '▲', info: '●' };

const SEVERITY_RANK: Readonly<Record<RenderSeverity, number>> = { error: 3, warning: 2, info: 1 };

interface Finding {
  readonly n: number;
  readonly id: string;
  readonly issue: HtmlIssue;
  readonly severity: RenderSeverity;
  readonly cells: readonly HtmlIssueCell[];
  /** One line that explains the finding where it is (a broken sum as `total ≠ a + b = sum`). */
  readonly explanation: string | undefined;
}

interface Highlight {
  readonly finding: Finding;
  readonly segment: number;
  readonly start: number;
  readonly end: number;
  readonly figureStart: number;
  readonly figureEnd: number;
}

interface Context {
  readonly report: Report;
  readonly strings: RenderStrings;
  readonly html: HtmlStrings;
  readonly printed: ReadonlySet<string>;
  readonly byCell: ReadonlyMap<string, readonly Finding[]>;
  readonly highlights: ReadonlyMap<Block, readonly Highlight[]>;
  readonly resolveRef: (ref: string) => string | undefined;
  /** Each table's position in the format, for short header ids. */
  readonly tableNumber: ReadonlyMap<string, number>;
  /** The mark of each finding, made once. */
  readonly marks: Map<Finding, string>;
}

const own = (object: unknown, key: string): boolean =>
  object !== null && typeof object === 'object' && Object.prototype.hasOwnProperty.call(object, key);

/** The value a report holds for a cell, or undefined. */
function valueAt(report: Report, cell: HtmlIssueCell): number | string | undefined {
  const tables = report.tables as Record<string, Record<string, Record<string, unknown>>>;
  if (!own(tables, cell.table) || !own(tables[cell.table], cell.row) || !own(tables[cell.table]![cell.row], cell.column)) return undefined;
  const value = tables[cell.table]![cell.row]![cell.column];
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

const isCell = (cell: unknown): cell is HtmlIssueCell =>
  cell !== null &&
  typeof cell === 'object' &&
  ['table', 'row', 'column', 'ref', 'name'].every((key) => typeof (cell as Record<string, unknown>)[key] === 'string');

const cellList = (value: unknown): HtmlIssueCell[] => (Array.isArray(value) ? value.filter(isCell) : []);

const isAmount = (value: unknown): value is number | string =>
  (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && /^-?\d{1,30}(\.\d{1,30})?$/.test(value));

const amount = (value: number | string): string => formatValue(value);

/** A cell's value with how it prints in a sum: reported, blank (counted as its least value, 0), or a derived subtotal written out as `(a + b)`. */
function termOf(report: Report, index: FormatIndex, cell: HtmlIssueCell, blank: string, depth = 0): { value: Decimal; text: string; blank: boolean } | undefined {
  const tables = report.tables as Record<string, Record<string, Record<string, unknown>>>;
  const held = own(tables, cell.table) && own(tables[cell.table], cell.row) && own(tables[cell.table]![cell.row], cell.column);
  const reported = held ? tables[cell.table]![cell.row]![cell.column] : undefined;
  if (reported !== null && reported !== undefined) {
    return isAmount(reported) ? { value: new Decimal(reported), text: amount(reported), blank: false } : undefined;
  }
  // Not reported: a derived subtotal is written out as its parts; any other blank counts as its least value.
  const asBlank = reported === null ? { value: new Decimal(0), text: blank, blank: true } : undefined;
  const info = resolveCell(index, cell.ref);
  if (!info || depth > 8) return asBlank;
  const children: HtmlIssueCell[] =
    info.row.relation === 'sum' && info.row.children.length > 0
      ? info.row.children.map((r) => ({ ...cell, row: r.id, ref: `${r.id}/${cell.column}` }))
      : info.column.relation === 'sum' && info.column.children.length > 0
        ? info.column.children.map((c) => ({ ...cell, column: c.id, ref: `${cell.row}/${c.id}` }))
        : [];
  if (children.length === 0) return asBlank;
  const terms = children.map((c) => termOf(report, index, c, blank, depth + 1));
  if (!terms.every((t) => t !== undefined)) return asBlank;
  return {
    value: terms.reduce((s, t) => s.plus(t!.value), new Decimal(0)),
    text: `(${terms.map((t) => t!.text).join(' + ')})`,
    blank: terms.some((t) => t!.blank),
  };
}

/**
 * One side of a broken identity: `name a + b = sum` when the cells' values add up to the side's
 * total (`a + 空 ≥ sum` when blanks, counted as 0, make it a least value), `name value` for a
 * single cell, else the side's name and total.
 */
function side(
  report: Report,
  index: FormatIndex,
  cells: readonly HtmlIssueCell[],
  total: number | string,
  name: string | undefined,
  blank: string,
): string {
  const named = (text: string) => (name ? `${name} ${text}` : text);
  if (cells.length === 0) return named(amount(total));
  try {
    const terms = cells.map((c) => termOf(report, index, c, blank));
    if (terms.every((t) => t !== undefined)) {
      if (cells.length === 1 && terms[0]!.text === blank) return `${name ?? cells[0]!.name} ${blank}`;
      const sum = terms.reduce((s, t) => s.plus(t!.value), new Decimal(0));
      if (sum.equals(new Decimal(total))) {
        if (cells.length === 1) return `${name ?? cells[0]!.name} ${terms[0]!.text}`;
        const op = terms.some((t) => t!.blank) ? '≥' : '=';
        return named(`${terms.map((t) => t!.text).join(' + ')} ${op} ${amount(total)}`);
      }
    }
  } catch {
    // A value Decimal does not read: the total alone.
  }
  return named(amount(total));
}

/** The name of one side of an identity in a locale, from the issue's `sides`. */
function sideName(issue: HtmlIssue, which: 'left' | 'right', locale: string): string | undefined {
  const sides: unknown = issue.sides;
  if (!own(sides, which)) return undefined;
  const names = (sides as Record<string, unknown>)[which];
  if (!own(names, locale)) return undefined;
  const name = (names as Record<string, unknown>)[locale];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function explain(report: Report, index: FormatIndex, issue: HtmlIssue, html: HtmlStrings, locale: string): string | undefined {
  const left = cellList(issue.left);
  const right = cellList(issue.right);
  const { actual, expected, difference } = issue;
  if ((left.length > 0 || right.length > 0) && isAmount(actual) && isAmount(expected)) {
    const diff = isAmount(difference) ? html.difference(amount(difference)) : '';
    const leftSide = side(report, index, left, actual, sideName(issue, 'left', locale), html.blank);
    return `${leftSide} ≠ ${side(report, index, right, expected, sideName(issue, 'right', locale), html.blank)}${diff}`;
  }
  const quotes = cellList(issue.quotes);
  if (typeof issue.excerpt === 'string' && isAmount(issue.quoted) && isAmount(actual) && quotes.length > 0) {
    const names = quotes.map((c) => c.name).join('、');
    const diff = isAmount(difference) ? html.difference(amount(difference)) : '';
    return `${html.textSays(issue.excerpt, amount(issue.quoted))} ≠ ${html.tableSays} ${names} ${amount(actual)}${diff}`;
  }
  return undefined;
}

/** The digits of `figure` inside `text` not inside a longer number, or -1. */
function findFigure(text: string, figure: string): number {
  for (let at = text.indexOf(figure); at >= 0; at = text.indexOf(figure, at + 1)) {
    const before = text[at - 1];
    const after = text[at + figure.length];
    if ((before === undefined || !/[\d.]/.test(before)) && (after === undefined || !/\d/.test(after))) return at;
  }
  return -1;
}

/** Places each narrative finding on its sentence: a paragraph of its section first, any paragraph else. */
function placeNarrative(blocks: readonly Block[], findings: readonly Finding[]): Map<Block, Highlight[]> {
  const out = new Map<Block, Highlight[]>();
  const paragraphs: { block: Block; path: string }[] = [];
  let path: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') path = [...path.slice(0, Math.max(0, block.depth - 1)), block.title];
    else if (block.kind === 'paragraph') paragraphs.push({ block, path: path.join('/') });
  }
  for (const finding of findings) {
    const { excerpt, quoted, section } = finding.issue;
    if (typeof excerpt !== 'string' || excerpt === '' || !isAmount(quoted)) continue;
    const figure = amount(quoted);
    const at = findFigure(excerpt, figure);
    if (at < 0) continue;
    const candidates = [...paragraphs.filter((p) => p.path === section), ...paragraphs.filter((p) => p.path !== section)];
    search: for (const { block } of candidates) {
      if (block.kind !== 'paragraph') continue;
      const taken = out.get(block) ?? [];
      for (let s = 0; s < block.segments.length; s++) {
        const segment = block.segments[s]!;
        if (!('text' in segment)) continue;
        for (let start = segment.text.indexOf(excerpt); start >= 0; start = segment.text.indexOf(excerpt, start + 1)) {
          const end = start + excerpt.length;
          if (taken.some((h) => h.segment === s && h.start < end && start < h.end)) continue;
          out.set(block, [...taken, { finding, segment: s, start, end, figureStart: start + at, figureEnd: start + at + figure.length }]);
          break search;
        }
      }
    }
  }
  return out;
}

/** The mark a finding leaves on its cells and sentence: its symbol and number, linking to it (made once per finding). */
function findingMark(finding: Finding, ctx: Context): string {
  const made = ctx.marks.get(finding);
  if (made !== undefined) return made;
  const label = `${ctx.strings.severity[finding.severity]} ${finding.n}`;
  const title = finding.explanation ?? finding.issue.message;
  const mark =
    `<a class="fm ${finding.severity}" href="#${finding.id}" title="${escapeHtml(title)}">` +
    `<span aria-hidden="true">${FINDING_SYMBOL[finding.severity]}${finding.n}</span><span class="sr">${escapeHtml(label)}</span></a>`;
  ctx.marks.set(finding, mark);
  return mark;
}

function worst(findings: readonly Finding[]): RenderSeverity {
  return findings.reduce<RenderSeverity>((w, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[w] ? f.severity : w), 'info');
}

function paragraphHtml(block: Extract<Block, { kind: 'paragraph' }>, ctx: Context): string {
  const highlights = [...(ctx.highlights.get(block) ?? [])].sort((a, b) => a.segment - b.segment || a.start - b.start);
  const text = (t: string) => escapeHtml(t).replace(/\n/g, '<br>');
  const parts = block.segments.map((segment: Segment, s) => {
    if ('ref' in segment) {
      const full = ctx.resolveRef(segment.ref);
      const value = escapeHtml(segment.value === '' ? '—' : segment.value);
      return full !== undefined && ctx.printed.has(full) ? `<a href="#c-${escapeHtml(full)}">${value}</a>` : value;
    }
    let out = '';
    let at = 0;
    for (const h of highlights.filter((x) => x.segment === s)) {
      out += text(segment.text.slice(at, h.start));
      out +=
        `<span class="quote">${text(segment.text.slice(h.start, h.figureStart))}` +
        `<mark class="figure f-${h.finding.severity}" id="n-${h.finding.id}">${text(segment.text.slice(h.figureStart, h.figureEnd))}</mark>` +
        `${findingMark(h.finding, ctx)}${text(segment.text.slice(h.figureEnd, h.end))}</span>`;
      at = h.end;
    }
    return out + text(segment.text.slice(at));
  });
  return `<p>${parts.join('')}</p>`;
}

interface HeaderCell {
  readonly labels: readonly string[];
  readonly keys: readonly string[];
}

function tablePartHtml(part: TablePartLayout, layout: TableLayout, p: number, ctx: Context): string {
  const prefix = `h${ctx.tableNumber.get(layout.table.id) ?? layout.table.id}.${p}`;
  const heads: HeaderCell[] = part.columns.map((c) => {
    const labels = c.path.length > 0 ? [...c.path] : [''];
    const keys = c.path.length > 0 ? [...c.keys] : ['#'];
    if (c.subtotal) {
      labels.push(ctx.strings.subtotal);
      keys.push('#subtotal');
    }
    return { labels, keys };
  });
  const levels = Math.max(1, ...heads.map((h) => h.labels.length));
  const stub = part.stubHeader !== undefined;
  const stubColumns = stub ? Math.max(1, ...part.rows.map((r) => r.depth + 1)) : 0;
  const columnIds: string[][] = heads.map(() => []);

  // Header rows: a label shared by consecutive columns spans them; a column's last label reaches down to the body.
  const headRows: string[] = [];
  for (let level = 0; level < levels; level++) {
    const cells: string[] = [];
    if (level === 0 && stub) {
      const span = `${stubColumns > 1 ? ` colspan="${stubColumns}"` : ''}${levels > 1 ? ` rowspan="${levels}"` : ''}`;
      cells.push(`<th scope="col"${span}>${escapeHtml(part.stubHeader ?? '')}</th>`);
    }
    if (level === 0 && part.unitColumn) cells.push(`<th scope="col"${levels > 1 ? ` rowspan="${levels}"` : ''}>${UNIT_HEADER}</th>`);
    let j = 0;
    while (j < heads.length) {
      const head = heads[j]!;
      if (head.labels.length <= level) {
        j += 1;
        continue;
      }
      const id = `${prefix}.${level}.${j}`;
      if (head.labels.length - 1 === level) {
        const rowspan = levels - level;
        cells.push(`<th scope="col" id="${escapeHtml(id)}"${rowspan > 1 ? ` rowspan="${rowspan}"` : ''}>${escapeHtml(head.labels[level]!)}</th>`);
        columnIds[j]!.push(id);
        j += 1;
        continue;
      }
      const key = head.keys.slice(0, level + 1).join('\u0000');
      let k = j + 1;
      while (k < heads.length && heads[k]!.labels.length - 1 > level && heads[k]!.keys.slice(0, level + 1).join('\u0000') === key) k += 1;
      cells.push(`<th scope="colgroup" id="${escapeHtml(id)}"${k - j > 1 ? ` colspan="${k - j}"` : ''}>${escapeHtml(head.labels[level]!)}</th>`);
      for (let m = j; m < k; m++) columnIds[m]!.push(id);
      j = k;
    }
    headRows.push(`<tr>${cells.join('')}</tr>`);
  }

  // Body rows: a label row over other rows spans them in its own stub column (as the template prints it).
  const rows = part.rows;
  const descendantsEnd = rows.map((r, i) => {
    let k = i + 1;
    while (k < rows.length && rows[k]!.depth > r.depth) k += 1;
    return k;
  });
  const isSpanningGroup = (i: number) => stub && !rows[i]!.valued && descendantsEnd[i]! > i + 1;
  const trCount = (from: number, to: number) => {
    let n = 0;
    for (let k = from; k < to; k++) if (!isSpanningGroup(k)) n += 1;
    return n;
  };
  const body: string[] = [];
  let pending: string[] = [];
  const stack: string[] = [];
  rows.forEach((row, i) => {
    const id = `${prefix}r${i}`;
    const label = escapeHtml(row.label);
    stack.length = Math.min(stack.length, row.depth);
    const rowIds: string[] = [];
    const cells = pending;
    pending = [];
    if (stub) {
      const rest = stubColumns - row.depth;
      if (isSpanningGroup(i)) {
        const span = trCount(i + 1, descendantsEnd[i]!);
        pending = [...cells, `<th scope="rowgroup" class="group" id="${escapeHtml(id)}"${span > 1 ? ` rowspan="${span}"` : ''}>${label}</th>`];
        stack[row.depth] = id;
        return;
      }
      if (descendantsEnd[i]! > i + 1 && rest > 1) {
        // A valued total over its own parts: its label spans them, its own values sit on a 小计 line.
        const span = 1 + trCount(i + 1, descendantsEnd[i]!);
        cells.push(`<th scope="rowgroup" id="${escapeHtml(id)}" rowspan="${span}">${label}</th>`);
        cells.push(
          `<th scope="row" class="subtotal" id="${escapeHtml(id)}s"${rest > 2 ? ` colspan="${rest - 1}"` : ''}>${escapeHtml(row.node.relation === 'sum' ? ctx.strings.subtotal : ctx.html.ownLine)}</th>`,
        );
        stack[row.depth] = id;
        rowIds.push(id, `${id}s`);
      } else {
        cells.push(`<th scope="row" id="${escapeHtml(id)}"${rest > 1 ? ` colspan="${rest}"` : ''}>${label}</th>`);
        rowIds.push(id);
      }
    }
    if (part.unitColumn) cells.push(`<td class="unit">${escapeHtml(row.unit ?? '')}</td>`);
    const ancestry = stack.slice(0, row.depth).filter((x) => x !== undefined);
    row.cells.forEach((cell, c) => {
      if (cell.state === 'empty') {
        cells.push('<td></td>');
        return;
      }
      const ref = `${row.node.id}/${part.columns[c]!.node.id}`;
      const findings = ctx.byCell.get(ref) ?? [];
      const classes = ['num'];
      if (cell.state === 'absent') classes.push('absent');
      if (cell.derived) classes.push('derived');
      if (findings.length > 0) classes.push(`f-${worst(findings)}`);
      const headers = [...columnIds[c]!, ...ancestry, ...rowIds].join(' ');
      const derived = cell.derived ? '<span class="derived-mark">*</span>' : '';
      cells.push(
        `<td id="c-${escapeHtml(ref)}" class="${classes.join(' ')}" headers="${escapeHtml(headers)}">` +
          `<span class="value">${escapeHtml(cell.text)}</span>${derived}${findings.map((f) => findingMark(f, ctx)).join('')}</td>`,
      );
    });
    body.push(`<tr>${cells.join('')}</tr>`);
  });
  if (pending.length > 0) body.push(`<tr>${pending.join('')}</tr>`);

  const caption = part.caption ?? (p === 0 ? layout.title : undefined);
  return (
    `<table>${caption !== undefined ? `<caption>${escapeHtml(caption)}</caption>` : ''}` +
    `<thead>${headRows.join('')}</thead><tbody>${body.join('')}</tbody></table>`
  );
}

function tableHtml(layout: TableLayout, ctx: Context): string {
  const parts = layout.parts.map((part, p) => tablePartHtml(part, layout, p, ctx));
  const seen = new Set<Finding>();
  for (const part of layout.parts) {
    for (const row of part.rows) {
      row.cells.forEach((cell, c) => {
        if (cell.state === 'empty') return;
        for (const f of ctx.byCell.get(`${row.node.id}/${part.columns[c]!.node.id}`) ?? []) seen.add(f);
      });
    }
  }
  const label = escapeHtml(layout.title);
  let out = `<div class="table-wrap" role="region" aria-label="${label}" tabindex="0">${parts.join('')}</div>`;
  if (seen.size > 0) {
    const items = [...seen]
      .sort((a, b) => a.n - b.n)
      .map((f) => `<li>${findingMark(f, ctx)} ${escapeHtml(f.explanation ?? f.issue.message)}</li>`);
    out += `<ul class="table-findings" aria-label="${escapeHtml(ctx.html.tableFindings)}">${items.join('')}</ul>`;
  }
  return out;
}

function blockHtml(b: Block, ctx: Context): string {
  const colon = ctx.strings.colon;
  switch (b.kind) {
    case 'title':
      return `<h1>${escapeHtml(b.text)}</h1>`;
    case 'metadata':
      return `<p class="meta">${b.fields
        .map((f) => {
          const value =
            f.key === 'sourceUrl' && /^https?:\/\/[^\s<>"'\\]+$/i.test(f.value)
              ? `<a href="${escapeHtml(f.value)}">${escapeHtml(f.value)}</a>`
              : escapeHtml(f.value);
          return `<span>${escapeHtml(f.label)}${escapeHtml(colon)}${value}</span>`;
        })
        .join('')}</p>`;
    case 'paragraph':
      return paragraphHtml(b, ctx);
    case 'heading': {
      const level = Math.min(6, b.depth + 1);
      return `<h${level}>${escapeHtml(b.number)}${escapeHtml(b.title)}</h${level}>`;
    }
    case 'caption':
      return `<p class="caption">${escapeHtml(b.text)}</p>`;
    case 'table':
      return tableHtml(b.layout, ctx);
    case 'note':
      return `<p class="note">${escapeHtml(b.text)}</p>`;
    case 'break':
      return '<hr>';
    case 'enclosures': {
      const items = b.items.length === 1 ? [`附件：${b.items[0]}`] : b.items.map((item, i) => `${i === 0 ? '附件：' : ''}${i + 1}.${item}`);
      return `<p class="enclosures">${items.map(escapeHtml).join('<br>')}</p>`;
    }
    case 'signature':
      return `<p class="signature">${escapeHtml(b.organ)}${b.date === undefined ? '' : `<br>${escapeHtml(b.date)}`}</p>`;
    case 'attachment': {
      const out = [`<p class="attachment-marker">${escapeHtml(b.marker)}</p>`, `<h2 class="attachment-title">${escapeHtml(b.title)}</h2>`];
      if (b.period !== undefined) out.push(`<p class="period">（${escapeHtml(b.period)}）</p>`);
      if (b.filledBy !== undefined) out.push(`<p class="filled-by">填报单位（盖章）：${escapeHtml(b.filledBy)}</p>`);
      return out.join('\n');
    }
    case 'validation':
      // The findings are listed at the top of the page instead.
      return '';
  }
}

function findingsHtml(findings: readonly Finding[], ctx: Context, placed: ReadonlySet<Finding>, lang: string): string {
  const counts = { error: 0, warning: 0, info: 0, waived: 0 };
  for (const f of findings) {
    if (f.issue.waived) counts.waived += 1;
    else counts[f.severity] += 1;
  }
  const items = findings.map((f) => {
    const issue = f.issue;
    const waived = own(issue.waived, 'reason') && typeof issue.waived!.reason === 'string' ? ctx.html.waived(issue.waived!.reason) : '';
    const rule = typeof issue.rule === 'string' ? ctx.strings.rule(issue.rule) : '';
    const head =
      `<span class="sev ${f.severity}"><span aria-hidden="true">${FINDING_SYMBOL[f.severity]}</span> ` +
      `${escapeHtml(ctx.strings.severity[f.severity])} ${f.n}</span> ${escapeHtml(issue.message + rule)}` +
      (waived ? `<span class="waived">${escapeHtml(waived)}</span>` : '');
    const explanation = f.explanation !== undefined ? `<span class="explain">${escapeHtml(f.explanation)}</span>` : '';
    const sentence = placed.has(f) ? ` <a href="#n-${f.id}">${escapeHtml(ctx.html.sentence)}</a>` : '';
    const cells = f.cells.map((cell) => {
      const value = valueAt(ctx.report, cell);
      const shown = `${escapeHtml(cell.name)}${value === undefined ? '' : ` = ${escapeHtml(amount(value))}`}`;
      return ctx.printed.has(cell.ref) ? `<li><a href="#c-${escapeHtml(cell.ref)}">${shown}</a></li>` : `<li>${shown}${escapeHtml(ctx.html.notPrinted)}</li>`;
    });
    const parts = cells.length > 0 ? `<ul class="parts" aria-label="${escapeHtml(ctx.html.cells)}">${cells.join('')}</ul>` : '';
    return `<li id="${f.id}" class="finding ${f.severity}${issue.waived ? ' waived' : ''}">${head}${explanation}${sentence}${parts}</li>`;
  });
  const list = items.length > 0 ? `<ol>${items.join('')}</ol>` : `<p class="counts">${escapeHtml(ctx.html.noFindings)}</p>`;
  return (
    `<section class="findings" id="findings" aria-labelledby="findings-title" lang="${lang}">` +
    `<h2 id="findings-title">${escapeHtml(ctx.html.findings)}</h2>` +
    `<p class="counts">${escapeHtml(ctx.html.counts(counts))}</p>${list}</section>`
  );
}

/** The page around a body: doctype, language, viewport, title and the inline style sheet. */
export function htmlPage(title: string, body: string, lang = 'zh-CN'): string {
  return (
    `<!DOCTYPE html>\n<html lang="${escapeHtml(lang)}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="xxgk">\n` +
    `<title>${escapeHtml(title)}</title>\n<style>${HTML_STYLE}</style>\n</head>\n<body>\n<main>\n${body}\n</main>\n</body>\n</html>\n`
  );
}

/**
 * Renders a report as one self-contained HTML review page (no external assets, no script): the
 * title, sections and paragraphs, and the statistics tables laid out as the official template
 * prints them (multi-level headers merged, group labels spanning their rows, units, money with its
 * printed precision, blanks shown as blanks, derived cells marked `*`). With `validation`, the
 * findings are listed at the top and marked on their cells (a symbol and a colour) and sentences,
 * each mark linking to its finding and each finding to its cells; a broken total is explained under
 * its table (`（七）总计（自然人） 230 ≠ 各办理结果之和 81 + 14 + … = 229`). Every text of the report is escaped. Print
 * styles for A4 and a phone layout are included. Throws a TypeError for what is not a report or a
 * bad option, like `renderMarkdown`.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseReport, renderHtml, validate } from 'xxgk';
 * const parsed = parseReport(readFileSync('examples/qingshan-2022.json', 'utf8'));
 * if (!parsed.success) throw parsed.error;
 * const page = renderHtml(parsed.data, { validation: validate(parsed.data) });
 * console.log(page.startsWith('<!DOCTYPE html>')); // true
 * ```
 */
export function renderHtml(report: Report, options?: RenderHtmlOptions): string {
  if (options !== undefined && (options === null || typeof options !== 'object')) throw new TypeError('render options must be an object');
  const resolved = resolveOptions(report, { ...options, absent: options?.absent ?? '' });
  const { blocks } = buildDocument(report, { ...resolved, validation: undefined });
  const index = indexFormat(resolved.format);
  const html = HTML_STRINGS[resolved.locale];

  // The cells the page prints, so that links go only to what exists.
  const printed = new Set<string>();
  for (const b of blocks) {
    if (b.kind !== 'table') continue;
    for (const part of b.layout.parts) {
      for (const row of part.rows) {
        row.cells.forEach((cell, c) => {
          if (cell.state !== 'empty') printed.add(`${row.node.id}/${part.columns[c]!.node.id}`);
        });
      }
    }
  }

  const findings: Finding[] = (resolved.validation?.issues ?? []).map((issue, i) => {
    const full = issue as HtmlIssue;
    const cells = cellList(full.cells);
    return {
      n: i + 1,
      id: `f${i + 1}`,
      issue: full,
      severity: full.severity,
      cells,
      explanation: explain(report, index, full, html, resolved.locale),
    };
  });
  const byCell = new Map<string, Finding[]>();
  for (const f of findings) {
    for (const cell of f.cells) {
      const list = byCell.get(cell.ref) ?? [];
      if (!list.includes(f)) list.push(f);
      byCell.set(cell.ref, list);
    }
  }
  const highlights = placeNarrative(blocks, findings);
  const placed = new Set<Finding>();
  for (const list of highlights.values()) for (const h of list) placed.add(h.finding);

  const ctx: Context = {
    report,
    strings: resolved.strings,
    html,
    printed,
    byCell,
    highlights,
    resolveRef: (ref) => resolveCell(index, ref)?.ref,
    tableNumber: new Map(index.tables.map((t, i) => [t.id, i])),
    marks: new Map(),
  };
  const findingsBlock = resolved.validation !== undefined ? findingsHtml(findings, ctx, placed, resolved.locale) : '';
  const chunks: string[] = [];
  let listed = findingsBlock === '';
  for (const b of blocks) {
    if (!listed && b.kind !== 'title' && b.kind !== 'metadata') {
      chunks.push(findingsBlock);
      listed = true;
    }
    const written = blockHtml(b, ctx);
    if (written !== '') chunks.push(written);
  }
  if (!listed) chunks.push(findingsBlock);
  const title = resolved.section === undefined ? reportTitle(report) : (blocks.find((b) => b.kind === 'heading') as { title?: string } | undefined)?.title ?? reportTitle(report);
  return htmlPage(title, chunks.join('\n'));
}

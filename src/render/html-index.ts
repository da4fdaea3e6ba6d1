import type { Report } from '../model/report.js';
import { reportTitle } from './document.js';
import { escapeHtml } from './html-escape.js';
import { htmlPage } from './html.js';

/** One input of a batch, as the index page lists it. */
export interface HtmlIndexEntry {
  /** The input's file name (or path) as the user knows it. */
  readonly file: string;
  /** Where its review page is, relative to the index page; no link when absent. */
  readonly href?: string;
  /** The report's title, when it was read. */
  readonly title?: string;
  /** The format id, when known. */
  readonly format?: string;
  /** The findings per severity (waived ones counted apart); absent when the input could not be read. */
  readonly counts?: { readonly error: number; readonly warning: number; readonly info: number; readonly waived?: number };
  /** Why the input could not be read or checked. */
  readonly problem?: string;
}

/** What {@link htmlIndexEntry} takes: the input's name, its page, and the report and validation when it was read. */
export interface HtmlIndexSource {
  readonly file: string;
  readonly href?: string;
  readonly report?: Report;
  readonly validation?: { readonly counts: { readonly error: number; readonly warning: number; readonly info: number; readonly waived?: number } };
  /** Why the input could not be read, when it could not. */
  readonly problem?: string;
}

/** The index row of one input of a batch: the report's title and format, and the validation's counts. */
export function htmlIndexEntry(source: HtmlIndexSource): HtmlIndexEntry {
  const { file, href, report, validation, problem } = source;
  return {
    file,
    ...(href !== undefined ? { href } : {}),
    ...(report !== undefined ? { title: reportTitle(report), format: report.format } : {}),
    ...(validation !== undefined ? { counts: validation.counts } : {}),
    ...(problem !== undefined ? { problem } : {}),
  };
}

/** Options of {@link renderHtmlIndex}. */
export interface HtmlIndexOptions {
  /** The page's heading (default 校验汇总 / Validation summary). */
  readonly title?: string;
  /** Language of the fixed strings (default zh-CN). */
  readonly locale?: 'zh-CN' | 'en';
}

const STRINGS = {
  'zh-CN': {
    title: '校验汇总',
    summary: (files: number, failed: number, e: number, w: number) => `共 ${files} 个文件，未通过 ${failed} 个；错误 ${e} 项，警告 ${w} 项。`,
    file: '文件',
    report: '报告',
    format: '格式',
    error: '错误',
    warning: '警告',
    info: '提示',
    waived: '已豁免',
    result: '结论',
    pass: '通过',
    fail: '未通过',
    unread: '无法读取',
    sortHint: '点击列标题排序。',
  },
  en: {
    title: 'Validation summary',
    summary: (files: number, failed: number, e: number, w: number) => `${files} files, ${failed} failed; ${e} errors, ${w} warnings.`,
    file: 'File',
    report: 'Report',
    format: 'Format',
    error: 'Errors',
    warning: 'Warnings',
    info: 'Notes',
    waived: 'Waived',
    result: 'Result',
    pass: 'pass',
    fail: 'fail',
    unread: 'unreadable',
    sortHint: 'Select a column heading to sort.',
  },
} as const;

// Sorting is an enhancement: the table reads the same without it. Buttons in the headers keep it keyboard-reachable.
const SORT_SCRIPT = `document.querySelectorAll('table.sortable').forEach(function(t){var hs=t.tHead.rows[0].cells;Array.prototype.forEach.call(hs,function(th,i){var b=th.querySelector('button');if(!b)return;b.addEventListener('click',function(){var asc=th.getAttribute('aria-sort')!=='ascending';Array.prototype.forEach.call(hs,function(h){h.removeAttribute('aria-sort')});th.setAttribute('aria-sort',asc?'ascending':'descending');var rows=Array.prototype.slice.call(t.tBodies[0].rows);rows.sort(function(a,c){var x=a.cells[i].getAttribute('data-sort')||a.cells[i].textContent,y=c.cells[i].getAttribute('data-sort')||c.cells[i].textContent;var nx=Number(x),ny=Number(y);var r=(x!==''&&y!==''&&!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,'zh-CN');return asc?r:-r});rows.forEach(function(r){t.tBodies[0].appendChild(r)})})})});`;

/**
 * Renders the index page of a batch of review pages: one row per input with its title, format and
 * counts per severity, linking to its page; the worst first, sortable by any column (a small
 * inline script; the page reads the same without it). Every text is escaped.
 */
export function renderHtmlIndex(entries: readonly HtmlIndexEntry[], options: HtmlIndexOptions = {}): string {
  if (!Array.isArray(entries)) throw new TypeError('renderHtmlIndex takes an array of entries');
  if (options === null || typeof options !== 'object') throw new TypeError('index options must be an object');
  const locale = options.locale ?? 'zh-CN';
  if (locale !== 'zh-CN' && locale !== 'en') throw new TypeError(`unknown locale ${String(locale)}: use zh-CN or en`);
  const s = STRINGS[locale];
  const title = typeof options.title === 'string' ? options.title : s.title;
  const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);
  const rank = (e: HtmlIndexEntry) => (e.counts === undefined ? Number.MAX_SAFE_INTEGER : count(e.counts.error) * 1e6 + count(e.counts.warning));
  const sorted = [...entries].sort((a, b) => rank(b) - rank(a) || String(a.file).localeCompare(String(b.file)));
  let failed = 0;
  let errors = 0;
  let warnings = 0;
  const rows = sorted.map((entry) => {
    const file = escapeHtml(String(entry.file));
    const link = typeof entry.href === 'string' ? `<a href="${escapeHtml(entry.href)}">${file}</a>` : file;
    const c = entry.counts;
    const ok = c !== undefined && count(c.error) === 0;
    if (!ok) failed += 1;
    errors += count(c?.error);
    warnings += count(c?.warning);
    const num = (n: unknown) => (c === undefined ? '<td class="num" data-sort="-1"></td>' : `<td class="num">${count(n)}</td>`);
    const result = c === undefined ? `${s.unread}${entry.problem ? `：${entry.problem}` : ''}` : ok ? s.pass : s.fail;
    const mark = c === undefined || !ok ? '<span aria-hidden="true">✖ </span>' : '<span aria-hidden="true">✔ </span>';
    return (
      `<tr><th scope="row">${link}</th><td>${escapeHtml(String(entry.title ?? ''))}</td><td>${escapeHtml(String(entry.format ?? ''))}</td>` +
      `${num(c?.error)}${num(c?.warning)}${num(c?.info)}${num(c?.waived ?? 0)}` +
      `<td class="${ok ? 'pass' : 'fail'}" data-sort="${c === undefined ? 2 : ok ? 0 : 1}">${mark}${escapeHtml(result)}</td></tr>`
    );
  });
  const head = [s.file, s.report, s.format, s.error, s.warning, s.info, s.waived, s.result]
    .map((label) => `<th scope="col"><button type="button">${escapeHtml(label)}</button></th>`)
    .join('');
  const body =
    `<h1>${escapeHtml(title)}</h1>\n<p class="counts">${escapeHtml(s.summary(entries.length, failed, errors, warnings))} ${escapeHtml(s.sortHint)}</p>\n` +
    `<div class="table-wrap" role="region" aria-label="${escapeHtml(title)}" tabindex="0"><table class="sortable index">` +
    `<thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>\n<script>${SORT_SCRIPT}</script>`;
  return htmlPage(title, body, locale);
}

import { formats, indexFormat, type Report, type ResolvedNode, type TableIndex } from '../../src/index.js';

/**
 * Writes a report as a government site publishes it: a CMS article page (head with styles and
 * scripts, header with a search form, navigation, breadcrumbs, article title, info bar, share and
 * print links, a sidebar and a footer) whose body is a Word document pasted into the editor —
 * `<p class=MsoNormal>` paragraphs of nested `<span style='…mso-…'>` runs with `<o:p>`, Word's
 * line wrapping inside the text, bold paragraphs as headings, and tables whose every cell is a
 * paragraph of spans. The tables are laid out from the format (column tree as multi-row headers,
 * row tree as stub columns with rowspans, block tables with a caption and header per block, the
 * 2014 table with its unit column), with the quirks of real pages: labels split across spans and
 * broken by `<br>`, stray spaces, `&nbsp;` and full-width digits inside numbers, an extra column in
 * Word's grid (a value spanning two grid columns under a one-column header), single-value blocks
 * spanning three value columns. Deterministic: the same report gives the same page.
 */
export interface WordPageOptions {
  /** The site name (in <title> and the header). */
  readonly site: string;
  /** Where the page's publication date is stated: a <meta name="PubDate">, the info bar's text, or nowhere. */
  readonly dateIn: 'meta' | 'info' | 'none';
  /** Split the body's title over two lines (as the 2017 report prints it). */
  readonly titleLines?: readonly string[];
  /** Subsections as run-in bold headings (（一）主动公开。text…) rather than headings of their own. */
  readonly runInSubsections?: boolean;
  /** Extra characters of site CSS and script, to make the page as heavy as real ones. */
  readonly padding?: number;
  /** The charset the page declares. */
  readonly charset?: string;
  /** Seed of the quirks' placement. */
  readonly seed?: number;
}

const CN = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isCjk = (c: string | undefined) => c !== undefined && c.codePointAt(0)! > 0x2e7f;
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Escapes text as Word does, with some quotes written as entities. */
const wordEscape = (text: string) => escape(text).replace(/“/g, '&ldquo;').replace(/”/g, '&rdquo;');

const FONT = "font-size:16.0pt;font-family:仿宋_GB2312;mso-hansi-font-family:'Times New Roman';mso-bidi-font-family:'Times New Roman';color:black;mso-font-kerning:0pt";
const CELL_FONT = "font-size:10.5pt;font-family:仿宋_GB2312;mso-hansi-font-family:宋体;mso-bidi-font-family:宋体;color:black;mso-font-kerning:0pt";
const OP = "<span lang=EN-US style='font-size:10.5pt;mso-bidi-font-size:11.0pt;font-family:宋体;mso-bidi-font-family:宋体;mso-font-kerning:0pt'><o:p></o:p></span>";
const TD_STYLE = "border:solid windowtext 1.0pt;border-top:none;mso-border-top-alt:solid windowtext .5pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt";

export function wordPage(report: Report, options: WordPageOptions): string {
  const rand = random(options.seed ?? 7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const format = formats[report.format as keyof typeof formats];
  const index = indexFormat(format);

  /** Text as Word writes it into runs: split into spans, wrapped between CJK characters. */
  const runs = (text: string, style = FONT): string => {
    const chars = Array.from(text);
    const pieces: string[] = [];
    let current = '';
    let column = 0;
    chars.forEach((c, i) => {
      current += c;
      column += 1;
      // Word wraps its HTML source near 76 columns, between two CJK characters.
      if (column > 60 && isCjk(c) && isCjk(chars[i + 1])) {
        current += '\r\n';
        column = 0;
      }
      if (i < chars.length - 1 && rand() < 0.04 && isCjk(c)) {
        pieces.push(current);
        current = '';
      }
    });
    pieces.push(current);
    return pieces
      .map((p) => {
        const inner = `<span style='${style}'>${wordEscape(p)}</span>`;
        return rand() < 0.3 ? `<span lang=EN-US style='mso-bidi-font-size:10.5pt'>${inner}</span>` : inner;
      })
      .join('');
  };
  const para = (text: string, extra = '') =>
    `<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;mso-line-height-rule:exactly;${extra}'>${runs(text)}${OP}</p>\n`;
  const heading = (text: string, font: string) => {
    const tag = pick(['b', 'strong']);
    return `<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;mso-line-height-rule:exactly'><${tag}><span style='font-size:16.0pt;font-family:${font};mso-hansi-font-family:"Times New Roman"'>${wordEscape(text)}</span></${tag}>${OP}</p>\n`;
  };

  // ── cells ──
  const cellPara = (html: string, align = 'center') =>
    `<p class=MsoNormal align=${align} style='text-align:${align};mso-pagination:widow-orphan;layout-grid-mode:char'>${html}${OP}</p>`;
  const td = (html: string, attrs: { colspan?: number; rowspan?: number; width?: number; align?: string } = {}) => {
    const span = `${attrs.colspan && attrs.colspan > 1 ? ` colspan=${attrs.colspan}` : ''}${attrs.rowspan && attrs.rowspan > 1 ? ` rowspan=${attrs.rowspan}` : ''}`;
    return `<td width=${attrs.width ?? 64}${span} valign=center style='width:${((attrs.width ?? 64) * 0.75).toFixed(1)}pt;${TD_STYLE}'>${cellPara(html, attrs.align)}</td>`;
  };
  /** A label as printed: split into spans, maybe with a stray space or a line break. */
  const labelHtml = (label: string): string => {
    const chars = Array.from(label);
    if (chars.length > 14 && rand() < 0.5) {
      const cut = Math.floor(chars.length / 2);
      return `${runs(chars.slice(0, cut).join(''), CELL_FONT)}<br>\r\n${runs(chars.slice(cut).join(''), CELL_FONT)}`;
    }
    if (chars.length > 3 && rand() < 0.25) {
      const cut = 1 + Math.floor(rand() * (chars.length - 2));
      return `${runs(chars.slice(0, cut).join(''), CELL_FONT)}<span style='${CELL_FONT}'>${pick([' ', '&nbsp;', '\u3000'])}</span>${runs(chars.slice(cut).join(''), CELL_FONT)}`;
    }
    return runs(label, CELL_FONT);
  };
  /** A value as printed: full-width digits, a &nbsp; between digits, or several spans. */
  const valueHtml = (value: number | string | null | undefined): string => {
    if (value === null || value === undefined) return `<span lang=EN-US style='${CELL_FONT}'>&nbsp;</span>`;
    const text = String(value);
    const r = rand();
    if (r < 0.12 && /^\d+$/.test(text)) {
      return `<span lang=EN-US style='${CELL_FONT}'>${text.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}</span>`;
    }
    if (r < 0.2 && text.length > 2) {
      return `<span lang=EN-US style='${CELL_FONT}'>${text.slice(0, 1)}&nbsp;${text.slice(1)}</span>`;
    }
    if (r < 0.35 && text.length > 1) {
      return `<span lang=EN-US style='${CELL_FONT}'>${text.slice(0, 1)}</span><span lang=EN-US style='${CELL_FONT};mso-bidi-font-family:Times'>${text.slice(1)}</span>`;
    }
    return `<span lang=EN-US style='${CELL_FONT}'>${text}</span>`;
  };
  const valueOf = (table: string, row: string, column: string) => report.tables[table]?.[row]?.[column];

  const tableOpen = `<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=600 style='width:450.0pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n`;
  const tr = (cells: string[], i: number) => `<tr style='mso-yfti-irow:${i};height:20.0pt'>\n${cells.join('\n')}\n</tr>\n`;
  /** The row of empty cells Word appends to a table whose rows' cell edges differ. */
  const misaligned = (width: number) =>
    `<![if !supportMisalignedColumns]>\n<tr height=0>\n${Array.from({ length: width }, () => `<td width=56 style='border:none'></td>`).join('\n')}\n</tr>\n<![endif]>\n`;

  const labelled = (node: ResolvedNode) => !node.unlabeled;
  const leavesUnder = (node: ResolvedNode): ResolvedNode[] => (node.children.length === 0 ? [node] : node.children.flatMap(leavesUnder));

  /** A table of block rows (the 主动公开 table): per block a caption row, a header row, the data rows. */
  const blockTable = (table: TableIndex): string => {
    const blocks = table.rows.filter((r) => r.depth === 0);
    const width = Math.max(...blocks.map((b) => table.valueColumns.filter((c) => !b.columns || b.columns.includes(c.id)).length));
    // Word's grid has one column more than the table: the stub header spans two grid columns, the
    // row labels one, and the first value then spans two (under one header column).
    const extra = report.format === 'gov-2021';
    let html = tableOpen;
    let i = 0;
    for (const block of blocks) {
      const columns = table.valueColumns.filter((c) => !block.columns || block.columns.includes(c.id));
      const spans = columns.map((_, k) => (k === columns.length - 1 ? width - columns.length + 1 : 1));
      html += tr([td(labelHtml(block.label), { colspan: width + 1 + (extra ? 1 : 0), width: 600 })], i++);
      html += tr(
        [
          td(labelHtml(block.definition.stubHeader ?? ''), { colspan: extra ? 2 : 1, width: 150 }),
          ...columns.map((c, k) => td(labelHtml(c.label), { colspan: spans[k], width: 150 * spans[k]! })),
        ],
        i++,
      );
      for (const row of table.rows.filter((r) => r.parent === block)) {
        html += tr(
          [
            td(labelHtml(row.label), { width: 150 }),
            ...columns.map((c, k) =>
              td(valueHtml(valueOf(table.id, row.id, c.id)), { colspan: spans[k]! + (extra && k === 0 ? 1 : 0), width: 150 * spans[k]! }),
            ),
          ],
          i++,
        );
      }
    }
    return `${html}${misaligned(width + 1 + (extra ? 1 : 0))}</table>\n`;
  };

  /** A table with a column tree as multi-row headers and a row tree as stub columns. */
  const treeTable = (table: TableIndex): string => {
    const columnDepth = Math.max(...table.valueColumns.map((c) => c.labelPath.length));
    const rows = table.rows.filter(labelled);
    const stubWidth = rows.length > 0 ? Math.max(...rows.map((r) => r.depth + 1)) : 0;
    let html = tableOpen;
    let i = 0;
    for (let level = 0; level < columnDepth; level++) {
      const cells: string[] = [];
      if (level === 0 && stubWidth > 0) cells.push(td(labelHtml(table.definition.stubHeader ?? ''), { colspan: stubWidth, rowspan: columnDepth, width: 200 }));
      for (const column of table.columns.filter((c) => c.depth === level && labelled(c))) {
        const leaves = leavesUnder(column).length;
        const rowspan = column.children.length === 0 ? columnDepth - level : 1;
        cells.push(td(labelHtml(column.label), { colspan: leaves, rowspan, width: 56 * leaves }));
      }
      html += tr(cells, i++);
    }
    // Data rows: each valued row; a group row's label spans its descendants' rows.
    const printedRows = table.rows.filter((r) => r.valued && r.children.length === 0);
    const rowsUnder = (node: ResolvedNode) => printedRows.filter((r) => r.labelPath.length > node.labelPath.length && r.labelPath.slice(0, node.labelPath.length).join('/') === node.labelPath.join('/')).length;
    for (const row of printedRows) {
      const cells: string[] = [];
      // Ancestors whose first printed descendant this row is open their rowspan here.
      const chain: ResolvedNode[] = [];
      for (let n = row.parent; n; n = n.parent) chain.unshift(n);
      for (const ancestor of chain) {
        const first = printedRows.find((r) => rowsUnder(ancestor) > 0 && r.labelPath.slice(0, ancestor.labelPath.length).join('/') === ancestor.labelPath.join('/'));
        if (first === row) cells.push(td(labelHtml(ancestor.label), { rowspan: rowsUnder(ancestor), width: 64, align: 'left' }));
      }
      if (!row.unlabeled) cells.push(td(labelHtml(row.label), { colspan: stubWidth - row.depth, width: 64 * (stubWidth - row.depth), align: 'left' }));
      for (const column of table.valueColumns.filter((c) => c.children.length === 0)) {
        cells.push(td(valueHtml(valueOf(table.id, row.id, column.id)), { width: 56 }));
      }
      html += tr(cells, i++);
    }
    return `${html}${misaligned(stubWidth + table.valueColumns.filter((c) => c.children.length === 0).length)}</table>\n`;
  };

  /** The 2014 statistics table: 统计指标 | 单位 | 统计数, labels indented by depth. */
  const unitTable = (table: TableIndex): string => {
    const column = table.valueColumns[0]!;
    let html = tableOpen;
    let i = 0;
    html += tr([td(labelHtml(table.definition.stubHeader ?? ''), { width: 400 }), td(labelHtml('单位'), { width: 60 }), td(labelHtml(column.label), { width: 80 })], i++);
    for (const row of table.rows) {
      const indent = '\u3000'.repeat(row.depth * 2);
      const unit = row.valued ? (row.unit ?? '') : '——';
      html += tr(
        [
          td(`<span style='${CELL_FONT}'>${indent}</span>${labelHtml(row.label)}`, { width: 400, align: 'left' }),
          td(runs(unit, CELL_FONT), { width: 60 }),
          td(row.valued ? valueHtml(valueOf(table.id, row.id, column.id)) : '', { width: 80 }),
        ],
        i++,
      );
    }
    return `${html}</table>\n`;
  };

  const tableHtml = (id: string): string => {
    const table = index.tableById.get(id)!;
    if (table.definition.unitColumn) return unitTable(table);
    if (table.rows.some((r) => r.depth === 0 && r.definition.stubHeader !== undefined)) return blockTable(table);
    return treeTable(table);
  };

  // ── the Word document ──
  const title = report.metadata.title ?? `${report.metadata.agency}${report.metadata.year}年政府信息公开工作年度报告`;
  let body = `<div class=WordSection1 style='layout-grid:15.6pt'>\n`;
  for (const line of options.titleLines ?? [title]) {
    body += `<p class=MsoNormal align=center style='text-align:center;line-height:28.0pt;mso-line-height-rule:exactly'><b><span style='font-size:22.0pt;font-family:方正小标宋简体;mso-hansi-font-family:"Times New Roman"'>${wordEscape(line)}</span></b>${OP}</p>\n`;
  }
  body += `<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n`;
  for (const p of report.preamble ?? []) body += para(p);
  const placed = new Set<string>();
  report.sections.forEach((section, s) => {
    body += heading(`${CN[s + 1]}、${section.title}`, '黑体');
    for (const p of section.paragraphs) body += para(p);
    const template = format.sections.find((t) => t.id === section.id);
    (section.subsections ?? []).forEach((sub, k) => {
      const number = `（${CN[k + 1]}）${sub.title}`;
      if (options.runInSubsections && sub.paragraphs.length > 0 && k % 2 === 0) {
        const [first, ...more] = sub.paragraphs;
        body += `<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt'><b><span style='font-size:16.0pt;font-family:楷体_GB2312'>${wordEscape(number)}</span></b>${runs(first!)}${OP}</p>\n`;
        for (const p of more) body += para(p);
      } else {
        body += heading(number, '楷体_GB2312');
        for (const p of sub.paragraphs) body += para(p);
      }
    });
    if (format.tablePlacement === 'sections') {
      for (const id of template?.tables ?? []) {
        body += tableHtml(id);
        placed.add(id);
      }
    }
  });
  for (const e of report.enclosures ?? []) body += para(`附件：${e}`);
  if (report.signature) {
    body += `<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n`;
    body += `<p class=MsoNormal align=right style='text-align:right;line-height:28.0pt'>${runs(report.signature.organ)}${OP}</p>\n`;
    if (report.signature.date) {
      const [y, m, d] = report.signature.date.split('-').map(Number);
      body += `<p class=MsoNormal align=right style='text-align:right;line-height:28.0pt'>${runs(`${y}年${m}月${d}日`)}${OP}</p>\n`;
    }
  }
  for (const attachment of report.attachments ?? []) {
    body += `<span lang=EN-US style='font-size:16.0pt;mso-fareast-font-family:仿宋_GB2312'><br clear=all style='page-break-before:always'></span>\n`;
    body += para('附件：');
    body += `<p class=MsoNormal align=center style='text-align:center'><b>${runs(attachment.title)}</b>${OP}</p>\n`;
    if (attachment.period) body += `<p class=MsoNormal align=center style='text-align:center'>${runs(`（${attachment.period}）`)}${OP}</p>\n`;
    if (attachment.filledBy) body += para(`填报单位（盖章）：${attachment.filledBy}`);
    for (const id of attachment.tables) {
      body += tableHtml(id);
      placed.add(id);
    }
  }
  body += `<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n</div>\n`;

  // ── the CMS page around it ──
  const date = report.metadata.publishedOn ?? report.signature?.date ?? '';
  const charset = options.charset ?? 'utf-8';
  const padding = options.padding ?? 0;
  const css = Array.from({ length: Math.ceil(padding / 2 / 120) }, (_, k) => `.c${k} .item-${k % 17} > a:hover { color: #b${(k % 90) + 10}; background: url(/images/bg${k % 9}.png) no-repeat ${k % 40}px 0; }`).join('\n');
  const script = Array.from({ length: Math.ceil(padding / 2 / 120) }, (_, k) => `  menu.register('col${k}', { url: '/col/col${1000 + k}/index.html', title: '栏目${k}', target: '_self' });`).join('\n');
  const nav = ['首页', '政务公开', '政务服务', '互动交流', '走进青山', '政府信息公开指南', '政府信息公开制度', '法定主动公开内容', '政府信息公开年报', '依申请公开']
    .map((n, k) => `<li class="nav-item"><a href="/col/col${1457 + k}/index.html" target="_self">${n}</a></li>`)
    .join('\n');
  const related = [2021, 2020, 2019]
    .map((y) => `<tr><td class="bt"><a href="/art/${y + 1}/1/20/art_1457_${y}.html">${escape(report.metadata.agency)}${y}年政府信息公开工作年度报告</a></td><td class="rq">${y + 1}-01-20</td></tr>`)
    .join('\n');
  const meta = options.dateIn === 'meta' ? `<meta name="PubDate" content="${date} 09:30">\n` : '';
  const info = options.dateIn === 'info' ? `发布时间：${date}&nbsp;&nbsp;` : '';
  const canonical = report.metadata.sourceUrl ? `<link rel="canonical" href="${escape(report.metadata.sourceUrl)}">\n` : '';
  return `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=${charset}">
<meta name="SiteName" content="${escape(options.site)}">
<meta name="ArticleTitle" content="${escape(title)}">
${meta}<meta name="ContentSource" content="${escape(report.metadata.agency)}">
${canonical}<title>${escape(title)}_${escape(options.site)}</title>
<link rel="stylesheet" href="/css/index.css">
<style type="text/css">
body { margin: 0; font: 14px/1.8 "Microsoft YaHei", SimSun; }
${css}
</style>
<script type="text/javascript" src="/js/jquery.min.js"></script>
<script type="text/javascript">
var menu = { items: {}, register: function (id, item) { this.items[id] = item; } };
${script}
if (document.getElementById('zoom') && 1 < 2) { console.log('<table><tr><td>一、本年新收政府信息公开申请数量</td></tr></table>'); }
</script>
</head>
<body>
<div class="top">
  <div class="logo"><a href="/"><img src="/images/logo.png" alt="${escape(options.site)}"></a></div>
  <form name="searchform" action="/search/index.jsp" method="get" class="search">
    <input type="text" name="q" value="" placeholder="请输入关键字">
    <select name="range"><option value="all">全站</option><option value="title">标题</option></select>
    <button type="submit">搜索</button>
  </form>
  <div class="links"><a href="/">无障碍</a> | <a href="/">长者模式</a> | <a href="/">English</a></div>
</div>
<div class="nav"><ul>
${nav}
</ul></div>
<div class="main">
  <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/col/col1458/">政务公开</a> &gt; <a href="/col/col1465/">政府信息公开年报</a></div>
  <div class="latest"><h3>最新发布</h3><ul><li><a href="/art/1.html">关于开展2023年度“双随机、一公开”抽查工作的通知</a><span>01-17</span></li><li><a href="/art/2.html">青山市国土空间总体规划公示</a><span>01-16</span></li></ul></div>
  <div class="article">
    <h1 class="article-title">${escape(title)}</h1>
    <div class="article-info">${info}来源：${escape(report.metadata.agency)}&nbsp;&nbsp;浏览次数：<span id="hits">1289</span>&nbsp;&nbsp;【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</div>
    <div class="article-content" id="zoom">
<!--ZJEG_RSS.content.begin--><meta name="ContentStart">
${body}<!--ZJEG_RSS.content.end--><meta name="ContentEnd">
    </div>
    <div class="share">分享到：<a href="#" class="wx">微信</a><a href="#" class="wb">微博</a><a href="#" class="qq">QQ空间</a></div>
    <div class="print"><a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></div>
  </div>
  <div class="related"><h3>相关文章</h3><table class="list" width="100%">
${related}
  </table></div>
</div>
<div class="footer">
  <table width="1000" align="center"><tr>
    <td><a href="/">网站地图</a> | <a href="/">联系我们</a> | <a href="/">隐私声明</a></td>
    <td>主办单位：${escape(options.site)}办公室&nbsp;&nbsp;承办单位：${escape(options.site)}大数据发展管理局</td>
  </tr><tr><td colspan="2">网站标识码：3301000001&nbsp;&nbsp;浙ICP备05000000号&nbsp;&nbsp;<img src="/images/gongan.png">浙公网安备 33010002000001号</td></tr></table>
</div>
<script type="text/javascript">var _hmt = _hmt || []; (function () { var hm = document.createElement('script'); hm.src = 'https://hm.example.com/hm.js?1234'; })();</script>
</body>
</html>
`;
}

/**
 * The style sheet of the HTML pages: screen, phone (tables scroll sideways, text wraps) and A4 print
 * (rows kept whole where they fit, the findings kept). Colours pass WCAG AA on white; a finding is
 * marked by a symbol and a border style as well as a colour.
 */
export const HTML_STYLE = `
:root{color-scheme:light;--text:#1b1b1b;--muted:#4a4a4a;--line:#8c8c8c;--head:#eef0f3;--link:#0b4f9c;
--error:#a50e1f;--error-bg:#fdecee;--warning:#6b4500;--warning-bg:#fff3d1;--info:#0b4f9c;--info-bg:#e8f1fb}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:60rem;padding:1rem;font:16px/1.7 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--text);background:#fff;overflow-wrap:anywhere}
a{color:var(--link)}
a:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--link);outline-offset:2px}
h1{font-size:1.5rem;text-align:center;line-height:1.4;margin:1rem 0}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
h3,h4,h5,h6{font-size:1.05rem;margin:1rem 0 .5rem}
p{margin:.5rem 0;text-indent:2em;white-space:pre-wrap}
.meta{color:var(--muted);text-align:center;text-indent:0;font-size:.9rem}
.meta span+span::before{content:" | "}
.caption,.block-caption{font-weight:bold;text-indent:0;margin-top:1rem}
.note{font-size:.9rem;color:var(--muted);text-indent:0}
.attachment-marker{text-indent:0;font-weight:bold}
.attachment-title{text-align:center}
.period,.filled-by{text-indent:0}
.period{text-align:center}
.signature{text-align:right;text-indent:0}
.enclosures{text-indent:0}
hr{border:0;border-top:1px solid var(--line);margin:1.5rem 0}
.table-wrap{position:relative;overflow-x:auto;margin:.5rem 0 1rem;max-width:100%}
table{border-collapse:collapse;font-size:.9rem;line-height:1.4}
caption{font-weight:bold;text-align:left;padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.2rem .4rem;vertical-align:middle}
thead th{background:var(--head);font-weight:bold;text-align:center;min-width:3em}
tbody th{font-weight:normal;text-align:left;min-width:5em}
th.subtotal{font-style:italic}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.unit{text-align:center;white-space:nowrap}
td.derived .value{font-style:italic}
.derived-mark{color:var(--muted)}
.f-error{background:var(--error-bg);outline:2px solid var(--error);outline-offset:-2px}
.f-warning{background:var(--warning-bg);outline:2px dashed var(--warning);outline-offset:-2px}
.f-info{background:var(--info-bg);outline:2px dotted var(--info);outline-offset:-2px}
.fm{display:inline-block;margin-left:.2em;font-size:.8em;font-weight:bold;text-decoration:none;white-space:nowrap}
.fm.error,.sev.error{color:var(--error)}
.fm.warning,.sev.warning{color:var(--warning)}
.fm.info,.sev.info{color:var(--info)}
mark.figure{color:inherit;padding:0 .1em}
.quote{text-decoration:underline;text-decoration-style:wavy;text-decoration-color:var(--warning)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.findings{border:1px solid var(--line);padding:.5rem 1rem;margin:1rem 0}
.findings h2{margin-top:.25rem}
.findings ol{padding-left:1.5rem}
.findings li,.table-findings li{margin:.4rem 0}
.counts{text-indent:0}
.sev{font-weight:bold}
.explain{display:block;font-family:inherit}
.parts{font-size:.9rem;color:var(--muted);margin:.2rem 0;padding:0;list-style:none}
.findings .parts li{display:inline;margin:0}
.parts li+li::before{content:"； "}
.waived{color:var(--muted)}
.table-findings{font-size:.9rem;margin:0 0 1rem;padding-left:1.2rem}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.25rem}
th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer;color:inherit}
@media (max-width:40rem){body{padding:.5rem;font-size:15px}p{text-indent:0}}
@media print{
@page{size:A4;margin:18mm 15mm}
body{max-width:none;padding:0;font-size:11pt}
a{color:inherit;text-decoration:none}
.table-wrap{overflow:visible}
table{font-size:9pt}
thead{display:table-header-group}
tr,li{break-inside:avoid;page-break-inside:avoid}
h1,h2,h3,h4,caption,.block-caption{break-after:avoid;page-break-after:avoid}
.findings{break-inside:auto}
.skip{display:none}
.f-error,.f-warning,.f-info,mark.figure{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

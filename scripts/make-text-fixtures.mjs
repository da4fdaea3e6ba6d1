#!/usr/bin/env node
// Makes the text fixtures of tests/fixtures/text/ the way other tools make them from a published PDF:
// each example report is rendered to Markdown (renderMarkdown), turned into an HTML page (markdown-it,
// a printed page's style: A4, bordered tables, labels wrapping in their cells, page numbers `- 3 -`),
// printed to PDF with headless Chromium, and converted with poppler's pdftotext, with and without
// -layout. Needs a build (npx tsup), chromium and pdftotext (Debian: chromium, poppler-utils).
// Usage: node scripts/make-text-fixtures.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { parseReport, renderMarkdown } from '../dist/index.js';

const root = new URL('..', import.meta.url);
const out = new URL('tests/fixtures/text/', root);
const work = mkdtempSync(join(tmpdir(), 'xxgk-text-fixtures-'));
const chromium = process.env.CHROMIUM ?? 'chromium';

const STYLE = `
@page { size: A4; margin: 20mm 18mm; @bottom-center { content: "- " counter(page) " -"; font-size: 10pt; } }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 11pt; line-height: 1.5; }
h1 { font-size: 16pt; text-align: center; } h2, h3, h4 { font-size: 12pt; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 1em 0; }
th, td { border: 1px solid #000; padding: 4px 3px; vertical-align: middle; }
td:first-child { width: 34%; }
`;

/**
 * A printed table's header from the Markdown one: a column label path `法人或其他组织·商业企业` becomes
 * header rows with merged cells (法人或其他组织 over its five columns), as a word processor prints it.
 */
function headerRows(head) {
  const paths = [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => m[1].split('·'));
  const depth = Math.max(...paths.map((p) => p.length));
  const rows = [];
  for (let level = 0; level < depth; level++) {
    const cells = [];
    for (let x = 0; x < paths.length; x++) {
      const path = paths[x];
      if (level >= path.length) continue;
      const leaf = level === path.length - 1;
      if (leaf) {
        cells.push(`<th rowspan="${depth - level}">${path[level]}</th>`);
        continue;
      }
      const prefix = path.slice(0, level + 1).join('·');
      if (x > 0 && paths[x - 1].length > level + 1 && paths[x - 1].slice(0, level + 1).join('·') === prefix) continue;
      let span = 1;
      while (x + span < paths.length && paths[x + span].length > level + 1 && paths[x + span].slice(0, level + 1).join('·') === prefix) span++;
      cells.push(`<th colspan="${span}">${path[level]}</th>`);
    }
    rows.push(`<tr>${cells.join('')}</tr>`);
  }
  return `<thead>${rows.join('')}</thead>`;
}

for (const name of ['jiangbei-2017', 'qingshan-2020', 'qingshan-2022']) {
  const parsed = parseReport(JSON.parse(readFileSync(new URL(`examples/${name}.json`, root), 'utf8')));
  const report = parsed.report ?? parsed.data ?? parsed;
  const markdown = renderMarkdown(report);
  const body = new MarkdownIt({ html: true }).render(markdown).replace(/<thead>([\s\S]*?)<\/thead>/g, (_m, head) => headerRows(head));
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>${STYLE}</style></head><body>${body}</body></html>`;
  const page = join(work, `${name}.html`);
  const pdf = join(work, `${name}.pdf`);
  writeFileSync(page, html);
  execFileSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, page], { stdio: 'ignore' });
  execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, new URL(`${name}.pdftotext-layout.txt`, out).pathname]);
  execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, new URL(`${name}.pdftotext.txt`, out).pathname]);
  console.log(`${name}: ${pdf}`);
}

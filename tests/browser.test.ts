import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { unzlibSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlIndex, setCell, type Report } from '../src/index.js';
import { loadExample } from './helpers/examples.js';
import { wordPage } from './helpers/word-page.js';

/**
 * The library in a real browser, as platforms use it in their web front ends: the ESM package,
 * bundled by esbuild from the sources for a page with no Node built-ins, runs importHtml →
 * validate → renderHtml in Chromium on a published-looking page with a broken total; the DOM shows
 * the finding's cells marked and linked; a screenshot and the print preview (PDF) are not blank;
 * axe-core finds no serious accessibility violation. Needs Debian's chromium at /usr/bin/chromium
 * (CI installs it); never downloads a browser.
 */
// The page's globals as far as these tests use them inside page.evaluate (the project compiles without the DOM library).
interface PageElement {
  readonly className: string;
  readonly tagName: string;
  readonly classList: { contains(name: string): boolean };
  readonly scrollWidth: number;
  readonly clientWidth: number;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  getBoundingClientRect(): { readonly width: number };
}
declare const window: { readonly innerWidth: number };
declare const document: {
  open(): void;
  write(html: string): void;
  close(): void;
  getElementById(id: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  readonly activeElement: PageElement | null;
  readonly documentElement: PageElement;
};
declare const location: { readonly hash: string };
declare const CSS: { escape(text: string): string };

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const ORIGIN = 'http://xxgk.test';
const require = createRequire(import.meta.url);

let browser: Browser | undefined;
let dir: string | undefined;
let bundle = '';

/** The 2021 example as a government site would publish it, with （七）总计（自然人） one more than its parts. */
function brokenPage(): { html: string; report: Report } {
  const report = setCell(loadExample('qingshan-2022.json'), 'applications.results.total/naturalPerson', 231);
  return { html: wordPage(report, { site: '青山市人民政府', dateIn: 'info', seed: 5 }), report };
}

/** The share of pixels of a PNG that are not (near) white: decodes the 8-bit RGB(A) image with its row filters. */
function inkRatio(png: Buffer): number {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 4;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      expect(channels).toBeGreaterThan(0);
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = unzlibSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      pixels[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  let ink = 0;
  for (let i = 0; i < pixels.length; i += channels) if (pixels[i]! < 200 || pixels[i + 1]! < 200 || pixels[i + 2]! < 200) ink += 1;
  return ink / (width * height);
}

async function openPage(): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width: 1100, height: 900 } });
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/xxgk.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: bundle });
    if (path === '/') {
      return route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>xxgk</title></head><body><script type="module">import * as xxgk from '/xxgk.js'; window.xxgk = xxgk; window.ready = true;</script></body></html>`,
      });
    }
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  return page;
}

async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: number }[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: object) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return found;
}

describe.skipIf(!hasChromium)(`in Chromium at ${CHROMIUM} (skipped when it is absent: apt-get install chromium)`, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xxgk-browser-'));
    // The package as a browser gets it: one ES module, no Node built-ins, no bare specifiers.
    await build({
      entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outfile: join(dir, 'xxgk.js'),
      logLevel: 'silent',
    });
    bundle = readFileSync(join(dir, 'xxgk.js'), 'utf8');
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the bundle has no Node built-ins and no bare imports', () => {
    expect(bundle).not.toMatch(/\bfrom\s*["'](node:|fs|path|os|module)["']/);
    expect(bundle).not.toMatch(/\brequire\(\s*["']/);
    expect(bundle).not.toMatch(/^\s*import\s[^;]*from\s*["'][^./]/m);
  });

  it('imports a published page, validates it and renders the review page there; the broken total is marked and linked in the DOM', async () => {
    const page = await openPage();
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    const { html } = brokenPage();
    const outcome = await page.evaluate((input) => {
      type Lib = typeof import('../src/index.js');
      const lib = (window as unknown as { xxgk: Lib }).xxgk;
      const imported = lib.importHtml(input);
      if (!imported.report) return { error: imported.issues.map((i) => i.message).join('; ') };
      const validation = lib.validate(imported.report);
      const rendered = lib.renderHtml(imported.report, { validation });
      document.open();
      document.write(rendered);
      document.close();
      return {
        importIssues: imported.issues.length,
        issues: validation.issues.map((i) => ({ rule: i.rule, severity: i.severity, refs: i.cells.map((c) => c.ref) })),
      };
    }, html);
    if ('error' in outcome) throw new Error(`importHtml read no report: ${outcome.error}`);
    expect(outcome.importIssues).toBe(0);
    const a3 = outcome.issues.findIndex((i) => i.rule === 'A3');
    expect(a3).toBeGreaterThanOrEqual(0);
    expect(outcome.issues[a3]!.refs).toContain('applications.results.total/naturalPerson');

    const dom = await page.evaluate((issues) => {
      return issues.map((issue, i) => {
        const id = `f${i + 1}`;
        const item = document.getElementById(id);
        return {
          item: item?.tagName ?? null,
          cells: issue.refs.map((ref) => {
            const cell = document.getElementById(`c-${ref}`);
            return {
              ref,
              marked: cell?.className.includes(`f-${issue.severity}`) ?? false,
              linked: cell?.querySelector(`a[href="#${id}"]`) !== null && cell !== null,
              back: item?.querySelector(`a[href="#c-${CSS.escape(ref)}"]`) !== null && item !== null,
              visible: cell !== null && cell.getBoundingClientRect().width > 0,
            };
          }),
        };
      });
    }, outcome.issues);
    for (const finding of dom) {
      expect(finding.item).toBe('LI');
      for (const cell of finding.cells) expect(cell, cell.ref).toEqual({ ref: cell.ref, marked: true, linked: true, back: true, visible: true });
    }
    // The explanation of the broken total is on the page.
    expect(await page.textContent('body')).toContain('（七）总计（自然人） 231 ≠ 各办理结果之和 81 + 14 +');

    // Keyboard: Tab reaches a finding's mark, Enter follows it to the finding.
    let reached = '';
    for (let i = 0; i < 400 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const a = document.activeElement;
        return a?.classList.contains('fm') ? (a.getAttribute('href') ?? '') : '';
      });
    }
    expect(reached).toMatch(/^#f\d+$/);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe(reached);

    // Not blank: a screenshot of the page, and of its print preview.
    const screen = await page.screenshot({ fullPage: true });
    expect(inkRatio(screen)).toBeGreaterThan(0.02);
    await page.emulateMedia({ media: 'print' });
    const preview = await page.screenshot({ fullPage: true });
    expect(inkRatio(preview)).toBeGreaterThan(0.02);
    await page.emulateMedia({ media: 'screen' });

    // The A4 PDF: several pages, the title and the findings on the first, the tables' figures kept. (Text
    // taken from a PDF may give some ideographs as their Kangxi radical look-alikes: compare the others.)
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
    expect(doc.numPages).toBeGreaterThan(2);
    const pageText = async (n: number) =>
      ((await (await doc.getPage(n)).getTextContent()).items as { str?: string }[]).map((i) => i.str ?? '').join('').replace(/\s+/g, '');
    const first = await pageText(1);
    expect(first).toContain('然资源和规划局2022年政府信息公开');
    expect(first).toContain('校验结果');
    let all = '';
    for (let n = 1; n <= doc.numPages; n++) all += await pageText(n);
    expect(all).toContain('3156.284716');
    await doc.destroy();

    // Accessibility: no serious or critical violation.
    const violations = await axeViolations(page);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.close();
  }, 120_000);

  it('a phone-wide page scrolls the tables sideways, not the page', async () => {
    const page = await openPage();
    await page.setViewportSize({ width: 375, height: 800 });
    const { report } = brokenPage();
    const widths = await page.evaluate((r) => {
      type Lib = typeof import('../src/index.js');
      const lib = (window as unknown as { xxgk: Lib }).xxgk;
      document.open();
      document.write(lib.renderHtml(r, { validation: lib.validate(r) }));
      document.close();
      const wraps = [...document.querySelectorAll('.table-wrap')];
      return {
        page: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        scrolling: wraps.filter((w) => w.scrollWidth > w.clientWidth).length,
      };
    }, report);
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.scrolling).toBeGreaterThan(0);
    await page.close();
  }, 60_000);

  it('the batch index page passes the accessibility check and sorts by a column', async () => {
    const page = await openPage();
    await page.setContent(
      renderHtmlIndex([
        { file: 'a.html', href: 'a.html.html', title: '甲', format: 'gov-2021', counts: { error: 0, warning: 2, info: 0 } },
        { file: 'b.html', href: 'b.html.html', title: '乙', format: 'gov-2019', counts: { error: 3, warning: 0, info: 1 } },
        { file: 'c.html', href: 'c.html.html', title: '丙', format: 'gov-2014', counts: { error: 1, warning: 5, info: 0 } },
      ]),
    );
    const files = () => page.$$eval('tbody th', (cells) => cells.map((c) => c.textContent));
    expect(await files()).toEqual(['b.html', 'c.html', 'a.html']);
    await page.getByRole('button', { name: '警告' }).focus();
    await page.keyboard.press('Enter');
    expect(await files()).toEqual(['b.html', 'a.html', 'c.html']);
    await page.keyboard.press('Enter');
    expect(await files()).toEqual(['c.html', 'a.html', 'b.html']);
    const violations = await axeViolations(page);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    // The check itself sees a faint text.
    await page.setContent('<!DOCTYPE html><html><head><title>t</title></head><body><main><p style="color:#bbb">faint</p></main></body></html>');
    expect((await axeViolations(page)).map((v) => v.id)).toContain('color-contrast');
    await page.close();
  }, 60_000);
});

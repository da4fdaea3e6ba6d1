// The PDF engine: pdfjs-dist (Mozilla's reader), loaded on first use so that nothing else in the
// library pays for it. It turns a PDF's bytes into pages of positioned text runs and straight rules;
// its character maps (for CJK fonts) and standard fonts are read from the installed package, never
// from the network.
import { pushAll } from '../core/arrays.js';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { linesOf, type PageContent, type Rule, type TextRun } from './geometry.js';

/** Limits of one document's reading. */
export interface PdfLimits {
  /** Most pages read; later pages are left out with a warning. */
  readonly maxPages: number;
  /** Most milliseconds spent reading the document; checked between the engine's steps. */
  readonly timeLimitMs: number;
}

/** Why a PDF could not be read. */
export type PdfFailure =
  | { readonly kind: 'encrypted' }
  | { readonly kind: 'damaged'; readonly detail: string }
  | { readonly kind: 'timeout'; readonly pagesRead: number };

/** What the engine read: the pages (up to the cap), the page count, the document's own title. */
export interface PdfContent {
  readonly pages: PageContent[];
  readonly pageCount: number;
  readonly title: string | undefined;
}

// The engine's module, as far as this reader uses it.
interface PdfJs {
  readonly getDocument: (source: Record<string, unknown>) => LoadingTask;
  readonly OPS: Record<string, number>;
}
interface LoadingTask {
  readonly promise: Promise<PdfDocument>;
  destroy(): Promise<void>;
}
interface PdfDocument {
  readonly numPages: number;
  getPage(n: number): Promise<PdfPage>;
  getMetadata(): Promise<{ info?: Record<string, unknown> }>;
  destroy(): Promise<void>;
}
interface PdfPage {
  getViewport(o: { scale: number }): { width: number; height: number; transform: number[] };
  getTextContent(o?: { disableNormalization?: boolean }): Promise<{ items: ({ str?: string; transform?: number[]; width?: number; fontName?: string } | object)[] }>;
  getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[][] }>;
  cleanup(): boolean;
}

let engine: Promise<{ pdfjs: PdfJs; root: string }> | undefined;

/** Loads pdfjs-dist once (a dynamic import, so that the CommonJS build loads it too). */
function loadEngine(): Promise<{ pdfjs: PdfJs; root: string }> {
  engine ??= (async () => {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('pdfjs-dist/package.json'));
    const pdfjs = (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs;
    return { pdfjs, root };
  })();
  return engine;
}

class Timeout extends Error {}

/** Supplementary radicals that stand for a whole ideograph (those in the Kangxi block have an NFKC form). */
const RADICALS: Record<string, string> = {
  '\u2e9f': '母', '\u2ea0': '民', '\u2ec4': '西', '\u2ec5': '见', '\u2ec6': '角', '\u2ec9': '贝', '\u2ecb': '车',
  '\u2ed3': '长', '\u2ed4': '门', '\u2ed8': '青', '\u2eda': '页', '\u2edb': '风', '\u2edc': '飞', '\u2ee0': '饣',
  '\u2ee2': '马', '\u2ee3': '骨', '\u2ee4': '鬼', '\u2ee5': '鱼', '\u2ee6': '鸟', '\u2ee7': '卤', '\u2ee8': '麦',
  '\u2ee9': '黄', '\u2eec': '齐', '\u2eee': '齿', '\u2ef0': '龙', '\u2ef3': '龟',
};

/**
 * Radicals as the ideographs they stand for: some producers (a browser printing to PDF) map 二 to the
 * Kangxi radical ⼆, 青 to the radical ⻘, in the text layer.
 */
function unradical(text: string): string {
  return /[\u2e80-\u2fdf]/u.test(text) ? text.replace(/[\u2e80-\u2fdf]/gu, (ch) => RADICALS[ch] ?? ch.normalize('NFKC')) : text;
}

/** Reads the pages of a PDF: text runs and rules, in points from each page's top left corner. */
export async function readPdfContent(bytes: Uint8Array, limits: PdfLimits): Promise<PdfContent | PdfFailure> {
  const { pdfjs, root } = await loadEngine();
  const deadline = Date.now() + limits.timeLimitMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), limits.timeLimitMs);
  });
  timeout.catch(() => {});
  const bounded = <T>(p: Promise<T>): Promise<T> => Promise.race([p, timeout]);
  // The engine takes ownership of (and detaches) the buffer it is given: it gets a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: join(root, 'cmaps') + sep,
    cMapPacked: true,
    standardFontDataUrl: join(root, 'standard_fonts') + sep,
    wasmUrl: join(root, 'wasm') + sep,
    iccUrl: join(root, 'iccs') + sep,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  const pages: PageContent[] = [];
  let pageCount = 0;
  try {
    const doc = await bounded(task.promise);
    pageCount = doc.numPages;
    let title: string | undefined;
    try {
      const info = (await bounded(doc.getMetadata())).info;
      if (typeof info?.Title === 'string' && info.Title.trim()) title = info.Title.trim();
    } catch (error) {
      if (error instanceof Timeout) throw error;
    }
    const count = Math.min(pageCount, limits.maxPages);
    for (let n = 1; n <= count; n++) {
      if (Date.now() > deadline) throw new Timeout();
      const page = await bounded(doc.getPage(n));
      pages.push(await bounded(readPage(pdfjs, page, n, (pages[pages.length - 1]?.rules.length ?? 0) > 0)));
      page.cleanup();
    }
    return { pages, pageCount, title };
  } catch (error) {
    if (error instanceof Timeout) return { kind: 'timeout', pagesRead: pages.length };
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') return { kind: 'encrypted' };
    // The engine's own exceptions say what is wrong with the file; anything else is not shown.
    const known = ['InvalidPDFException', 'FormatError', 'MissingPDFException', 'UnknownErrorException', 'ResponseException', 'AbortException'];
    const detail = known.includes(name) && error instanceof Error ? error.message.slice(0, 200) : 'its structure cannot be parsed';
    return { kind: 'damaged', detail };
  } finally {
    clearTimeout(timer);
    task.destroy().catch(() => {});
  }
}

type Matrix = readonly [number, number, number, number, number, number];

const multiply = (m: Matrix, n: readonly number[]): Matrix => [
  m[0] * n[0]! + m[2] * n[1]!,
  m[1] * n[0]! + m[3] * n[1]!,
  m[0] * n[2]! + m[2] * n[3]!,
  m[1] * n[2]! + m[3] * n[3]!,
  m[0] * n[4]! + m[2] * n[5]! + m[4],
  m[1] * n[4]! + m[3] * n[5]! + m[5],
];

const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

const isMatrix = (v: unknown): v is number[] => Array.isArray(v) && v.length === 6 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

async function readPage(pdfjs: PdfJs, page: PdfPage, number: number, tableBefore: boolean): Promise<PageContent> {
  const viewport = page.getViewport({ scale: 1 });
  const view = viewport.transform as unknown as Matrix;
  const content = await page.getTextContent({ disableNormalization: true });
  const runs: TextRun[] = [];
  for (const item of content.items) {
    if (!('str' in item) || typeof item.str !== 'string' || !item.str.trim() || !isMatrix(item.transform)) continue;
    const t = item.transform;
    // The run's direction on the page: only runs written left to right (possibly scaled) are read.
    const m = multiply(view, t);
    const size = Math.hypot(m[2], m[3]);
    if (!(size > 0) || Math.abs(m[1]) > Math.abs(m[0]) * 0.2) continue;
    const scale = Math.hypot(view[0], view[1]);
    const x0 = m[4];
    const width = typeof item.width === 'number' && Number.isFinite(item.width) ? item.width * scale : 0;
    runs.push({ text: unradical(item.str), x0, x1: x0 + width, y: m[5], size, font: String(item.fontName ?? '') });
  }
  // The drawing (for table rules) is read only where the text looks like a table: building it costs
  // about as much as the text itself.
  const rules = looksTabular(runs, tableBefore ? 1 : 2) ? rulesOf(pdfjs.OPS, await page.getOperatorList(), view) : [];
  return { number, width: viewport.width, height: viewport.height, runs, rules };
}

/**
 * Printed lines with a wide gap (two ems) between neighbouring runs, at least `least` of them: table
 * rows, not prose (a table continued from the page before may end in one row).
 */
export function looksTabular(runs: readonly TextRun[], least: number): boolean {
  let rows = 0;
  for (const line of linesOf(runs)) {
    for (let i = 1; i < line.length; i++) {
      if (line[i]!.x0 - line[i - 1]!.x1 > 2 * Math.min(line[i]!.size, line[i - 1]!.size)) {
        if (++rows >= least) return true;
        break;
      }
    }
  }
  return false;
}

/** Rules drawn on a page: stroked straight segments, and filled rectangles thin enough to be lines. */
function rulesOf(OPS: Record<string, number>, ops: { fnArray: number[]; argsArray: unknown[][] }, view: Matrix): Rule[] {
  const strokes = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const fills = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const rules: Rule[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = view;
  let lineWidth = 1;
  const widths: number[] = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] ?? [];
    if (fn === OPS.save) {
      stack.push(ctm);
      widths.push(lineWidth);
    } else if (fn === OPS.restore) {
      ctm = stack.pop() ?? ctm;
      lineWidth = widths.pop() ?? lineWidth;
    } else if (fn === OPS.transform && isMatrix(args)) ctm = multiply(ctm, args);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      widths.push(lineWidth);
      if (isMatrix(args[0])) ctm = multiply(ctm, args[0]);
    } else if (fn === OPS.paintFormXObjectEnd) {
      ctm = stack.pop() ?? ctm;
      lineWidth = widths.pop() ?? lineWidth;
    } else if (fn === OPS.setLineWidth && typeof args[0] === 'number') lineWidth = args[0];
    else if (fn === OPS.constructPath) {
      const op = args[0] as number;
      const data = (args[1] as unknown[] | undefined)?.[0];
      if (!data || typeof (data as ArrayLike<number>).length !== 'number') continue;
      const path = data as ArrayLike<number>;
      const scale = Math.hypot(ctm[0], ctm[1]) || 1;
      if (strokes.has(op) && lineWidth * scale <= 4) pushAll(rules, segmentsOf(path, ctm));
      else if (fills.has(op)) pushAll(rules, thinBoxesOf(path, ctm));
    }
  }
  return rules;
}

const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const QUAD = 3;
const CLOSE = 4;

/** Calls `each` for the subpaths of a path: its points after the transform, and whether it closes. */
function subpaths(path: ArrayLike<number>, ctm: Matrix, each: (points: [number, number][], closed: boolean) => void): void {
  let points: [number, number][] = [];
  let curved = false;
  const flush = (closed: boolean) => {
    if (points.length > 1 && !curved) each(points, closed);
    points = [];
    curved = false;
  };
  for (let k = 0; k < path.length; ) {
    const code = path[k]!;
    if (code === MOVE) {
      flush(false);
      points.push(apply(ctm, path[k + 1]!, path[k + 2]!));
      k += 3;
    } else if (code === LINE) {
      points.push(apply(ctm, path[k + 1]!, path[k + 2]!));
      k += 3;
    } else if (code === CURVE) {
      curved = true;
      points.push(apply(ctm, path[k + 5]!, path[k + 6]!));
      k += 7;
    } else if (code === QUAD) {
      curved = true;
      points.push(apply(ctm, path[k + 3]!, path[k + 4]!));
      k += 5;
    } else if (code === CLOSE) {
      const first = points[0];
      flush(true);
      if (first) points.push(first);
      k += 1;
    } else break;
  }
  flush(false);
}

const TILT = 0.75;

function segmentsOf(path: ArrayLike<number>, ctm: Matrix): Rule[] {
  const rules: Rule[] = [];
  subpaths(path, ctm, (points, closed) => {
    const all = closed ? [...points, points[0]!] : points;
    for (let k = 1; k < all.length; k++) {
      const [x1, y1] = all[k - 1]!;
      const [x2, y2] = all[k]!;
      if (Math.abs(y1 - y2) <= TILT && Math.abs(x1 - x2) > 2) rules.push({ horizontal: true, at: (y1 + y2) / 2, a: Math.min(x1, x2), b: Math.max(x1, x2) });
      else if (Math.abs(x1 - x2) <= TILT && Math.abs(y1 - y2) > 2) rules.push({ horizontal: false, at: (x1 + x2) / 2, a: Math.min(y1, y2), b: Math.max(y1, y2) });
    }
  });
  return rules;
}

/** Filled boxes at most 3 points thick (a border drawn as a filled rectangle) as rules. */
function thinBoxesOf(path: ArrayLike<number>, ctm: Matrix): Rule[] {
  const rules: Rule[] = [];
  subpaths(path, ctm, (points) => {
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const x0 = Math.min(...xs);
    const x1 = Math.max(...xs);
    const y0 = Math.min(...ys);
    const y1 = Math.max(...ys);
    const w = x1 - x0;
    const h = y1 - y0;
    if (h <= 3 && w > 2 && w > h) rules.push({ horizontal: true, at: (y0 + y1) / 2, a: x0, b: x1 });
    else if (w <= 3 && h > 2 && h > w) rules.push({ horizontal: false, at: (x0 + x1) / 2, a: y0, b: y1 });
  });
  return rules;
}

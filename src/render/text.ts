import type { Report } from '../model/report.js';
import { buildDocument, type Block } from './document.js';
import { UNIT_HEADER } from '../formats/conventions.js';
import type { CellLayout, RowLayout, TableLayout, TablePartLayout } from './layout.js';
import { resolveOptions, type RenderOptions, type ResolvedOptions } from './options.js';
import { clean, measurer, pad, trimEnd, wrapLine } from './wrap.js';

/** First-line indent of a narrative paragraph (two ideographic spaces, as Chinese documents print). */
export const PARAGRAPH_INDENT = '\u3000\u3000';
/** Indentation of a nested row label in a plain-text table, per level. */
export const TEXT_INDENT = '  ';

/** A physical column of a plain-text grid. */
interface GridColumn {
  width: number;
  /** Header label per level (`undefined`: the cell above continues down). */
  readonly labels: readonly (string | undefined)[];
  /** Node ids per level, to merge equal parents into one spanning cell. */
  readonly keys: readonly (string | undefined)[];
  readonly align: 'left' | 'right' | 'center';
  readonly body: readonly string[];
}

/** Resolved options plus a display-width function that caches for one rendering. */
interface TextContext extends ResolvedOptions {
  readonly widthOf: (text: string) => number;
}

const cellText = (cell: CellLayout) => (cell.state === 'empty' ? '' : clean(cell.text) + (cell.derived ? '*' : ''));
const labelText = (row: RowLayout) => TEXT_INDENT.repeat(row.depth) + clean(row.label);

/** Lays a (sub)table out as an aligned grid; `undefined` when it is wider than `width`. */
function grid(part: TablePartLayout, options: TextContext): string[] | undefined {
  const levels = Math.max(1, ...part.columns.map((c) => c.path.length + (c.subtotal ? 1 : 0)));
  const columns: GridColumn[] = [];
  const fixed = (header: string, body: string[], align: GridColumn['align']): GridColumn => ({
    width: Math.max(options.widthOf(header), ...body.map((t) => options.widthOf(t))),
    labels: [header],
    keys: ['#fixed'],
    align,
    body,
  });
  if (part.stubHeader !== undefined) columns.push(fixed(clean(part.stubHeader), part.rows.map(labelText), 'left'));
  if (part.unitColumn) columns.push(fixed(UNIT_HEADER, part.rows.map((r) => r.unit ?? ''), 'center'));
  part.columns.forEach((column, j) => {
    const labels = column.path.map((l) => clean(l));
    const keys = [...column.keys];
    if (column.subtotal) {
      labels.push(options.strings.subtotal);
      keys.push('#subtotal');
    }
    const body = part.rows.map((r) => cellText(r.cells[j]!));
    columns.push({ width: Math.max(options.widthOf(labels[labels.length - 1]!), ...body.map((t) => options.widthOf(t))), labels, keys, align: 'right', body });
  });
  const fixedCount = (part.stubHeader !== undefined ? 1 : 0) + (part.unitColumn ? 1 : 0);

  // The spanning cells of a header level: [first, last, label] over consecutive columns.
  const spans = (level: number): { from: number; to: number; label: string }[] => {
    const out: { from: number; to: number; label: string }[] = [];
    columns.forEach((column, p) => {
      const label = p < fixedCount ? (level === 0 ? column.labels[0]! : '') : column.labels[level];
      const key = p < fixedCount ? `#fixed${p}` : column.keys.slice(0, level + 1).join('/');
      const last = out[out.length - 1];
      const previous = columns[p - 1];
      const joins =
        last !== undefined &&
        p > fixedCount &&
        label !== undefined &&
        previous !== undefined &&
        previous.labels[level] !== undefined &&
        previous.keys.slice(0, level + 1).join('/') === key;
      if (joins) last.to = p;
      else out.push({ from: p, to: p, label: label ?? '' });
    });
    return out;
  };
  const spanWidth = (from: number, to: number) => {
    let w = 0;
    for (let p = from; p <= to; p++) w += columns[p]!.width;
    return w + 3 * (to - from);
  };
  for (let level = levels - 1; level >= 0; level--) {
    for (const span of spans(level)) {
      const need = options.widthOf(span.label) - spanWidth(span.from, span.to);
      if (need > 0) columns[span.to]!.width += need;
    }
  }
  const total = 1 + columns.reduce((sum, c) => sum + c.width + 3, 0);
  if (total > options.width) return undefined;

  const edges = (level: number) => new Set(spans(level).map((s) => s.to));
  const all = new Set(columns.map((_, p) => p));
  const rule = (dash: (p: number) => boolean, above: Set<number>, below: Set<number>) => {
    let line = dash(0) ? '+' : '|';
    columns.forEach((column, p) => {
      line += (dash(p) ? '-' : ' ').repeat(column.width + 2);
      const next = p + 1 < columns.length;
      const dashed = dash(p) || (next && dash(p + 1));
      const vertical = !next || above.has(p) || below.has(p);
      line += dashed ? (vertical ? '+' : '-') : vertical ? '|' : ' ';
    });
    return line;
  };
  const lines: string[] = [rule(() => true, new Set(), edges(0))];
  for (let level = 0; level < levels; level++) {
    lines.push(`|${spans(level).map((s) => ` ${pad(s.label, spanWidth(s.from, s.to), s.from < fixedCount ? 'left' : 'center', options.widthOf)} |`).join('')}`);
    if (level + 1 < levels) {
      lines.push(rule((p) => p >= fixedCount && columns[p]!.labels[level + 1] !== undefined, edges(level), edges(level + 1)));
    }
  }
  lines.push(rule(() => true, edges(levels - 1), all));
  part.rows.forEach((_, r) => {
    lines.push(`|${columns.map((c) => ` ${pad(c.body[r]!, c.width, c.align, options.widthOf)} |`).join('')}`);
  });
  lines.push(rule(() => true, all, new Set()));
  return lines;
}

/** Lays a (sub)table out as one block per row (`label：value` lines), for tables wider than the page. */
function rowBlocks(part: TablePartLayout, options: TextContext): string[] {
  const { width, strings } = options;
  const lines: string[] = [];
  const single = part.columns.length === 1;
  for (const row of part.rows) {
    const indent = TEXT_INDENT.repeat(row.depth);
    const label = clean(row.label);
    const filled = row.cells.map((cell, j) => ({ cell, column: part.columns[j]! })).filter(({ cell }) => cell.state !== 'empty');
    if (single && label !== '') {
      const only = filled[0];
      const unit = only && only.cell.state === 'value' && part.unitColumn && row.unit ? ` ${row.unit}` : '';
      const text = only ? `${label}${strings.colon}${cellText(only.cell)}${unit}` : label;
      lines.push(...wrapLine(text, width, indent, indent + TEXT_INDENT, options.widthOf));
      continue;
    }
    if (label !== '') lines.push(...wrapLine(label, width, indent, indent + TEXT_INDENT, options.widthOf));
    const inner = label !== '' ? indent + TEXT_INDENT : indent;
    for (const { cell, column } of filled) {
      lines.push(...wrapLine(`${clean(column.header)}${strings.colon}${cellText(cell)}`, width, inner, inner + TEXT_INDENT, options.widthOf));
    }
  }
  return lines;
}

function table(layout: TableLayout, options: TextContext): string[] {
  const chunks: string[] = [];
  for (const part of layout.parts) {
    const lines: string[] = [];
    if (part.caption) lines.push(...wrapLine(clean(part.caption), options.width, '', '', options.widthOf));
    lines.push(...(grid(part, options) ?? rowBlocks(part, options)));
    chunks.push(lines.join('\n'));
  }
  return chunks;
}

const centred = (text: string, options: TextContext): string[] => {
  const { width } = options;
  const w = options.widthOf(text);
  return w <= width ? [' '.repeat(Math.floor((width - w) / 2)) + text] : wrapLine(text, width, '', '', options.widthOf);
};

const rightAligned = (text: string, options: TextContext): string[] => {
  const { width } = options;
  const w = options.widthOf(text);
  return w <= width ? [' '.repeat(width - w) + text] : wrapLine(text, width, '', '', options.widthOf);
};

function block(b: Block, options: TextContext): string[] {
  const { width, strings } = options;
  switch (b.kind) {
    case 'title':
      return [centred(clean(b.text), options).join('\n')];
    case 'metadata': {
      // Fields stay whole on a line where they fit; lines break between fields first.
      const packed: string[] = [];
      for (const field of b.fields.map((f) => `${f.label}${strings.colon}${clean(f.value)}`)) {
        const last = packed[packed.length - 1];
        if (last !== undefined && options.widthOf(`${last} | ${field}`) <= width) packed[packed.length - 1] = `${last} | ${field}`;
        else packed.push(field);
      }
      return [packed.flatMap((line) => wrapLine(line, width, '', '', options.widthOf)).join('\n')];
    }
    case 'paragraph': {
      const text = clean(b.segments.map((s) => ('ref' in s ? s.value : s.text)).join(''), true);
      const lines = text.split('\n').flatMap((line, i) => wrapLine(line, width, i === 0 ? PARAGRAPH_INDENT : '', '', options.widthOf));
      return [lines.join('\n')];
    }
    case 'heading':
      return [wrapLine(`${b.number}${clean(b.title)}`, width, '', '', options.widthOf).join('\n')];
    case 'caption':
      return [wrapLine(clean(b.text), width, '', '', options.widthOf).join('\n')];
    case 'table':
      return table(b.layout, options);
    case 'note':
      return [wrapLine(b.text, width, '', '', options.widthOf).join('\n')];
    case 'break':
      return [];
    case 'enclosures': {
      const head = '附件：';
      const hang = '\u3000'.repeat(Math.ceil(options.widthOf(head) / 2));
      const lines = b.items.flatMap((item, i) => {
        const text = b.items.length === 1 ? clean(item) : `${i + 1}.${clean(item)}`;
        return wrapLine(text, width, i === 0 ? head : hang, hang, options.widthOf);
      });
      return [lines.join('\n')];
    }
    case 'signature': {
      const lines = rightAligned(clean(b.organ), options);
      if (b.date !== undefined) lines.push(...rightAligned(clean(b.date), options));
      return [lines.join('\n')];
    }
    case 'attachment': {
      const out = [b.marker, '', ...centred(clean(b.title), options)];
      if (b.period !== undefined) out.push(...centred(`（${clean(b.period)}）`, options));
      if (b.filledBy !== undefined) out.push('', ...wrapLine(`填报单位（盖章）：${clean(b.filledBy)}`, width, '', '', options.widthOf));
      return [out.join('\n')];
    }
    case 'validation': {
      const items =
        b.items.length === 0
          ? [b.empty]
          : b.items.flatMap((item) => {
              const tag = `[${item.tag}] `;
              return wrapLine(`${tag}${clean(item.message)}`, width, '', ' '.repeat(options.widthOf(tag)), options.widthOf);
            });
      return [`${b.title}\n\n${items.join('\n')}`];
    }
  }
}

/**
 * Renders a report as plain text at a given width (display columns, default 80): centred title,
 * numbered headings, paragraphs indented and wrapped without splitting numbers, words or URLs,
 * tables as aligned grids (every line equally wide) or, when a grid is wider than the page, as one
 * block of `label：value` lines per row; the signature is right-aligned.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseReport, renderText } from 'xxgk';
 * const parsed = parseReport(readFileSync('examples/qingshan-2022.json', 'utf8'));
 * if (!parsed.success) throw parsed.error;
 * console.log(renderText(parsed.data, { width: 100, section: '三' }));
 * ```
 */
export function renderText(report: Report, options?: RenderOptions): string {
  const resolved: TextContext = { ...resolveOptions(report, options), widthOf: measurer() };
  const { blocks } = buildDocument(report, resolved);
  const chunks: string[] = [];
  for (const b of blocks) chunks.push(...block(b, resolved));
  return `${trimEnd(chunks.join('\n\n'), '\n')}\n`;
}

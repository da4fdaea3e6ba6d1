import { buildReport, type AssembleOptions } from '../core/assemble.js';
import { formatForYear, formats as officialFormats, getFormat } from '../../formats/catalogue.js';
import { indexFormat, type CellInfo, type Format, type ResolvedNode } from '../../formats/define.js';
import { createReport } from '../../formats/document.js';
import { MetadataSchema, type Metadata, type Report } from '../../model/report.js';
import { UNITS, isUnit } from '../../model/units.js';
import type { CellValue } from '../../model/values.js';
import { checkFormat } from '../../formats/check.js';
import { IssueList, checkImportOptions, type ImportOptions, type ImportResult } from '../core/issues.js';
import { isAbsentText, parseCellValue } from '../core/values.js';
import { readTextTables } from './tables.js';
import { cellLabelPath, labelMatcher, looseLabel, nodeLabelPath, normalizeLabel, type CellMatch } from '../core/labels.js';
import { preferOtherTools } from './index.js';
import {
  ATTACHMENT_HEADER,
  enclosuresOf,
  FILLED_BY,
  PERIOD,
  SECTION,
  SUBSECTION,
  TERMINAL,
  URL,
  YEAR,
  bestFormat,
  chineseNumber,
  isShort,
  length,
  readDate,
  sectionsOf,
  squash,
  vocabulary,
} from '../core/conventions.js';

/** Options of {@link importText}: those of every importer, a forced format and metadata the text does not state (`agency`, `year`, …). */
export type ImportTextOptions = AssembleOptions;

// ---------------------------------------------------------------------------------------------
// Line patterns (all linear: bounded repetitions, no nested quantifiers)
// ---------------------------------------------------------------------------------------------

const NUMBERISH = /^[+-]?[\d,.]+(?:万元|元)?$/;
const QUOTE_MARKS = /["'“”‘’「」『』]/g;
const HEADER_WORDS = new Set(['统计指标', '指标名称', '指标', '单位', '计量单位', '统计数', '序号', '项目']);
/** A paragraph at least this long that stops mid-sentence was broken across lines. */
const BROKEN_PARAGRAPH = 50;
/** Most lines a table label is read across (the seed's labels take two). */
const MAX_LABEL_LINES = 8;

/**
 * True when a paragraph is long and stops mid-sentence, so that the next line continues it. Looks
 * at the paragraph's end only, so that a paragraph broken across many lines is read in linear time.
 */
function isBroken(text: string, tail = text.slice(-3)): boolean {
  // A UTF-16 length of 2 × BROKEN_PARAGRAPH holds at least BROKEN_PARAGRAPH code points.
  if (text.length < 2 * BROKEN_PARAGRAPH && length(text) < BROKEN_PARAGRAPH) return false;
  return !TERMINAL.test(tail);
}

// ---------------------------------------------------------------------------------------------
// Pass 1: the document's structure, independent of the format
// ---------------------------------------------------------------------------------------------

interface Para {
  text: string;
  readonly line: number;
  endLine: number;
}

interface RawSection {
  /** Joined when the heading was wrapped over lines. */
  title: string;
  readonly line: number;
  readonly paragraphs: Para[];
  readonly subsections: RawSection[];
}

interface Part {
  readonly text: string;
  readonly line: number;
}

/** One cell of a text table: its text and the lines that continue it. */
interface Token extends Part {
  readonly more: Part[];
}

interface Structure {
  readonly title: Para[];
  readonly preamble: Para[];
  readonly sections: RawSection[];
  readonly enclosures: string[];
  organ: Para | undefined;
  date: { readonly iso: string; readonly line: number } | undefined;
  readonly attachment: { title?: string; period?: string; filledBy?: string; line?: number };
  readonly tokens: Token[];
  readonly unrecognized: Part[];
}

type Phase = 'head' | 'preamble' | 'sections' | 'tail' | 'attachment' | 'table';

/** What pass 1 needs to know of the candidate formats. */
interface Cues {
  /** Normalised stub headers that start a table (统计指标). */
  readonly starts: ReadonlySet<string>;
  /** Loose titles of attachments that hold the tables. */
  readonly attachmentTitles: ReadonlySet<string>;
  /** Loose labels of table rows and columns that are no section title (四、结转下年度继续办理 is no heading). */
  readonly rowLabels: ReadonlySet<string>;
  /** Loose section titles of the candidate formats: a heading wrapped over lines is joined until it names one. */
  readonly sectionTitles: ReadonlySet<string>;
  /** Every proper start of a title of `sectionTitles` (a heading wrapped before its end). */
  readonly titleStarts: ReadonlySet<string>;
}

function readStructure(lines: readonly string[], cues: Cues): Structure {
  const { starts, attachmentTitles, rowLabels, sectionTitles, titleStarts } = cues;
  const s: Structure = {
    title: [],
    preamble: [],
    sections: [],
    enclosures: [],
    organ: undefined,
    date: undefined,
    attachment: {},
    tokens: [],
    unrecognized: [],
  };
  let phase: Phase = 'head';
  let titleDone = false;
  let lastPara: { list: Para[]; para: Para } | undefined;
  let previousLine = 0; // the last non-blank line
  let pendingOrgan: Para | undefined;
  /** A level-1 heading whose title is only the start of a section title (wrapped). */
  let openHeading: RawSection | undefined;

  const section = () => s.sections[s.sections.length - 1];
  const container = (): Para[] => {
    const top = section();
    if (!top) return s.preamble;
    const sub = top.subsections[top.subsections.length - 1];
    return sub ? sub.paragraphs : top.paragraphs;
  };
  // The last characters of each paragraph joined from several lines: reading them from the joined
  // text would flatten it on every line (quadratic for a paragraph broken across many lines).
  const tails = new Map<Para, string>();
  const paragraph = (list: Para[], text: string, line: number) => {
    const last = list[list.length - 1];
    if (last && lastPara?.para === last && isBroken(last.text, tails.get(last))) {
      tails.set(last, `${tails.get(last) ?? last.text.slice(-3)}${text.slice(-3)}`.slice(-3));
      last.text += text;
      last.endLine = line;
      return;
    }
    const para = { text, line, endLine: line };
    list.push(para);
    lastPara = { list, para };
  };
  const heading = (text: string) => {
    const top = SECTION.exec(text);
    if (top && !TERMINAL.test(text) && chineseNumber(top[1]!) === s.sections.length + 1 && !rowLabels.has(looseLabel(top[2]!))) {
      return { level: 1 as const, title: top[2]!.trim() };
    }
    const sub = SUBSECTION.exec(text);
    const current = section();
    if (sub && current && !TERMINAL.test(text) && chineseNumber(sub[1]!) === current.subsections.length + 1) {
      return { level: 2 as const, title: sub[2]!.trim() };
    }
    return undefined;
  };
  const startSection = (title: string, line: number) => {
    phase = 'sections';
    const started: RawSection = { title, line, paragraphs: [], subsections: [] };
    s.sections.push(started);
    lastPara = undefined;
    const key = looseLabel(title);
    if (!sectionTitles.has(key) && titleStarts.has(key)) openHeading = started;
  };
  const pushTokens = (raw: string, line: number) => {
    const fields = raw.split('\t');
    if (fields[0]!.trim() === '') fields.shift();
    for (const field of fields) s.tokens.push({ text: field.trim(), line, more: [] });
  };

  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (phase === 'table') {
      if (raw.includes('\t')) pushTokens(raw, line);
      else if (text !== '') {
        const last = s.tokens[s.tokens.length - 1];
        if (last) last.more.push({ text, line });
        else s.unrecognized.push({ text, line });
      }
      return;
    }
    if (text === '') return;
    const previous = previousLine;
    previousLine = line;
    const squashed = squash(text);
    if (openHeading) {
      const heading = openHeading;
      openHeading = undefined;
      const key = looseLabel(heading.title + text);
      if (previous === line - 1 && (sectionTitles.has(key) || titleStarts.has(key))) {
        heading.title += text;
        if (!sectionTitles.has(key)) openHeading = heading;
        return;
      }
    }

    if (phase !== 'head' && raw.startsWith('\t') && (phase === 'attachment' || starts.has(normalizeLabel(text)))) {
      phase = 'table';
      pushTokens(raw, line);
      return;
    }
    if (phase === 'head' && s.title.length > 0 && readDate(text)) {
      // A date under the title: the publication date, not a signature.
      s.date ??= { iso: readDate(text)!, line };
      titleDone = true;
      return;
    }
    if (phase === 'preamble' || phase === 'sections' || phase === 'tail') {
      if (ATTACHMENT_HEADER.test(squashed)) {
        phase = 'attachment';
        s.attachment.line = line;
        return;
      }
      const enclosures = phase !== 'preamble' ? enclosuresOf(text) : undefined;
      if (enclosures) {
        s.enclosures.push(...enclosures);
        phase = 'tail';
        return;
      }
      const iso = readDate(text);
      if (iso && phase === 'preamble') {
        // A date under the title: the publication date, not a signature.
        s.date ??= { iso, line };
        return;
      }
      if (iso) {
        if (phase === 'tail' && pendingOrgan) s.organ = pendingOrgan;
        else if (lastPara && lastPara.para.endLine === previous && isShort(lastPara.para.text)) {
          s.organ = lastPara.list.pop();
          lastPara = undefined;
        }
        pendingOrgan = undefined;
        s.date = { iso, line };
        phase = 'tail';
        return;
      }
      if (phase !== 'preamble' && attachmentTitles.has(looseLabel(text))) {
        phase = 'attachment';
        s.attachment.title = text;
        s.attachment.line ??= line;
        return;
      }
    }

    switch (phase) {
      case 'head': {
        const h = heading(text);
        if (h?.level === 1) {
          startSection(h.title, line);
        } else if (!titleDone && s.title.length < 4 && isShort(text)) {
          s.title.push({ text, line, endLine: line });
          if (/报告|年报/u.test(text)) titleDone = true;
        } else {
          phase = 'preamble';
          paragraph(s.preamble, text, line);
        }
        return;
      }
      case 'preamble':
      case 'sections': {
        const h = heading(text);
        if (h?.level === 1) {
          startSection(h.title, line);
        } else if (h?.level === 2) {
          section()!.subsections.push({ title: h.title, line, paragraphs: [], subsections: [] });
          lastPara = undefined;
        } else paragraph(container(), text, line);
        return;
      }
      case 'tail': {
        // The organ is the short line just before the date; an earlier one is not understood.
        if (!s.organ && isShort(text)) {
          if (pendingOrgan) s.unrecognized.push({ text: pendingOrgan.text, line: pendingOrgan.line });
          pendingOrgan = { text, line, endLine: line };
        } else s.unrecognized.push({ text, line });
        return;
      }
      case 'attachment': {
        const period = PERIOD.exec(text);
        const filled = FILLED_BY.exec(text);
        if (period && s.attachment.period === undefined) s.attachment.period = squash(period[1]!);
        else if (filled && s.attachment.filledBy === undefined) s.attachment.filledBy = filled[1]!.trim() || undefined;
        else if (s.attachment.title === undefined && isShort(text)) s.attachment.title = text;
        else s.unrecognized.push({ text, line });
        return;
      }
    }
  });
  // A short line left waiting for a date that never came is reported, not dropped.
  if (pendingOrgan) s.unrecognized.push({ text: pendingOrgan.text, line: pendingOrgan.line });
  return s;
}

// ---------------------------------------------------------------------------------------------
// Pass 2: the format, from the labels the text prints
// ---------------------------------------------------------------------------------------------

function detectFormat(lines: readonly string[], candidates: readonly Format[], year: number | undefined): { format: Format; score: number } | undefined {
  const keys = new Set<string>();
  for (const line of lines) {
    for (const cell of line.split(/\t|\s{2,}/u)) {
      const text = cell.trim();
      if (text && length(text) <= 200) keys.add(looseLabel(text.replace(/^[一二三四五六七八九十]{1,3}、/u, '')));
    }
  }
  return bestFormat(keys, candidates, year);
}

/** True when each table of the format has one value column, the layout the text reader reads. */
function readable(format: Format): boolean {
  return indexFormat(format).tables.every((t) => t.valueColumns.length === 1);
}

// ---------------------------------------------------------------------------------------------
// Pass 3: the statistics table
// ---------------------------------------------------------------------------------------------

const isValueText = (text: string): boolean => {
  return isAbsentText(text) || NUMBERISH.test(squash(text));
};
const isUnitText = (text: string): boolean => {
  return isUnit(squash(text)) || isAbsentText(text);
};

function readTable(format: Format, tokens: readonly Token[], issues: IssueList): Map<CellInfo, CellValue> {
  const matcher = labelMatcher(format);
  const index = matcher.index;
  const order = new Map<ResolvedNode, number>();
  for (const table of index.tables) for (const row of table.rows) order.set(row, order.size);
  const headers = new Set(HEADER_WORDS);
  for (const table of index.tables) {
    if (table.definition.stubHeader) headers.add(normalizeLabel(table.definition.stubHeader));
    for (const column of table.columns) headers.add(normalizeLabel(column.label));
  }

  const values = new Map<CellInfo, CellValue>();
  const lineOf = new Map<CellInfo, number>();
  const seen = new Set<ResolvedNode>();
  let position = -1;
  const stray = (parts: readonly Part[]) => {
    for (const part of parts) issues.add({ code: 'unrecognized_line', severity: 'warning', line: part.line, value: part.text });
  };

  const resolve = (label: Token): { match: CellMatch; used: number } => {
    // A label spans a few lines at most: longer runs are not joined (each reading would be tried).
    const parts = [label.text, ...label.more.slice(0, MAX_LABEL_LINES - 1).map((p) => p.text)];
    // The longest reading that is a label as printed; else the longest that is one with a typo.
    let first: CellMatch | undefined;
    let typo: { match: CellMatch; used: number } | undefined;
    for (let k = parts.length; k >= 1; k--) {
      const match = matcher.cell([parts.slice(0, k).join('')]);
      first ??= match;
      if (match.kind === 'unknown') continue;
      if (match.typos.length === 0) return { match, used: k - 1 };
      typo ??= { match, used: k - 1 };
    }
    return typo ?? { match: first!, used: label.more.length };
  };

  const finish = (label: Token, unit: Token | undefined, value: Token | undefined) => {
    if (unit) stray(unit.more);
    if (value) stray(value.more);
    const { match, used } = resolve(label);
    stray(label.more.slice(used));
    const text = [label.text, ...label.more.slice(0, used).map((p) => p.text)].join('');
    const endLine = used > 0 ? label.more[used - 1]!.line : undefined;
    for (const typo of match.typos) {
      issues.add({ code: 'label_typo', severity: 'warning', line: label.line, endLine, label: typo.given, candidates: [typo.path] });
    }
    let cell: CellInfo | undefined;
    if (match.kind === 'unknown') {
      issues.add({ code: 'unknown_label', severity: 'error', line: label.line, endLine, label: text, candidates: match.candidates, value: value?.text });
      return;
    }
    // A label read from several lines must be the official one: a note cannot hide a stray line.
    const checkJoined = (node: ResolvedNode) => {
      if (used === 0 || match.typos.length > 0) return;
      const given = squash(text).replace(QUOTE_MARKS, '');
      if ([node.label, ...node.aliases].some((official) => squash(official).replace(QUOTE_MARKS, '') === given)) return;
      issues.add({ code: 'label_typo', severity: 'warning', line: label.line, endLine, label: text, candidates: [nodeLabelPath(node)] });
    };
    if (match.kind === 'group') {
      checkJoined(match.node);
      position = Math.max(position, order.get(match.node) ?? position);
      if (value && !isAbsentText(value.text)) {
        issues.add({ code: 'label_only', severity: 'error', line: value.line, label: text, cellLabel: nodeLabelPath(match.node), value: value.text });
      }
      return;
    }
    if (match.kind === 'ambiguous') {
      // Rows are printed in order: the same label means the next such row.
      cell = match.cells.find((c) => (order.get(c.row) ?? -1) > position);
      if (!cell) {
        // The value goes with the issue: it is not imported, and must not vanish unnamed.
        issues.add({ code: 'ambiguous_label', severity: 'error', line: label.line, label: text, candidates: match.candidates, value: value?.text });
        return;
      }
    } else cell = match.cell;
    checkJoined(cell.row);
    position = order.get(cell.row) ?? position;
    seen.add(cell.row);
    const where = { cell: cell.ref, cellLabel: cellLabelPath(index, cell) };
    const printedUnit = unit ? squash(unit.text) : undefined;
    const parsed = parseCellValue(value ? value.text : null, cell, printedUnit);
    if (!parsed.ok) {
      issues.add({ code: 'bad_value', severity: 'error', line: value?.line ?? label.line, ...where, value: value?.text, reason: parsed.reason });
      return;
    }
    if (printedUnit && isUnit(printedUnit) && printedUnit !== cell.unit && UNITS[printedUnit].kind === 'count') {
      issues.add({ code: 'unit_mismatch', severity: 'warning', line: unit!.line, ...where, units: { from: printedUnit, to: cell.unit } });
    }
    if (parsed.from) {
      issues.add({ code: 'unit_converted', severity: 'info', line: value?.line, ...where, value: value?.text, units: { from: parsed.from, to: cell.unit }, converted: parsed.value });
    }
    const previous = lineOf.get(cell);
    if (previous !== undefined) {
      issues.add({ code: 'duplicate_cell', severity: values.get(cell) === parsed.value ? 'warning' : 'error', line: label.line, ...where, value: value?.text });
      return;
    }
    if (!cell.printed && parsed.value !== null) issues.add({ code: 'group_value', severity: 'info', line: value?.line, ...where, value: parsed.value });
    values.set(cell, parsed.value);
    lineOf.set(cell, label.line);
  };

  let label: Token | undefined;
  let unit: Token | undefined;
  let headerAllowed = true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!label) {
      if (token.text === '') {
        stray(token.more);
        continue;
      }
      if (headerAllowed && headers.has(normalizeLabel(token.text))) {
        stray(token.more);
        continue;
      }
      if (isValueText(token.text)) {
        stray([token, ...token.more]);
        continue;
      }
      headerAllowed = false;
      label = token;
      unit = undefined;
      continue;
    }
    if (!unit) {
      if (isUnitText(token.text)) {
        unit = token;
        continue;
      }
      if (isValueText(token.text)) {
        finish(label, undefined, token);
        label = undefined;
        continue;
      }
      // A label without unit or value: close it and read this token as the next label.
      finish(label, undefined, undefined);
      label = undefined;
      i -= 1;
      continue;
    }
    // The value: anything, unless it reads as the next row's label.
    if (!isValueText(token.text) && startsRow(matcher.cell([token.text]))) {
      finish(label, unit, undefined);
      label = undefined;
      i -= 1;
      continue;
    }
    finish(label, unit, token);
    label = undefined;
  }
  if (label) finish(label, unit, undefined);

  for (const table of index.tables) {
    for (const row of table.rows) {
      if (!row.valued || seen.has(row) || !table.cells.some((c) => c.row === row && c.printed)) continue;
      issues.add({ code: 'missing_row', severity: 'info', label: nodeLabelPath(row), cell: `${row.id}/${table.valueColumns[0]!.id}` });
    }
  }
  return values;
}

const startsRow = (m: CellMatch): boolean => (m.kind === 'cell' || m.kind === 'group' || m.kind === 'ambiguous') && m.typos.length === 0;

// ---------------------------------------------------------------------------------------------
// The importer
// ---------------------------------------------------------------------------------------------

/**
 * Reads a published report given as plain text (the layout of the 2017 seed report: title,
 * preamble, sections 一、… with subsections （一）…, the 附件 list, the signature, and the
 * attachment with the statistics table printed one cell per tab-indented line). The format is
 * detected from the labels the text prints unless `options.format` names it. Every line the reader
 * does not understand becomes an issue with its 1-based line number. Never throws on any string;
 * throws a TypeError when `text` is not a string (decode bytes with `decodeText` first).
 * The tables of multi-column formats (2019, 2021, any `defineFormat` format) are read from the
 * box tables and row blocks that `renderText` writes and from rows copied from a web page (cells
 * separated by tabs or runs of spaces, merged cells printed once), by their label paths; a value
 * marked `*` is listed in `report.derived`. A value that cannot be placed is an issue naming its
 * line; table lines that still cannot be read are reported as `unsupported_format`.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { importText } from 'xxgk';
 * const { report, issues } = importText(readFileSync('examples/jiangbei-2017.txt', 'utf8'));
 * console.log(report?.format, report?.sections.length, issues.length); // gov-2014 7 0
 * ```
 */
export function importText(text: string, options: ImportTextOptions = {}): ImportResult {
  if (typeof text !== 'string') throw new TypeError('importText expects a string; decode bytes with decodeText first');
  checkImportOptions(options, 'importText');
  if (options.format !== undefined && typeof options.format !== 'string') checkFormat(options.format, 'importText: options.format');
  // Text that no layout of this project's own explains (pdftotext output) is read by the other tools' reader.
  return preferOtherTools(readOwnLayouts(text, options), text, options);
}

/** {@link importText} of the layouts this project writes (renderText) and the seed's. */
function readOwnLayouts(text: string, options: ImportTextOptions): ImportResult {
  const issues = new IssueList(options.locale === 'en' ? 'en' : 'zh-CN');
  const extra = options.formats ?? [];
  const candidates: Format[] = [...extra, ...Object.values(officialFormats).filter((f) => !extra.some((e) => e.id === f.id))];
  const lines = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').split('\n');

  const starts = new Set<string>(['统计指标', '指标名称']);
  const attachmentTitles = new Set<string>();
  for (const f of candidates) {
    for (const table of f.tables) {
      const stub = table.stubHeader ? normalizeLabel(table.stubHeader) : '';
      if (stub) starts.add(stub);
    }
    if (f.tablePlacement === 'attachment') {
      if (f.attachmentTitle) attachmentTitles.add(looseLabel(f.attachmentTitle));
      for (const table of f.tables) attachmentTitles.add(looseLabel(table.title));
    }
  }
  const sectionTitles = new Set(candidates.flatMap((f) => f.sections.flatMap((t) => [t.title, ...(t.aliases ?? [])].map(looseLabel))));
  const rowLabels = new Set<string>();
  // Only tables printed inside the narrative can be mistaken for its headings.
  for (const f of candidates.filter((c) => c.tablePlacement === 'sections')) {
    for (const table of indexFormat(f).tables) {
      for (const node of [...table.rows, ...table.columns]) {
        for (const text of [node.label, ...node.aliases]) {
          const key = looseLabel(text);
          if (key && !sectionTitles.has(key)) rowLabels.add(key);
        }
      }
    }
  }
  const titleStarts = new Set<string>();
  for (const title of sectionTitles) for (let k = 1; k < title.length; k++) titleStarts.add(title.slice(0, k));
  const cues: Cues = { starts, attachmentTitles, rowLabels, sectionTitles, titleStarts };
  let s = readStructure(lines, cues);

  // The year, to tell the format
  const yearOf = (st: Structure) => {
    const t = st.title.map((p) => p.text).join('');
    const yearText = [t, st.attachment.period ?? '', ...st.enclosures].map((x) => YEAR.exec(x.normalize('NFKC'))?.[1]).find(Boolean);
    return yearText ? Number(yearText) : undefined;
  };
  let year = yearOf(s);

  // Format
  let format: Format | undefined;
  if (options.format !== undefined) {
    format = typeof options.format === 'string' ? getFormat(options.format, extra) : options.format;
    if (!format) issues.add({ code: 'unknown_format', severity: 'error', key: 'format', value: options.format });
  } else {
    format = detectFormat(lines, candidates, year)?.format;
    if (!format && year !== undefined && year >= 2000 && year <= 2100) {
      format = formatForYear(year);
      issues.add({ code: 'unknown_format', severity: 'warning', value: format.id });
    } else if (!format) issues.add({ code: 'unknown_format', severity: 'error' });
  }

  // Tables
  let values = new Map<CellInfo, CellValue>();
  let derived = new Set<CellInfo>();
  if (format && readable(format)) {
    if (s.tokens.length > 0) values = readTable(format, s.tokens, issues);
    else if (format.tablePlacement === 'attachment') issues.add({ code: 'missing_table', severity: 'warning' });
  } else if (format) {
    const tables = readTextTables(lines, format, issues);
    if (tables) {
      // The narrative is read again without the table lines.
      s = readStructure(
        lines.map((line, i) => (tables.consumed.has(i) ? '' : line)),
        cues,
      );
      year = yearOf(s) ?? year;
      values = tables.values;
      derived = tables.derived;
      s.attachment.title ??= tables.attachment.title;
      s.attachment.period ??= tables.attachment.period;
      s.attachment.filledBy ??= tables.attachment.filledBy;
    }
    // What is left of tables that could not be read.
    reportUnsupported(format, s, issues);
  }
  for (const part of s.unrecognized) issues.add({ code: 'unrecognized_line', severity: 'warning', line: part.line, value: part.text });

  // Metadata
  const title = s.title.map((p) => p.text).join('');
  const agency = options.metadata?.agency ?? s.attachment.filledBy ?? s.organ?.text;
  const url = s.preamble.map((p) => URL.exec(p.text)?.[0]).find(Boolean)?.replace(/[.,;:!?]+$/, '');
  if (!format) return { report: undefined, issues: issues.items };
  const report = buildReport(
    format,
    {
      preamble: s.preamble.map((p) => p.text),
      sections: s.sections,
      enclosures: s.enclosures,
      organ: s.organ?.text,
      date: s.date?.iso,
      attachment: s.attachment,
      values,
    },
    { agency, year: options.metadata?.year ?? year, publishedOn: s.date?.iso, sourceUrl: url, title: title || undefined },
    options,
    issues,
  );
  if (derived.size > 0) {
    const order = new Map(indexFormat(format).cells.map((c, i) => [c, i]));
    report.derived = [...derived].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)).map((c) => c.ref);
  }
  return { report, issues: issues.items };
}

/**
 * For a format whose tables the text reader cannot read: takes the table lines out of the
 * narrative (and the table cells, if any) and reports each block of them once.
 */
function reportUnsupported(format: Format, s: Structure, issues: IssueList): void {
  const words = vocabulary(format);
  const titles = new Set<string>();
  for (const table of indexFormat(format).tables) {
    for (const text of [table.definition.title, table.definition.stubHeader, ...table.rows.map((r) => r.definition.stubHeader)]) {
      if (text) titles.add(looseLabel(text));
    }
  }
  const tableLike = (text: string): boolean => {
    // Punctuation alone (a paragraph wrapped around a URL) is no table line.
    let content = false;
    for (const cell of text.split(/\t|\s{2,}/u)) {
      const t = cell.trim();
      const key = looseLabel(t);
      if (key !== '' || NUMBERISH.test(squash(t))) content = true;
      if (t === '' || isValueText(t)) continue;
      if (!(HEADER_WORDS.has(normalizeLabel(t)) || titles.has(key) || [...(words.get(key) ?? [])].some((id) => !id.startsWith('section:')))) return false;
    }
    return content;
  };
  const blocks: { from: number; to: number }[] = [];
  const note = (from: number, to: number) => {
    const last = blocks[blocks.length - 1];
    if (last && from - last.to <= 2) last.to = Math.max(last.to, to);
    else blocks.push({ from, to });
  };
  const sweep = (list: Para[]) => {
    for (let i = list.length - 1; i >= 0; i--) {
      const p = list[i]!;
      if (tableLike(p.text)) list.splice(i, 1);
    }
  };
  const collect = (list: readonly Para[]) => {
    for (const p of list) if (tableLike(p.text)) note(p.line, p.endLine);
  };
  const all: Para[][] = [s.preamble];
  const walk = (sections: readonly RawSection[]) => {
    for (const section of sections) {
      all.push(section.paragraphs);
      walk(section.subsections);
    }
  };
  walk(s.sections);
  const ordered = all.flatMap((list) => list).sort((a, b) => a.line - b.line);
  collect(ordered);
  for (const list of all) sweep(list);
  for (const token of s.tokens) {
    note(token.line, token.line);
    for (const part of token.more) note(part.line, part.line);
  }
  blocks.sort((a, b) => a.from - b.from);
  for (const block of blocks) {
    issues.add({ code: 'unsupported_format', severity: 'error', line: block.from, endLine: block.to, value: format.id });
  }
}

import { DOCX_PROPERTIES } from '../../formats/conventions.js';
import type { Format } from '../../formats/define.js';
import { isId, type Metadata, type Section } from '../../model/report.js';
import { TITLE_WORDS, assemble } from '../core/assemble.js';
import type { LayoutFacts } from '../core/layout.js';
import { IssueList, checkImportOptions, type ImportOptions, type ImportResult } from '../core/issues.js';
import { DocxError, docxLayout, readProperties, type DocxParts } from './ooxml.js';
import { ZIP_LIMITS, ZipError, looksLikeZip, readEntry, zipEntries, type ZipLimits } from './zip.js';

/** Options of {@link importDocx}. */
export interface ImportDocxOptions extends ImportOptions {
  /** Read the document as this format (a format, id or edition) instead of detecting it from the labels. */
  readonly format?: Format | string;
  /** Metadata that wins over what the document states (e.g. `sourceUrl`, `region`, `level`). */
  readonly metadata?: Partial<Metadata>;
  /** Limits on the zip archive, checked before anything is inflated (default {@link DOCX_LIMITS}). */
  readonly limits?: Partial<ZipLimits>;
}

/** The default limits on a .docx archive: 5,000 entries, 256 MB declared in all, 64 MB for one part read. */
export const DOCX_LIMITS: ZipLimits = ZIP_LIMITS;

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** True for a compound file (a legacy binary .doc, or an encrypted Office document). */
export function isCompoundFile(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && OLE.every((b, i) => bytes[i] === b);
}

/** True when the bytes are a zip archive holding a Word document (word/document.xml). */
export function looksLikeDocx(bytes: Uint8Array): boolean {
  if (!looksLikeZip(bytes)) return false;
  try {
    const entries = zipEntries(bytes);
    return entries.has('word/document.xml') || [...entries.keys()].some((name) => /^word\/[^/]+\.xml$/.test(name) && entries.has('_rels/.rels'));
  } catch {
    return false;
  }
}

function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/** The parts of the package the reader needs; throws a ZipError for a damaged, oversized or non-Word archive. */
function readParts(bytes: Uint8Array, limits: ZipLimits): DocxParts {
  const entries = zipEntries(bytes, limits);
  const text = (name: string): string | undefined => {
    const entry = entries.get(name);
    return entry ? decodeXml(readEntry(bytes, entry, limits)) : undefined;
  };
  // The main part as the package's relationships name it (word/document.xml in every Word and WPS file).
  let main = 'word/document.xml';
  const rels = text('_rels/.rels');
  const target = rels ? /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*>/.exec(rels)?.[0] : undefined;
  const named = target ? /Target="\/?([^"]+)"/.exec(target)?.[1] : undefined;
  if (named && entries.has(named)) main = named;
  const document = text(main);
  if (document === undefined) throw new ZipError('a zip archive without word/document.xml: not a Word document');
  const folder = main.slice(0, main.lastIndexOf('/') + 1);
  return {
    document,
    styles: text(`${folder}styles.xml`),
    numbering: text(`${folder}numbering.xml`),
    core: text('docProps/core.xml'),
    custom: text('docProps/custom.xml'),
  };
}

/** Sets the ids the document's properties list (`1.2:id`, or `1:` for none) on the sections. */
function applyIds(sections: Section[], list: string): boolean {
  let ok = true;
  for (const entry of list.split(',').filter(Boolean)) {
    let decoded = entry;
    try {
      decoded = decodeURIComponent(entry);
    } catch {
      /* kept as written */
    }
    const colon = decoded.indexOf(':');
    let items: Section[] | undefined = sections;
    let target: Section | undefined;
    for (const n of decoded.slice(0, colon).split('.').map(Number)) {
      target = items?.[n - 1];
      items = target?.subsections;
    }
    const id = decoded.slice(colon + 1);
    if (colon < 0 || !target || (id !== '' && !isId(id))) {
      ok = false;
      continue;
    }
    if (id === '') delete target.id;
    else target.id = id;
  }
  return ok;
}

/**
 * Reads a report from a Word document (.docx, as Word, WPS or a reporting platform writes it): the
 * body's paragraphs and headings in order (automatic numbering such as 一、 （一） written out as
 * Word shows it), and every table with its merged cells (gridSpan, vMerge) resolved into a grid,
 * then the same assembly as every importer (sections, format detection, tables read by their
 * labels, metadata). The archive is hostile input: its entry count and declared sizes are checked
 * before anything is inflated, and a damaged archive, a legacy binary .doc or anything else that is
 * not a Word document is an issue (`bad_input`) saying so. Never throws on any bytes; throws a
 * TypeError for other input.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { getCell } from 'xxgk';
 * import { importDocx } from 'xxgk/docx';
 * const { report, issues } = importDocx(readFileSync('tests/fixtures/docx/libreoffice-gov-2021.docx'));
 * console.log(report?.format, getCell(report!, 'applications.newThisYear/total'), issues.length); // gov-2021 260 0
 * ```
 */
export function importDocx(bytes: Uint8Array, options: ImportDocxOptions = {}): ImportResult {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('importDocx expects the document as bytes (Uint8Array)');
  checkImportOptions(options, 'importDocx');
  const limits: ZipLimits = { ...DOCX_LIMITS, ...options.limits };
  for (const [key, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !(value >= 0)) throw new TypeError(`importDocx: limits.${key} must be a number of at least 0, got ${String(value)}`);
  }
  const issues = new IssueList(options.locale);
  const refuse = (value: string): ImportResult => {
    issues.add({ code: 'bad_input', severity: 'error', value });
    return { report: undefined, issues: issues.items };
  };
  if (isCompoundFile(bytes)) {
    return refuse('a legacy Word .doc (or a password-protected document): open it in Word or WPS and save it as .docx');
  }
  if (!looksLikeZip(bytes)) return refuse('not a .docx (a .docx is a zip archive holding word/document.xml)');
  try {
    const parts = readParts(bytes, limits);
    const properties = readProperties(parts);
    const custom = properties.custom;
    const facts: LayoutFacts = {
      ...(properties.title !== undefined && TITLE_WORDS.test(properties.title) && { title: properties.title }),
      ...(custom.has(DOCX_PROPERTIES.publishedOn) && { publishedOn: custom.get(DOCX_PROPERTIES.publishedOn)! }),
      ...(custom.has(DOCX_PROPERTIES.sourceUrl) && { sourceUrl: custom.get(DOCX_PROPERTIES.sourceUrl)! }),
    };
    const layout = docxLayout(parts, facts);
    // What the printed page does not show, as renderDocx records it: the format, level and region.
    const stated: Partial<Metadata> = {};
    const level = custom.get(DOCX_PROPERTIES.level);
    const region = custom.get(DOCX_PROPERTIES.region);
    if (level) (stated as Record<string, unknown>).level = level;
    if (region) stated.region = region;
    const hintedFormat = custom.get(DOCX_PROPERTIES.format);
    const known = hintedFormat !== undefined && [...(options.formats ?? [])].some((f) => f.id === hintedFormat);
    const format = options.format ?? (hintedFormat && (known || /^gov-\d{4}$/.test(hintedFormat)) ? hintedFormat : undefined);
    const result = assemble(
      layout,
      { ...options, ...(format !== undefined && { format }), metadata: { ...stated, ...options.metadata } },
      issues,
    );
    // The title was the one every report prints (agency, year, 政府信息公开工作年度报告), not a title of its own.
    if (result.report && custom.get(DOCX_PROPERTIES.defaultTitle) === '1') {
      const m = result.report.metadata;
      if (m.title === `${m.agency}${m.year}年政府信息公开工作年度报告`) delete m.title;
    }
    const ids = custom.get(DOCX_PROPERTIES.ids);
    if (result.report && ids && !applyIds(result.report.sections, ids)) {
      issues.add({ code: 'bad_field', severity: 'warning', key: DOCX_PROPERTIES.ids, value: ids });
      return { report: result.report, issues: issues.items };
    }
    return result;
  } catch (error) {
    if (error instanceof ZipError || error instanceof DocxError) return refuse(error.message);
    if (error instanceof RangeError && /call stack/i.test(error.message)) return refuse('elements nested too deeply');
    issues.add({ code: 'internal', severity: 'error', value: error instanceof Error ? error.message : String(error) });
    return { report: undefined, issues: issues.items };
  }
}

import { SCHEMA_VERSION, type Metadata, type Report, type Section, type TableValues } from '../model/report.js';
import type { CellValue } from '../model/values.js';
import { getFormat } from './catalogue.js';
import { indexFormat, resolveCell, type CellInfo, type Format } from './define.js';

/** Looks up a format given as a value or an id; throws a TypeError naming the unknown id. */
export function requireFormat(format: Format | string): Format {
  if (typeof format !== 'string') return format;
  const found = getFormat(format);
  if (!found) throw new TypeError(`unknown format ${JSON.stringify(format)}: use gov-2014, gov-2019, gov-2021 or a format made with defineFormat`);
  return found;
}

/**
 * An empty report of a format: the template's sections with no text and every cell absent,
 * for apps that fill a report in.
 *
 * @example
 * ```ts
 * import { createReport, getCell } from 'xxgk';
 * const report = createReport('gov-2021', { agency: '青山市统计局', year: 2023, level: 'department' });
 * console.log(report.sections.map((s) => s.title)); // ['总体情况', '主动公开政府信息情况', …]
 * console.log(getCell(report, 'applications.newThisYear/total')); // null: absent, not zero
 * ```
 */
export function createReport(format: Format | string, metadata: Metadata): Report {
  const f = requireFormat(format);
  const index = indexFormat(f);
  const tables: Record<string, TableValues> = {};
  for (const table of index.tables) {
    const values: TableValues = {};
    for (const cell of table.cells) {
      (values[cell.row.id] ??= {})[cell.column.id] = null;
    }
    tables[table.id] = values;
  }
  const sections: Section[] = f.sections.map((s) => ({ id: s.id, title: s.title, paragraphs: [] }));
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    format: f.id,
    metadata: { ...metadata },
    sections,
    tables,
  };
  if (f.tablePlacement === 'attachment') {
    report.attachments = [
      {
        title: f.attachmentTitle ?? f.tables[0]!.title,
        period: `${metadata.year}年度`,
        ...(metadata.agency !== '' && { filledBy: metadata.agency }),
        tables: f.tables.map((t) => t.id),
      },
    ];
  }
  return report;
}

function cellOrThrow(format: Format, ref: string): CellInfo {
  const cell = resolveCell(indexFormat(format), ref);
  if (!cell) throw new RangeError(`format ${format.id} has no cell ${JSON.stringify(ref)}`);
  return cell;
}

/** The value of a cell (`rowId/columnId`, or a row id in a one-column table); `null` when absent. */
export function getCell(report: Report, ref: string, format: Format | string = report.format): CellValue {
  const cell = cellOrThrow(requireFormat(format), ref);
  return report.tables[cell.table]?.[cell.row.id]?.[cell.column.id] ?? null;
}

/**
 * A new report with one cell set (the input is not changed). Throws a RangeError for a cell the
 * format does not have.
 *
 * @example
 * ```ts
 * import { createReport, getCell, setCell } from 'xxgk';
 * const empty = createReport('gov-2021', { agency: '青山市统计局', year: 2023 });
 * const report = setCell(empty, 'proactive.charges.fees/feeAmount', '24252.311082'); // 万元, exact
 * console.log(getCell(report, 'proactive.charges.fees/feeAmount'), getCell(empty, 'proactive.charges.fees/feeAmount')); // '24252.311082' null
 * ```
 */
export function setCell(report: Report, ref: string, value: CellValue, format: Format | string = report.format): Report {
  const cell = cellOrThrow(requireFormat(format), ref);
  const table = report.tables[cell.table] ?? {};
  const row = table[cell.row.id] ?? {};
  return {
    ...report,
    tables: {
      ...report.tables,
      [cell.table]: { ...table, [cell.row.id]: { ...row, [cell.column.id]: value } },
    },
  };
}

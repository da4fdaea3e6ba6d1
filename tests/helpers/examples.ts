import { readFileSync } from 'node:fs';
import { parseReport, type Report } from '../../src/index.js';

/** An example report of the repository (`examples/<file>`), parsed; throws when it does not parse. */
export function loadExample(file: string): Report {
  const result = parseReport(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8'));
  if (!result.success) throw new Error(`${file}: ${result.error.message}`);
  return result.data;
}

/** A report's tables without their absent cells (importers write every cell of the format, absent ones as null; the examples leave them out). */
export const present = (tables: Report['tables']) =>
  Object.fromEntries(
    Object.entries(tables).map(([t, rows]) => [
      t,
      Object.fromEntries(
        Object.entries(rows)
          .map(([r, cells]) => [r, Object.fromEntries(Object.entries(cells).filter(([, v]) => v !== null && v !== undefined))] as const)
          .filter(([, cells]) => Object.keys(cells).length > 0),
      ),
    ]),
  );

import { readFileSync } from 'node:fs';
import { parseReport, type Report } from '../../src/index.js';

/** An example report of the repository (`examples/<file>`), parsed; throws when it does not parse. */
export function loadExample(file: string): Report {
  const result = parseReport(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8'));
  if (!result.success) throw new Error(`${file}: ${result.error.message}`);
  return result.data;
}

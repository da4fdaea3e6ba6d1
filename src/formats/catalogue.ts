import { defineFormat, type Format } from './define.js';
import { gov2014 } from './gov-2014.js';
import { gov2019 } from './gov-2019.js';
import { gov2021 } from './gov-2021.js';

/** The official format editions, keyed by format id. */
export const formats: Readonly<{ 'gov-2014': Format; 'gov-2019': Format; 'gov-2021': Format }> = Object.freeze({
  'gov-2014': defineFormat(gov2014),
  'gov-2019': defineFormat(gov2019),
  'gov-2021': defineFormat(gov2021),
});

/** The id of an official format edition. */
export type OfficialFormatId = keyof typeof formats;

/**
 * Finds a format by id (`gov-2021`) or edition (`2021`), among the official ones and any `extra`
 * formats (e.g. made with `defineFormat`); `undefined` when none matches, or for a key that is
 * neither a string nor a number.
 */
export function getFormat(idOrEdition: string | number, extra: readonly Format[] = []): Format | undefined {
  if (typeof idOrEdition !== 'string' && typeof idOrEdition !== 'number') return undefined;
  const key = String(idOrEdition).trim();
  const all: readonly Format[] = [...extra, ...Object.values(formats)];
  return all.find((f) => f.id === key) ?? all.find((f) => f.edition === key);
}

/** The official format for a report year: gov-2014 up to 2018, gov-2019 for 2019–2020, gov-2021 from 2021. */
export function formatForYear(year: number): Format {
  if (year <= 2018) return formats['gov-2014'];
  if (year <= 2020) return formats['gov-2019'];
  return formats['gov-2021'];
}

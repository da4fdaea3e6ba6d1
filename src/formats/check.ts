import { indexFormat, type Format } from './define.js';

/**
 * Throws a TypeError unless `format` is a format (as `defineFormat` makes, or an official one):
 * an object whose tables and identities index. `name` is the option's name in the message.
 */
export function checkFormat(format: unknown, name: string): asserts format is Format {
  if (format === null || typeof format !== 'object' || Array.isArray(format)) throw new TypeError(`${name} must be a format (see defineFormat)`);
  try {
    indexFormat(format as Format);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new TypeError(`${name} is not a usable format: ${message}`);
  }
}

/** Throws a TypeError unless `formats` is undefined or an array of formats. */
export function checkFormats(formats: unknown, name: string): void {
  if (formats === undefined) return;
  if (!Array.isArray(formats)) throw new TypeError(`${name} must be an array of formats`);
  formats.forEach((format, i) => checkFormat(format, `${name}[${i}]`));
}

import { messages, type CliLocale } from './messages.js';

/** A command-line usage error: the command prints it on one line and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parsed arguments: positionals and options (`--name value`, `--flag`, `-o value`). */
export interface ParsedArgs {
  readonly positionals: string[];
  /** The last value of each option. */
  readonly options: Map<string, string | true>;
  /** Every value of each valued option, in order (for options that may be repeated). */
  readonly all: Map<string, string[]>;
  /** The language of the command's messages. */
  readonly locale: CliLocale;
}

/**
 * Parses arguments against the options a command accepts: `valued` take a value, `flags` do not.
 * Unknown options are a {@link UsageError}.
 */
export function parseArgs(
  args: readonly string[],
  valued: readonly string[],
  flags: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
  locale: CliLocale = 'zh-CN',
): ParsedArgs {
  const m = messages(locale);
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  const all = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const raw = eq > 0 ? arg.slice(0, eq) : arg;
    const name = aliases[raw] ?? raw.replace(/^--?/, '');
    if (flags.includes(name)) {
      if (eq > 0) throw new UsageError(m.noValue(name));
      options.set(name, true);
    } else if (valued.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(m.needsValue(name));
      options.set(name, value);
      all.set(name, [...(all.get(name) ?? []), value]);
    } else {
      throw new UsageError(m.unknownOption(raw));
    }
  }
  return { positionals, options, all, locale };
}

/** The value of an option that must be one of `choices`. */
export function choice<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const value = args.options.get(name);
  if (value === undefined) return fallback;
  if (value === true || !choices.includes(value as T)) {
    throw new UsageError(messages(args.locale).oneOf(name, choices.join(', ')));
  }
  return value as T;
}

/** The value of an option that must be a positive integer. */
export function positiveInteger(args: ParsedArgs, name: string): number | undefined {
  const value = args.options.get(name);
  if (value === undefined) return undefined;
  const n = value === true ? Number.NaN : Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(messages(args.locale).positive(name));
  return n;
}

/** The value of `--year`: a whole year between 2000 and 2100. */
export function yearOption(args: ParsedArgs): number | undefined {
  const value = args.options.get('year');
  if (value === undefined) return undefined;
  const n = value === true ? Number.NaN : Number(value);
  if (!Number.isSafeInteger(n) || n < 2000 || n > 2100) throw new UsageError(messages(args.locale).yearRange);
  return n;
}

/** The value of a string option. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return value === true ? undefined : value;
}

/** A command-line usage error: the command prints it on one line and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parsed arguments: positionals and options (`--name value`, `--flag`, `-o value`). */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Map<string, string | true>;
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
): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
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
      if (eq > 0) throw new UsageError(`option --${name} takes no value`);
      options.set(name, true);
    } else if (valued.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`option --${name} needs a value`);
      options.set(name, value);
    } else {
      throw new UsageError(`unknown option ${raw}`);
    }
  }
  return { positionals, options };
}

/** The value of an option that must be one of `choices`. */
export function choice<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const value = args.options.get(name);
  if (value === undefined) return fallback;
  if (value === true || !choices.includes(value as T)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}`);
  }
  return value as T;
}

/** The value of an option that must be a positive integer. */
export function positiveInteger(args: ParsedArgs, name: string): number | undefined {
  const value = args.options.get(name);
  if (value === undefined) return undefined;
  const n = value === true ? Number.NaN : Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number`);
  return n;
}

/** The value of a string option. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return value === true ? undefined : value;
}

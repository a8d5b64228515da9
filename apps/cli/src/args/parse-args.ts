import { UsageError } from '../cli-error';

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** One letter, used as `-x`. */
  short?: string;
  /** Shown in help as `--flag <valueName>`. */
  valueName?: string;
  choices?: readonly string[];
  description: string;
}

export interface PositionalSpec {
  name: string;
  required: boolean;
  description: string;
}

export interface ArgsSpec {
  positionals: readonly PositionalSpec[];
  flags: Readonly<Record<string, FlagSpec>>;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
  /** `--help` or `-h` was given: the caller prints help and ignores everything else. */
  help: boolean;
}

/**
 * Parses a command's arguments: `--flag value`, `--flag=value`, `-f value`, boolean `--flag`, and `--`
 * to end flags. Anything the spec does not name is a UsageError, so a typo never silently does
 * something else. A string flag refuses a value that looks like another long flag (`--message --yes`).
 */
export function parseArgs(command: string, argv: readonly string[], spec: ArgsSpec): ParsedArgs {
  const endOfFlags = argv.indexOf('--');
  const flagPart = endOfFlags === -1 ? argv : argv.slice(0, endOfFlags);
  if (flagPart.includes('--help') || flagPart.includes('-h')) {
    return { positionals: [], flags: {}, help: true };
  }

  const byShort = new Map(
    Object.entries(spec.flags).flatMap(([name, f]) => (f.short ? [[f.short, name]] : [])),
  );
  const positionals: string[] = [];
  const flags: Record<string, string | boolean | undefined> = {};
  const seeHelp = `see 'mcp-registry ${command} --help'`;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
    } else if (arg.length === 2) {
      name = byShort.get(arg.slice(1));
    }
    const flag = name === undefined ? undefined : spec.flags[name];
    if (name === undefined || flag === undefined) {
      // A negative number is a value, not a flag, where a positional is expected.
      if (/^-\d/.test(arg)) {
        positionals.push(arg);
        continue;
      }
      throw new UsageError(`unknown flag ${arg} for ${command} (${seeHelp})`);
    }
    if (flag.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`flag --${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`flag --${name} needs a value${flag.valueName ? ` <${flag.valueName}>` : ''}`);
      }
      value = next;
      i++;
    }
    if (flag.choices && !flag.choices.includes(value)) {
      throw new UsageError(`flag --${name} must be one of ${flag.choices.join(', ')}; got "${value}"`);
    }
    flags[name] = value;
  }

  const max = spec.positionals.length;
  if (positionals.length > max) {
    throw new UsageError(`unexpected argument "${positionals[max]}" for ${command} (${seeHelp})`);
  }
  const missing = spec.positionals.slice(positionals.length).find((p) => p.required);
  if (missing) throw new UsageError(`missing <${missing.name}> for ${command} (${seeHelp})`);
  return { positionals, flags, help: false };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}

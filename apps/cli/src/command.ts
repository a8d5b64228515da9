import { ArgsSpec, ParsedArgs } from './args/parse-args';
import { CliContext } from './cli-context';

/**
 * What a command did, as `--json` prints it: one JSON object, its fields documented per command in
 * docs/cli.md. The human-readable text goes to stdout as the command runs; this is the same, for scripts.
 */
export type CommandResult = Record<string, unknown>;

/** Flags every command takes, shown last in every command's help. */
export const COMMON_FLAGS: ReadonlyArray<[string, string]> = [
  ['--json', 'Print the result as one JSON object on stdout, for scripts'],
  ['-h, --help', 'Show this help'],
];

export interface Command {
  name: string;
  /** Publisher commands talk to a running registry over HTTP; operator commands open the store. */
  group: 'publisher' | 'operator';
  summary: string;
  /** The usage line after `mcp-registry `, e.g. `import <file-or-url> [--order file|published]`. */
  usage: string;
  /** Paragraphs shown by `<command> --help` after the usage line. */
  details?: string;
  args: ArgsSpec;
  run(args: ParsedArgs, ctx: CliContext): Promise<CommandResult>;
}

/**
 * A command made of subcommands (`namespace claim`, `namespace status`, ...): each subcommand is a
 * Command of its own, with its own flags and help, named by its word after the group's name.
 */
export interface CommandGroup {
  name: string;
  group: Command['group'];
  summary: string;
  /** The usage line after `mcp-registry `, e.g. `namespace <subcommand> [arguments] [flags]`. */
  usage: string;
  details?: string;
  subcommands: readonly Command[];
}

export type CliCommand = Command | CommandGroup;

export function isCommandGroup(command: CliCommand): command is CommandGroup {
  return 'subcommands' in command;
}

export function groupHelp(group: CommandGroup): string {
  const lines = [`Usage: mcp-registry ${group.usage}`, '', group.summary];
  if (group.details) lines.push('', group.details);
  const width = Math.max(...group.subcommands.map((c) => c.name.length));
  lines.push('', 'Subcommands:');
  for (const c of group.subcommands) lines.push(`  ${c.name.padEnd(width)}  ${c.summary}`);
  lines.push('', `Run 'mcp-registry ${group.name} <subcommand> --help' for its arguments and flags.`);
  return lines.join('\n') + '\n';
}

export function commandHelp(command: Command): string {
  const lines = [`Usage: mcp-registry ${command.usage}`, '', command.summary];
  if (command.details) lines.push('', command.details);
  if (command.args.positionals.length > 0) {
    lines.push('', 'Arguments:');
    const width = Math.max(...command.args.positionals.map((p) => p.name.length + 2));
    for (const p of command.args.positionals)
      lines.push(`  ${`<${p.name}>`.padEnd(width)}  ${p.description}`);
  }
  const rows: Array<[string, string]> = Object.entries(command.args.flags).map(([name, f]) => {
    const value =
      f.type === 'string' ? ` <${f.valueName ?? (f.choices ? f.choices.join('|') : 'value')}>` : '';
    return [`${f.short ? `-${f.short}, ` : ''}--${name}${value}`, f.description];
  });
  rows.push(...COMMON_FLAGS);
  // Labels longer than the column put their description on the next line, as man pages do.
  const column = Math.min(28, Math.max(...rows.map(([label]) => label.length)));
  lines.push('', 'Flags:');
  for (const [label, description] of rows) {
    if (label.length > column) lines.push(`  ${label}`, `  ${' '.repeat(column)}  ${description}`);
    else lines.push(`  ${label.padEnd(column)}  ${description}`);
  }
  return lines.join('\n') + '\n';
}

export function overallHelp(commands: readonly CliCommand[]): string {
  const list = (group: Command['group']) =>
    commands.filter((c) => c.group === group).map((c) => `  ${c.name.padEnd(10)} ${c.summary}`);
  return [
    'mcp-registry: publish to and operate an MCP server registry',
    '',
    'Usage: mcp-registry <command> [arguments] [flags]',
    '',
    'Publisher commands (over HTTP; --registry <url>, MCP_REGISTRY_URL, default http://localhost:8080):',
    ...list('publisher'),
    '',
    'Operator commands (in-process on the store configured by MCP_REGISTRY_* variables):',
    ...list('operator'),
    '',
    "Run 'mcp-registry <command> --help' for a command's arguments and flags.",
    'Every command takes --json: its result as one JSON object on stdout.',
    '',
    'Exit codes: 0 done; 1 failed or refused (by the registry, a check, the store);',
    '            2 bad command line or unusable input file (nothing was sent).',
    '',
  ].join('\n');
}

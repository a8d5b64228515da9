import { parseArgs } from './args/parse-args';
import { CliContext } from './cli-context';
import { CliError, oneLine, UsageError } from './cli-error';
import {
  CliCommand,
  Command,
  CommandGroup,
  commandHelp,
  groupHelp,
  isCommandGroup,
  overallHelp,
} from './command';
import { importCommand } from './commands/import.command';
import { initCommand } from './commands/init.command';
import { loginCommand } from './commands/login.command';
import { logoutCommand } from './commands/logout.command';
import { namespaceCommand } from './commands/namespace.command';
import { publishCommand } from './commands/publish.command';
import { replayCommand } from './commands/replay.command';
import { statusCommand } from './commands/status.command';
import { validateCommand } from './commands/validate.command';

export const COMMANDS: readonly CliCommand[] = [
  initCommand,
  validateCommand,
  loginCommand,
  logoutCommand,
  publishCommand,
  statusCommand,
  namespaceCommand,
  importCommand,
  replayCommand,
];

/**
 * Runs one command line and returns the exit code: 0 done, 1 the command failed, 2 the command line
 * is wrong. Every failure is one line on stderr; a stack trace never reaches the operator.
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined) throw new UsageError("missing command (run 'mcp-registry --help' for the list)");
    if (name === '--help' || name === '-h' || name === 'help') {
      ctx.stdout.write(name === 'help' ? topicHelp(rest) : overallHelp(COMMANDS));
      return 0;
    }
    const found = COMMANDS.find((c) => c.name === name);
    if (!found) {
      const what = name.startsWith('-') ? `unknown flag "${name}"` : `unknown command "${name}"`;
      throw new UsageError(`${what} (run 'mcp-registry --help' for the list)`);
    }
    if (!isCommandGroup(found))
      return await runCommand({ command: found, name: found.name, argv: rest }, ctx);
    const resolved = subcommandOf(found, rest);
    if (resolved === undefined) {
      ctx.stdout.write(groupHelp(found));
      return 0;
    }
    return await runCommand(resolved, ctx);
  } catch (err) {
    const exitCode = err instanceof CliError ? err.exitCode : 1;
    const message = err instanceof Error ? err.message : String(err);
    ctx.stderr.write(`Error: ${oneLine(message) || 'unexpected failure'}\n`);
    return exitCode;
  }
}

async function runCommand({ command, name, argv }: ResolvedCommand, ctx: CliContext): Promise<number> {
  const args = parseArgs(name, argv, command.args);
  if (args.help) {
    ctx.stdout.write(commandHelp(command));
    return 0;
  }
  await command.run(args, ctx);
  return 0;
}

interface ResolvedCommand {
  command: Command;
  /** As error messages name it: `login`, `namespace claim`. */
  name: string;
  argv: readonly string[];
}

/**
 * The subcommand a group's next word names, with the words after it; undefined for `--help`, to
 * print the group's help. A missing or unknown word is a UsageError listing the subcommands.
 */
function subcommandOf(group: CommandGroup, rest: readonly string[]): ResolvedCommand | undefined {
  const [word, ...argv] = rest;
  if (word === '--help' || word === '-h') return undefined;
  const names = group.subcommands.map((c) => c.name).join(', ');
  const seeHelp = `one of ${names}; see 'mcp-registry ${group.name} --help'`;
  if (word === undefined) throw new UsageError(`missing <subcommand> for ${group.name} (${seeHelp})`);
  const command = group.subcommands.find((c) => c.name === word);
  if (command) return { command, name: `${group.name} ${command.name}`, argv };
  const what = word.startsWith('-') ? `unknown flag ${word}` : `unknown subcommand "${word}"`;
  throw new UsageError(`${what} for ${group.name} (${seeHelp})`);
}

/** `help`, `help <command>` or `help <group> <subcommand>`; an unknown topic gets the overall help. */
function topicHelp(words: readonly string[]): string {
  const found = COMMANDS.find((c) => c.name === words[0]);
  if (!found) return overallHelp(COMMANDS);
  if (!isCommandGroup(found)) return commandHelp(found);
  const sub = found.subcommands.find((c) => c.name === words[1]);
  return sub ? commandHelp(sub) : groupHelp(found);
}

import { parseArgs } from './args/parse-args';
import { CliContext } from './cli-context';
import { CliError, oneLine, UsageError } from './cli-error';
import {
  CliCommand,
  Command,
  CommandResult,
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
 * (or the input file it names) is wrong. Every failure is one line on stderr; a stack trace never
 * reaches the operator. With `--json` (anywhere before `--`), stdout holds one JSON object: the
 * command's result, or on failure `{"error": {"message", "exitCode"}}` beside what was found.
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const { json, rest: words } = takeJsonFlag(argv);
  const run = json ? jsonContext(ctx) : ctx;
  try {
    const result = await dispatch(words, run);
    if (json) ctx.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (err) {
    const exitCode = err instanceof CliError ? err.exitCode : 1;
    const message = oneLine(err instanceof Error ? err.message : String(err)) || 'unexpected failure';
    ctx.stderr.write(`Error: ${message}\n`);
    if (json) {
      const found = err instanceof CliError ? err.result : undefined;
      ctx.stdout.write(`${JSON.stringify({ ...found, error: { message, exitCode } })}\n`);
    }
    return exitCode;
  }
}

async function dispatch(argv: readonly string[], ctx: CliContext): Promise<CommandResult> {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError("missing command (run 'mcp-registry --help' for the list)");
  if (name === '--help' || name === '-h' || name === 'help') {
    return help(ctx, name === 'help' ? topicHelp(rest) : overallHelp(COMMANDS));
  }
  const found = COMMANDS.find((c) => c.name === name);
  if (!found) {
    const what = name.startsWith('-') ? `unknown flag "${name}"` : `unknown command "${name}"`;
    throw new UsageError(`${what} (run 'mcp-registry --help' for the list)`);
  }
  if (!isCommandGroup(found)) return runCommand({ command: found, name: found.name, argv: rest }, ctx);
  const resolved = subcommandOf(found, rest);
  if (resolved === undefined) return help(ctx, groupHelp(found));
  return runCommand(resolved, ctx);
}

async function runCommand({ command, name, argv }: ResolvedCommand, ctx: CliContext): Promise<CommandResult> {
  const args = parseArgs(name, argv, command.args);
  if (args.help) return help(ctx, commandHelp(command));
  return command.run(args, ctx);
}

/** Help text; under --json, `{"help": "<the text>"}`, so that stdout is one JSON object whatever was asked. */
function help(ctx: CliContext, text: string): CommandResult {
  ctx.stdout.write(text);
  return { help: text };
}

/** `--json` is every command's flag, so it is taken out before the command's own flags are parsed. */
function takeJsonFlag(argv: readonly string[]): { json: boolean; rest: string[] } {
  const end = argv.indexOf('--');
  const flags = end === -1 ? argv : argv.slice(0, end);
  const rest = flags.filter((a) => a !== '--json');
  return {
    json: rest.length < flags.length,
    rest: end === -1 ? rest : [...rest, ...argv.slice(end)],
  };
}

/**
 * The context a command runs in under --json: its text output is dropped, since stdout is kept for
 * the one JSON result, and a prompt for typed input goes to stderr.
 */
function jsonContext(ctx: CliContext): CliContext {
  return {
    ...ctx,
    json: true,
    stdout: { write: () => true, isTTY: false },
    readLine: (prompt) => {
      ctx.stderr.write(prompt);
      return ctx.readLine('');
    },
  };
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

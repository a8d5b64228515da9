import { parseArgs } from './args/parse-args';
import { CliContext } from './cli-context';
import { CliError, oneLine, UsageError } from './cli-error';
import { Command, commandHelp, overallHelp } from './command';
import { importCommand } from './commands/import.command';
import { initCommand } from './commands/init.command';
import { loginCommand } from './commands/login.command';
import { logoutCommand } from './commands/logout.command';
import { publishCommand } from './commands/publish.command';
import { replayCommand } from './commands/replay.command';
import { statusCommand } from './commands/status.command';
import { validateCommand } from './commands/validate.command';

export const COMMANDS: readonly Command[] = [
  initCommand,
  validateCommand,
  loginCommand,
  logoutCommand,
  publishCommand,
  statusCommand,
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
      const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
      ctx.stdout.write(topic ? commandHelp(topic) : overallHelp(COMMANDS));
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      const what = name.startsWith('-') ? `unknown flag "${name}"` : `unknown command "${name}"`;
      throw new UsageError(`${what} (run 'mcp-registry --help' for the list)`);
    }
    const args = parseArgs(command.name, rest, command.args);
    if (args.help) {
      ctx.stdout.write(commandHelp(command));
      return 0;
    }
    await command.run(args, ctx);
    return 0;
  } catch (err) {
    const exitCode = err instanceof CliError ? err.exitCode : 1;
    const message = err instanceof Error ? err.message : String(err);
    ctx.stderr.write(`Error: ${oneLine(message) || 'unexpected failure'}\n`);
    return exitCode;
  }
}

import { CliContext } from './cli-context';
import { CliError, UsageError } from './cli-error';

/**
 * Asks before a change that cannot be undone, unless `--yes` answered already; without a terminal
 * to ask on, or with `--json` (a script), the change needs `--yes`, so a script never blocks on a question.
 */
export async function confirm(ctx: CliContext, yes: boolean, what: string): Promise<void> {
  if (yes) return;
  if (ctx.json) throw new UsageError(`${what} needs --yes (--json never asks)`);
  if (ctx.stdin.isTTY !== true) {
    throw new UsageError(`${what} needs --yes (there is no terminal to confirm on)`);
  }
  const reply = (await ctx.readLine('Continue? [y/N] '))?.trim().toLowerCase();
  if (reply !== 'y' && reply !== 'yes') throw new CliError('cancelled; nothing was changed');
}

import { CliContext } from '../cli-context';
import { UsageError } from '../cli-error';

export interface SecretSource {
  /** What the secret is, for messages: `publisher key`. */
  what: string;
  /** The flag's value: the secret itself, or `-` to read it from stdin. */
  flag: string | undefined;
  flagName: string;
  /** The environment variable consulted when the flag is absent; empty counts as unset. */
  envName?: string;
}

/**
 * A secret from `--flag -` (stdin: piped, or typed at a prompt), the environment, or `--flag <value>`
 * (the last resort: shell history and `ps` show it). Undefined when none is given.
 */
export async function readSecret(ctx: CliContext, source: SecretSource): Promise<string | undefined> {
  let raw: string;
  let from: string;
  if (source.flag === '-') {
    raw =
      (ctx.stdin.isTTY === true
        ? await ctx.readLine(`${capitalised(source.what)}: `)
        : await ctx.readStdin()) ?? '';
    from = 'stdin';
  } else if (source.flag !== undefined) {
    raw = source.flag;
    from = `--${source.flagName}`;
  } else if (source.envName !== undefined && (ctx.env[source.envName]?.trim() ?? '') !== '') {
    raw = ctx.env[source.envName] ?? '';
    from = source.envName;
  } else {
    return undefined;
  }
  const secret = raw.trim();
  if (secret === '') throw new UsageError(`the ${source.what} from ${from} is empty`);
  if (/\s/.test(secret)) throw new UsageError(`the ${source.what} from ${from} holds whitespace`);
  return secret;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

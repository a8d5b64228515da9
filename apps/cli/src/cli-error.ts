/**
 * A failure the CLI reports as one line on stderr; never a stack trace. `result` is what the command
 * found before it failed (a validation's issues, a claim that is not verified): `--json` prints it
 * with the error.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
    readonly result?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line itself is wrong (unknown command or flag, missing argument): exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/**
 * The file the command line names cannot be used (missing, unreadable, not JSON, not an object):
 * exit code 2, as for a usage error, since nothing was sent anywhere.
 */
export class InputError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'InputError';
  }
}

/** One line, whatever the error: messages from HTTP bodies or libraries may hold newlines. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

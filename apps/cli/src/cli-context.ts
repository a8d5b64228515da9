import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';

/** Where output goes: enough of a Node stream for the CLI, and easy to fake in a spec. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface InputStream {
  isTTY?: boolean;
}

/** Everything a command reads from its surroundings, so commands never touch `process` directly. */
export interface CliContext {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: InputStream;
  /** Reads one line typed by the operator (confirmations); undefined when stdin ends first. */
  readLine(prompt: string): Promise<string | undefined>;
  /** All of stdin, for a secret piped in (`--key -`) rather than typed where shell history keeps it. */
  readStdin(): Promise<string>;
  env: Record<string, string | undefined>;
  /** The folder the operator ran the command in: relative paths and `init` start here. */
  cwd: string;
  /**
   * `--json` was given: stdout holds the one JSON result and nothing else, text the operator must
   * read to go on (a device-login code, a prompt) goes to stderr, and nothing asks for confirmation.
   */
  json: boolean;
  homeDir: string;
  now(): Date;
  /** Monotonic milliseconds, for rates and durations. */
  clock(): number;
}

export function processContext(): CliContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    readLine: async (prompt) => {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await new Promise<string | undefined>((resolve) => {
          rl.once('close', () => resolve(undefined));
          rl.question(prompt).then(resolve, () => resolve(undefined));
        });
      } finally {
        rl.close();
      }
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: workingDirectory(process.env, process.cwd()),
    json: false,
    homeDir: homedir(),
    now: () => new Date(),
    clock: () => performance.now(),
  };
}

/**
 * `npm run cli` runs the CLI at the checkout's root, wherever it was typed; npm keeps the folder it
 * was typed in as INIT_CWD. That folder is used only when this checkout's own `cli` script runs the
 * CLI (`npm_package_json` is this package's), so that another project's npm script that runs an
 * installed `mcp-registry` from a subfolder keeps its working directory.
 */
export function workingDirectory(env: Record<string, string | undefined>, cwd: string): string {
  const typedIn = env.INIT_CWD;
  const script = env.npm_package_json;
  if (env.npm_lifecycle_event !== 'cli' || !typedIn || !script) return cwd;
  // This file runs as <package>/<dist>/apps/cli/src/cli-context.js.
  const ownPackage = resolve(__dirname, '..', '..', '..', '..');
  return realPath(dirname(script)) === realPath(ownPackage) ? resolve(typedIn) : cwd;
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

import { homedir } from 'node:os';

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
  cwd: string;
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
    cwd: process.cwd(),
    homeDir: homedir(),
    now: () => new Date(),
    clock: () => performance.now(),
  };
}

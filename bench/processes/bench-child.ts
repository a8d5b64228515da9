import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { READY_PREFIX } from './ready-signal';

const OUTPUT_KEPT = 16_384;

/** The repository root: the nearest folder above the compiled benchmark holding package.json. */
export function repoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export interface ChildOptions {
  env?: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  timeoutMs?: number;
}

/**
 * One benchmark process (a server under test, a baseline server, the insert loop), started from the
 * compiled tree with the path aliases registered. It is ready when it prints its ready line; it stops
 * when its stdin is closed, so it never outlives the benchmark.
 */
export class BenchChild<Ready> {
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
    private readonly output: () => string,
  ) {}

  /** `entry` is a file of the compiled bench/processes folder, e.g. `registry-server.js`. */
  static start<Ready>(entry: string, options: ChildOptions = {}): Promise<BenchChild<Ready>> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const child = spawn(
      process.execPath,
      [
        ...(options.nodeArgs ?? []),
        '-r',
        join(repoRoot(), 'scripts', 'register-paths.cjs'),
        join(__dirname, entry),
      ],
      {
        cwd: repoRoot(),
        env: { ...process.env, NO_COLOR: '1', ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const keep = (d: Buffer): void => {
      out = (out + d.toString()).slice(-OUTPUT_KEPT);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    return new Promise<BenchChild<Ready>>((resolvePromise, reject) => {
      const fail = (why: string): void => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`${entry} ${why}:\n${out}`));
      };
      const timer = setTimeout(() => fail(`was not ready within ${timeoutMs} ms`), timeoutMs);
      let line = '';
      const onData = (d: Buffer): void => {
        line += d.toString();
        const at = line.indexOf(READY_PREFIX);
        const end = at >= 0 ? line.indexOf('\n', at) : -1;
        if (end < 0) return;
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.off('close', onExit);
        resolvePromise(
          new BenchChild<Ready>(
            child,
            JSON.parse(line.slice(at + READY_PREFIX.length, end)) as Ready,
            () => out,
          ),
        );
      };
      const onExit = (code: number | null): void => fail(`exited (${code ?? 'signal'}) before it was ready`);
      child.stdout!.on('data', onData);
      child.once('close', onExit);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get log(): string {
    return this.output();
  }

  /** Closes its stdin and waits for it to exit; kills it if it takes longer than `graceMs`. */
  stop(graceMs = 15_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((done) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      this.child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      this.child.stdin!.end();
    });
  }
}

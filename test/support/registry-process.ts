import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './repo-paths';

/**
 * A registry app as a separate OS process (`node dist/apps/<app>/src/main.js`: the all-in-one
 * registry by default), for restart, `kill -9` and fleet tests. It listens on a free port and
 * reports it in its start-up log line. Its output (JSON log lines, one per request at the default
 * `info` level) is kept in `output()`, never printed.
 */
export class RegistryProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly output: () => string,
  ) {}

  static async start(
    env: Record<string, string>,
    timeoutMs = 30_000,
    app: 'registry' | 'registry-api' | 'projector' | 'verifier' | 'federation' = 'registry',
  ): Promise<RegistryProcess> {
    const root = repoRoot();
    const dist = process.env.REGISTRY_DIST ?? 'dist';
    const child = spawn(
      process.execPath,
      ['-r', join(root, 'scripts', 'register-paths.cjs'), join(root, dist, 'apps', app, 'src', 'main.js')],
      {
        cwd: root,
        env: {
          ...process.env,
          MCP_REGISTRY_SERVER_ADDRESS: '127.0.0.1:0',
          MCP_REGISTRY_HEALTH_ADDRESS: '127.0.0.1:0',
          NO_COLOR: '1',
          // The tests hammer it from one address; a test of the limits sets its own.
          MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: '0',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`registry did not start in ${timeoutMs} ms:\n${out}`)),
        timeoutMs,
      );
      const check = () => {
        const m = /listening on [^\s:]+:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          // Found: stop scanning an output that grows with every request line.
          child.stdout!.off('data', check);
          child.stderr!.off('data', check);
          resolve(Number(m[1]));
        }
      };
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`registry exited with ${code} before listening:\n${out}`));
      });
    });
    return new RegistryProcess(child, `http://127.0.0.1:${port}`, () => out);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  async kill9(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: a normal stop. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private signal(sig: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill(sig);
    });
  }
}

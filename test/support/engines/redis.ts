import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Redis the tests may use freely: the one `REDIS_URL` names, or a private one started for this run. */
export interface TestRedis {
  url: string;
  /** Whether the harness started this Redis (and `stop()` ends it). */
  private: boolean;
  stop(): Promise<void>;
}

/** No Redis could be had: the reason says what was tried and how to point the tests at one. */
export class RedisUnavailable extends Error {
  constructor(reason: string) {
    super(`${reason}. Set REDIS_URL=redis://host:port to run these tests against an existing Redis.`);
    this.name = 'RedisUnavailable';
  }
}

const say = (line: string): void => console.log(`[redis] ${line}`);

/**
 * `REDIS_URL` when set; otherwise a private `redis-server` on a free loopback port, installed from
 * Debian first if the binary is missing. Never the machine's shared Redis on 6379.
 */
export async function startRedis(): Promise<TestRedis> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv !== undefined && fromEnv !== '') {
    say(`using REDIS_URL=${fromEnv} (not started by the tests; left running)`);
    const { host, port } = parseRedisUrl(fromEnv);
    await waitForPong(host, port, 5_000);
    return { url: fromEnv, private: false, stop: async () => undefined };
  }
  return startPrivateRedis();
}

/**
 * A private `redis-server` whatever `REDIS_URL` says (for tests that stop and start Redis themselves),
 * on `port` when given (e.g. one a client is already retrying), else on a free one.
 */
export async function startPrivateRedis(port?: number): Promise<TestRedis> {
  const binary = findRedisServer() ?? installRedisServer();
  let lastError: unknown;
  // A free port can be taken between our probe and redis-server's bind: try a few.
  for (let tries = 0; tries < (port === undefined ? 3 : 1); tries++) {
    try {
      const redis = await launch(binary, port ?? (await freeLoopbackPort()));
      say(`using a PRIVATE redis-server (${binary}) at ${redis.url}, stopped when the tests end`);
      return redis;
    } catch (error) {
      lastError = error;
    }
  }
  throw new RedisUnavailable(`could not start ${binary}: ${String(lastError)}`);
}

function parseRedisUrl(text: string): { host: string; port: number } {
  const url = new URL(text);
  return { host: url.hostname || '127.0.0.1', port: url.port === '' ? 6379 : Number(url.port) };
}

function findRedisServer(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : undefined;
}

function installRedisServer(): string {
  if (process.getuid?.() !== 0) {
    throw new RedisUnavailable(
      'redis-server is not installed and the tests are not root, so apt-get cannot add it',
    );
  }
  // RUNLEVEL=1 keeps the package's init script from starting a system-wide Redis on 6379.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'redis-server']]) {
    say(`redis-server is missing: running apt-get ${args.join(' ')}`);
    const res = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (res.status !== 0) {
      throw new RedisUnavailable(
        `apt-get ${args.join(' ')} failed (${res.error?.message ?? `exit ${res.status}`})`,
      );
    }
  }
  const binary = findRedisServer();
  if (binary === undefined)
    throw new RedisUnavailable('apt-get installed redis-server but it is not on PATH');
  return binary;
}

/** A loopback port nothing listens on right now. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port from listen(0)');
  return address.port;
}

/**
 * Runs redis-server in the foreground under a shell watchdog: the watchdog ends Redis when its stdin
 * closes, which happens on stop() and also when this process dies without cleaning up (even SIGKILL).
 */
async function launch(binary: string, port: number): Promise<TestRedis> {
  if (port === 6379) throw new Error('refusing the shared Redis port 6379');
  const dir = mkdtempSync(join(tmpdir(), 'test-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  // A background job's stdin is /dev/null in sh, so the watchdog reads the pipe through fd 3.
  const script = 'exec 3<&0; "$0" "$@" & r=$!; (cat <&3 >/dev/null; kill "$r" 2>/dev/null) & wait "$r"';
  const child = spawn('sh', ['-c', script, binary, ...args, '--dir', dir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanup = (): void => {
    child.stdin?.end();
  };
  process.once('exit', cleanup);
  const stop = async (): Promise<void> => {
    process.off('exit', cleanup);
    await stopChild(child, exited);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      waitForPong('127.0.0.1', port, 10_000),
      exited.then((code) => {
        throw new Error(`redis-server exited (${code}) before answering: ${output.trim()}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, private: true, stop };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Sends PING until `+PONG` comes back; a raw socket, so no client library retries in the background. */
async function waitForPong(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      if (await pingOnce(host, port, Math.max(50, Math.min(1_000, deadline - Date.now())))) return;
      last = 'unexpected reply';
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Redis at ${host}:${port} did not answer PING within ${timeoutMs} ms (${last})`);
}

function pingOnce(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let reply = '';
    const done = (error?: Error): void => {
      socket.destroy();
      if (error) reject(error);
      else resolve(reply.startsWith('+PONG'));
    };
    socket.setTimeout(timeoutMs, () => done(new Error('timed out')));
    socket.once('error', (error) => done(error));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done();
    });
    socket.connect(port, host, () => socket.write('PING\r\n'));
  });
}

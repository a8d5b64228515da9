/**
 * Runs the compiled `mcp-registry` CLI as operators do (a child process) and plays the HTTP services
 * it talks to on loopback. Asynchronous spawn on purpose: the fakes answer from this process's event
 * loop, which a synchronous spawn would block.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The checkout: this file runs from <root>/<dist>/test/cli/, or from a dist elsewhere with cwd at the root. */
export const REPO_ROOT =
  [resolve(__dirname, '..', '..', '..'), process.cwd()].find((dir) =>
    existsSync(join(dir, 'scripts', 'register-paths.cjs')),
  ) ?? process.cwd();
const DIST = resolve(REPO_ROOT, process.env.REGISTRY_DIST ?? 'dist');
const MAIN = join(DIST, 'apps', 'cli', 'src', 'main.js');
const REGISTER_PATHS = join(REPO_ROOT, 'scripts', 'register-paths.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd?: string;
  /** Added to a minimal environment: PATH, TZ, REGISTRY_DIST, and HOME when `home` is given. */
  env?: Record<string, string>;
  home?: string;
  stdin?: string;
}

export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  if (!existsSync(MAIN)) throw new Error(`compiled CLI not found at ${MAIN}; run the test through npm test`);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    TZ: 'UTC',
    REGISTRY_DIST: process.env.REGISTRY_DIST ?? 'dist',
    ...(options.home ? { HOME: options.home, USERPROFILE: options.home } : {}),
    ...options.env,
  };
  return runProgram(process.execPath, ['-r', REGISTER_PATHS, MAIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env,
    stdin: options.stdin,
  });
}

export interface ProgramOptions {
  cwd: string;
  /** The whole environment of the child: nothing of this process's is passed on. */
  env: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
}

/** Runs a program to its end, collecting its output; killed after `timeoutMs` (default 20 s). */
export function runProgram(command: string, args: string[], options: ProgramOptions): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** Stdout of a `--json` run: exactly one JSON object on one line. */
export function jsonOf(run: CliRun): Record<string, unknown> {
  const lines = run.stdout.split('\n');
  if (lines.length !== 2 || lines[1] !== '') {
    throw new Error(`expected one line of JSON on stdout, got ${JSON.stringify(run.stdout)}`);
  }
  const parsed: unknown = JSON.parse(lines[0]);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`expected a JSON object on stdout, got ${lines[0]}`);
  }
  return parsed as Record<string, unknown>;
}

export interface RecordedRequest {
  method: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body: string;
  json(): unknown;
}

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  contentType?: string;
}

export type FakeRoute = (request: RecordedRequest) => FakeAnswer | undefined;

export interface FakeService {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * An HTTP service on 127.0.0.1 (port 0) that records every request and answers from `route`;
 * an unanswered request gets a problem+json 404, as the registry gives.
 */
export async function fakeService(route: FakeRoute): Promise<FakeService> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
        json: () => JSON.parse(body) as unknown,
      };
      requests.push(recorded);
      const answer = route(recorded) ?? {
        status: 404,
        body: { title: 'Not Found', status: 404, detail: `no route for ${recorded.method} ${recorded.url}` },
        contentType: 'application/problem+json',
      };
      const status = answer.status ?? 200;
      const type = answer.contentType ?? (status >= 400 ? 'application/problem+json' : 'application/json');
      res.writeHead(status, { 'content-type': type });
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export function problem(status: number, title: string, detail: string): FakeAnswer {
  return { status, body: { title, status, detail } };
}

/** A fresh directory under the OS temp dir, removed by the returned function. */
export async function temporaryDirectory(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `mcp-registry-cli-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Stderr holds exactly one line and no stack trace. */
export function oneErrorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l !== '');
  if (lines.length !== 1)
    throw new Error(`expected one stderr line, got ${lines.length}: ${JSON.stringify(stderr)}`);
  if (/\n\s+at /.test(stderr)) throw new Error(`stack trace on stderr: ${stderr}`);
  return lines[0];
}

/** A loopback URL where nothing listens: a port that was free a moment ago. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}`;
}

import assert from 'node:assert/strict';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { NamespaceProofResult } from '@registry/application/ports/namespace-proof.port';
import { CompositeNamespaceProofChecker, NamespaceProofOptions } from '@registry/namespace-proof';
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from './self-signed-certificate';

const TOKEN = 'h7Tq2Vx9Lm4Np8Rs1Wd6Yb3Kc5Fg0Je';
const PATH = '/.well-known/mcp-registry-verification';

interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer: the request hangs until the client gives up. */
  hang?: boolean;
}

function failure(result: NamespaceProofResult) {
  assert.equal(result.outcome, 'failed', JSON.stringify(result));
  if (result.outcome !== 'failed') throw new Error('unreachable');
  return result;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * One plain-HTTP server on loopback stands in for https://<domain> of many domains: each domain is
 * served under its own path prefix, http://127.0.0.1:<port>/<domain>.
 */
describe('http namespace proof against a web server on loopback', () => {
  const answers = new Map<string, Answer>();
  const web = createServer((req: IncomingMessage, res: ServerResponse) => {
    const answer = answers.get(req.url ?? '');
    if (answer === undefined) return res.writeHead(404).end('not found');
    if (answer.hang === true) return;
    res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
  });
  const tls = createHttpsServer({ key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT }, (_req, res) =>
    res.end(TOKEN),
  );
  let webPort = 0;
  let tlsPort = 0;
  let closedPort = 0;

  const options = (overrides: Partial<NamespaceProofOptions> = {}): NamespaceProofOptions => ({
    dnsResolvers: [],
    githubApiBaseUrl: 'http://127.0.0.1:9',
    allowPrivateAddresses: true,
    httpBaseUrl: (domain) => `http://127.0.0.1:${webPort}/${domain}`,
    httpTimeoutMs: 300,
    ...overrides,
  });
  const check = (namespace: string, overrides: Partial<NamespaceProofOptions> = {}) =>
    new CompositeNamespaceProofChecker(options(overrides)).check({ namespace, method: 'http', token: TOKEN });
  const url = (domain: string): string => `http://127.0.0.1:${webPort}/${domain}${PATH}`;

  before(async () => {
    webPort = await listen(web);
    tlsPort = await listen(tls);
    const spare = createServer();
    closedPort = await listen(spare);
    await close(spare);
    const serve = (domain: string, answer: Answer): void => void answers.set(`/${domain}${PATH}`, answer);
    serve('example.com', { status: 200, body: `  ${TOKEN}\r\n` });
    serve('missing.example.com', { status: 404, body: 'Not Found' });
    serve('down.example.com', { status: 503, body: 'maintenance' });
    serve('moved.example.com', { status: 301, headers: { location: 'https://www.example.com/x' } });
    serve('big.example.com', { status: 200, body: `${TOKEN}\n${'#'.repeat(2048)}` });
    serve('page.example.com', { status: 200, body: `\u001b[31m<html>${'x'.repeat(100)}` });
    serve('empty.example.com', { status: 200, body: '' });
    serve('slow.example.com', { status: 200, hang: true });
  });
  after(async () => {
    await close(web);
    await close(tls);
  });

  it('proves a file holding the token, surrounding whitespace aside', async () => {
    assert.deepEqual(await check('com.example'), { outcome: 'proven', checked: `GET ${url('example.com')}` });
  });

  it('says http-status for a 404, not retryable', async () => {
    const { diagnosis, retryable } = failure(await check('com.example.missing'));
    assert.equal(diagnosis.code, 'http-status');
    assert.equal(retryable, false);
    assert.equal(diagnosis.seen, 'HTTP 404');
    assert.equal(diagnosis.expected, TOKEN);
    assert.ok(diagnosis.message.includes(url('missing.example.com')));
  });

  it('says http-status for a 503, retryable', async () => {
    const { diagnosis, retryable } = failure(await check('com.example.down'));
    assert.equal(diagnosis.code, 'http-status');
    assert.equal(retryable, true);
    assert.equal(diagnosis.seen, 'HTTP 503');
  });

  it('says redirect with the Location, which is not followed', async () => {
    const { diagnosis, retryable } = failure(await check('com.example.moved'));
    assert.equal(diagnosis.code, 'redirect');
    assert.equal(retryable, false);
    assert.equal(diagnosis.seen, 'https://www.example.com/x');
    assert.match(diagnosis.message, /redirects are not followed/);
  });

  it('says too-large for a body over 1 KiB', async () => {
    const { diagnosis } = failure(await check('com.example.big'));
    assert.equal(diagnosis.code, 'too-large');
    assert.equal(diagnosis.seen, 'more than 1024 bytes');
  });

  it('says wrong-body with the first 64 characters, control characters escaped', async () => {
    const { diagnosis, retryable } = failure(await check('com.example.page'));
    assert.equal(diagnosis.code, 'wrong-body');
    assert.equal(retryable, false);
    assert.equal(diagnosis.seen, `"\\u001b[31m<html>${'x'.repeat(48)}…"`);
  });

  it('says wrong-body for an empty file', async () => {
    const { diagnosis } = failure(await check('com.example.empty'));
    assert.equal(diagnosis.code, 'wrong-body');
    assert.equal(diagnosis.seen, '(empty body)');
  });

  it('says timeout, retryable, when the server does not answer in time', async () => {
    const { diagnosis, retryable } = failure(await check('com.example.slow'));
    assert.equal(diagnosis.code, 'timeout');
    assert.equal(retryable, true);
  });

  it('says connection, retryable, when nothing listens', async () => {
    const { diagnosis, retryable } = failure(
      await check('com.example', { httpBaseUrl: (domain) => `http://127.0.0.1:${closedPort}/${domain}` }),
    );
    assert.equal(diagnosis.code, 'connection');
    assert.equal(retryable, true);
    assert.equal(diagnosis.seen, 'ECONNREFUSED');
  });

  it('says tls with the error code for a certificate it cannot trust', async () => {
    const { diagnosis, retryable } = failure(
      await check('com.example', { httpBaseUrl: () => `https://127.0.0.1:${tlsPort}`, httpTimeoutMs: 2_000 }),
    );
    assert.equal(diagnosis.code, 'tls');
    assert.equal(retryable, false);
    assert.match(diagnosis.seen ?? '', /SELF_SIGNED|CERT/);
  });

  it('says address-refused for a host on a private address', async () => {
    const { diagnosis, retryable } = failure(await check('com.example', { allowPrivateAddresses: false }));
    assert.equal(diagnosis.code, 'address-refused');
    assert.equal(retryable, false);
    assert.match(diagnosis.seen ?? '', /127\.0\.0\.1 \(loopback\)/);
  });
});

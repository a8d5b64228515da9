import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeDnsServer } from '@test/support/fakes/dns';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';
import { CliRun, jsonOf, oneErrorLine, runCli, temporaryDirectory } from './cli-harness';

const CHALLENGE_NAME = '_mcp-registry-challenge.example.com';
const REVOKED_KEY_LINE =
  'Error: api-key login failed: 401 Unauthorized: API key authentication failed: ' +
  'unknown or revoked publisher key, or its namespace claim is no longer verified';

type TemporaryDirectory = Awaited<ReturnType<typeof temporaryDirectory>>;

function match(text: string, pattern: RegExp): RegExpMatchArray {
  const found = text.match(pattern);
  assert.ok(found, `${pattern} not in ${JSON.stringify(text)}`);
  return found;
}

describe('mcp-registry namespace and login api-key against a registry on loopback', () => {
  const dns = new FakeDnsServer();
  let registry: RegistryUnderTest;
  /** The namespace owner's machine (logged in as alice), a CI runner (no login yet), a working dir. */
  let owner: TemporaryDirectory;
  let ci: TemporaryDirectory;
  let work: TemporaryDirectory;

  const cli = (home: TemporaryDirectory, args: string[], env: Record<string, string> = {}, stdin?: string) =>
    runCli(args, {
      cwd: work.path,
      home: home.path,
      env: { MCP_REGISTRY_URL: registry.baseUrl, ...env },
      stdin,
    });
  const ok = (run: CliRun) => assert.equal(run.code, 0, `${run.stderr}\n${run.stdout}`);
  const tokenFile = (home: TemporaryDirectory) => join(home.path, '.mcp-registry', 'token.json');

  const logIn = async (home: TemporaryDirectory, subject: string) => {
    await mkdir(join(home.path, '.mcp-registry'), { recursive: true });
    const token = await registry.token([], subject);
    await writeFile(
      tokenFile(home),
      JSON.stringify({ token, method: 'github-at', registry: registry.baseUrl }),
    );
  };

  before(async () => {
    await dns.start();
    registry = await RegistryUnderTest.start({
      MCP_REGISTRY_DNS_RESOLVER: dns.address,
      MCP_REGISTRY_NAMESPACE_SWEEP_MS: '100',
      MCP_REGISTRY_NAMESPACE_FIRST_RETRY_MS: '100',
      MCP_REGISTRY_NAMESPACE_RECHECK_INTERVAL_MS: '1000',
      MCP_REGISTRY_NAMESPACE_GRACE_MS: '60000',
    });
    [owner, ci, work] = await Promise.all(['owner', 'ci', 'work'].map((p) => temporaryDirectory(p)));
    await logIn(owner, 'alice');
    await writeFile(
      join(work.path, 'server.json'),
      JSON.stringify(serverJson('com.example/api', '1.0.0'), null, 2),
    );
  });
  after(async () => {
    await Promise.all([owner, ci, work].map((d) => d?.remove()));
    await registry?.close();
    await dns.close();
  });

  it('claims with dns, proves it, mints a key that logs CI in and publishes; a revoked key logs in no more', async () => {
    // The claim says what to put where.
    const claimed = await cli(owner, ['namespace', 'claim', 'com.example', '--method', 'dns']);
    ok(claimed);
    const [, id] = match(
      claimed.stdout,
      /^✓ Claimed com\.example with dns: claim (\S+) is pending \(proof due by \d{4}-\S+Z\)$/m,
    );
    const [, challenge] = match(
      claimed.stdout,
      /^ {2}Value: {2}mcp-registry-verification=([A-Za-z0-9_-]+)$/m,
    );
    assert.match(claimed.stdout, new RegExp(`^  Name: {3}${CHALLENGE_NAME}$`, 'm'));
    assert.match(claimed.stdout, /^ {2}Type: {3}TXT$/m);
    assert.match(claimed.stdout, /^It proves: com\.example\/\*, com\.example\.\*\/\*$/m);
    assert.match(claimed.stdout, new RegExp(`to check now: mcp-registry namespace verify ${id}\\n$`));

    // Nothing in DNS yet: verify says what it looked for, and fails.
    const early = await cli(owner, ['namespace', 'verify', id]);
    assert.equal(early.code, 1);
    assert.match(
      oneErrorLine(early.stderr),
      new RegExp(`^Error: com\\.example is not verified: claim ${id} is pending \\(last check: nxdomain\\)$`),
    );
    assert.match(early.stdout, /^Last check failed: .+ \(nxdomain\)$/m);
    assert.match(early.stdout, new RegExp(`^  Checked: .*${CHALLENGE_NAME}`, 'm'));
    const earlyJson = await cli(owner, ['namespace', 'verify', id, '--json']);
    assert.equal(earlyJson.code, 1);
    const unverified = jsonOf(earlyJson);
    assert.equal(unverified.verified, false);
    assert.equal((unverified.claim as { id: string }).id, id);
    assert.equal((unverified.claim as { diagnosis: { code: string } }).diagnosis.code, 'nxdomain');
    assert.deepEqual(unverified.error, { message: oneErrorLine(early.stderr).slice(7), exitCode: 1 });

    // The record in place: verified at once.
    dns.setTxt(CHALLENGE_NAME, [`mcp-registry-verification=${challenge}`]);
    const verified = await cli(owner, ['namespace', 'verify', id]);
    ok(verified);
    assert.match(verified.stdout, /^ {2}Status: +verified since /m);
    assert.match(verified.stdout, /^Keep this DNS TXT record in place/m);
    assert.match(verified.stdout, /✓ com\.example is verified\n$/);
    assert.equal(verified.stderr, '');

    const listed = await cli(owner, ['namespace', 'status']);
    ok(listed);
    const [header, row, ...rest] = listed.stdout.trimEnd().split('\n');
    assert.match(header, /^ID +NAMESPACE +METHOD +STATUS +SINCE +KEYS$/);
    assert.match(row, new RegExp(`^${id} +com\\.example +dns +verified +\\S+Z +0$`));
    assert.deepEqual(rest, []);

    // A key, shown once.
    const created = await cli(owner, ['namespace', 'keys', id, 'create', '--name', 'ci']);
    ok(created);
    const [, keyId] = match(created.stdout, /^✓ Created publisher key (\S+) "ci" for claim /m);
    const [key] = match(created.stdout, /^mcpr_[A-Za-z0-9_-]+$/m);
    assert.match(created.stdout, /only time the key is shown/);
    const shown = await cli(owner, ['namespace', 'keys', id]);
    ok(shown);
    assert.match(shown.stdout, new RegExp(`^  ${keyId}  ci  mcpr_\\S*…  created \\S+, never used$`, 'm'));
    assert.ok(!shown.stdout.includes(key), 'the secret is not shown again');
    const keysJson = jsonOf(await cli(owner, ['namespace', 'keys', id, '--json']));
    assert.equal(keysJson.claimId, id);
    assert.deepEqual(
      (keysJson.keys as Array<Record<string, unknown>>).map((k) => [k.id, k.name, k.lastUsedAt]),
      [[keyId, 'ci', null]],
    );
    const statusJson = jsonOf(await cli(owner, ['namespace', 'status', '--json']));
    assert.deepEqual(
      (statusJson.claims as Array<Record<string, unknown>>).map((c) => [c.id, c.namespace, c.status]),
      [[id, 'com.example', 'verified']],
    );

    // CI logs in with the key from stdin (and the environment), then publishes in the namespace.
    const login = await cli(ci, ['login', 'api-key', '--key', '-'], {}, `${key}\n`);
    ok(login);
    assert.match(login.stdout, /✓ Successfully logged in \(token saved in .*token\.json, valid until /);
    const saved = JSON.parse(await readFile(tokenFile(ci), 'utf8')) as Record<string, unknown>;
    assert.equal(saved.method, 'api-key');
    assert.equal(saved.registry, registry.baseUrl);
    ok(await cli(ci, ['login', 'api-key'], { MCP_REGISTRY_API_KEY: key }));
    const published = await cli(ci, ['publish']);
    ok(published);
    assert.match(published.stdout, /✓ Server com\.example\/api version 1\.0\.0/);
    const used = await cli(owner, ['namespace', 'status', id]);
    ok(used);
    assert.match(used.stdout, new RegExp(`^  ${keyId}  ci  .*, last used \\S+Z$`, 'm'));

    // Revoked: the key logs in no more, and the token it gave publishes no more.
    ok(await cli(owner, ['namespace', 'keys', id, 'revoke', keyId]));
    const before = await readFile(tokenFile(ci), 'utf8');
    const refused = await cli(ci, ['login', 'api-key'], { MCP_REGISTRY_API_KEY: key });
    assert.equal(refused.code, 1);
    assert.equal(oneErrorLine(refused.stderr), REVOKED_KEY_LINE);
    assert.equal(await readFile(tokenFile(ci), 'utf8'), before, 'the stored login is left as it was');
    const stale = await cli(ci, ['publish']);
    assert.equal(stale.code, 1);
    assert.match(oneErrorLine(stale.stderr), /^Error: publish failed: 403 Forbidden: .*revoked/);

    // Released only when asked twice; then gone.
    const unasked = await cli(owner, ['namespace', 'release', id]);
    assert.equal(unasked.code, 2);
    assert.equal(
      oneErrorLine(unasked.stderr),
      `Error: releasing claim ${id} needs --yes (there is no terminal to confirm on)`,
    );
    ok(await cli(owner, ['namespace', 'status', id]));
    const released = await cli(owner, ['namespace', 'release', id, '--yes']);
    ok(released);
    assert.match(released.stdout, new RegExp(`✓ Released claim ${id} for com\\.example\\n$`));
    const gone = await cli(owner, ['namespace', 'status', id]);
    assert.equal(gone.code, 1);
    assert.equal(
      oneErrorLine(gone.stderr),
      'Error: reading the namespace claim failed: 404 Not Found: Namespace claim not found',
    );
  });

  const refusals: Array<{
    args: string[];
    code: number;
    line: string | RegExp;
    env?: Record<string, string>;
  }> = [
    {
      args: ['namespace', 'claim', 'com.example', '--method', 'carrier-pigeon'],
      code: 2,
      line: 'Error: flag --method must be one of dns, http, github; got "carrier-pigeon"',
    },
    {
      args: ['namespace', 'claim', '--method', 'dns'],
      code: 2,
      line: "Error: missing <namespace> for namespace claim (see 'mcp-registry namespace claim --help')",
    },
    {
      args: ['namespace', 'claim', 'com.example'],
      code: 2,
      line: 'Error: --method is required (dns, http, github)',
    },
    {
      args: ['namespace', 'claim', 'io.github.bob', '--method', 'github'],
      code: 2,
      line: 'Error: a github claim needs a GitHub token: set MCP_GITHUB_TOKEN, or give --github-token - and pipe it in',
    },
    {
      args: ['namespace', 'claim', 'com', '--method', 'dns'],
      code: 1,
      line: /^Error: namespace claim failed: 400 Bad Request: invalid namespace "com": expected a reversed domain/,
    },
    {
      args: ['namespace', 'verify', 'no-such-claim'],
      code: 1,
      line: 'Error: verification failed: 404 Not Found: Namespace claim not found',
    },
    {
      args: ['namespace', 'keys', 'no-such-claim', 'create'],
      code: 1,
      line: 'Error: key creation failed: 404 Not Found: Namespace claim not found',
    },
    {
      args: ['namespace', 'keys', 'no-such-claim', 'rotate'],
      code: 2,
      line: `Error: unknown keys action "rotate" (one of create, revoke; see 'mcp-registry namespace keys --help')`,
    },
    {
      args: ['namespace', 'keys', 'no-such-claim', 'revoke'],
      code: 2,
      line: "Error: missing <keyId> for namespace keys revoke (see 'mcp-registry namespace keys --help')",
    },
    {
      args: ['namespace', 'keys', 'no-such-claim', '--name', 'ci'],
      code: 2,
      line: 'Error: --name applies to keys create only',
    },
    {
      args: ['namespace', 'adopt', 'com.example'],
      code: 2,
      line: `Error: unknown subcommand "adopt" for namespace (one of claim, status, verify, keys, release; see 'mcp-registry namespace --help')`,
    },
    {
      args: ['namespace'],
      code: 2,
      line: `Error: missing <subcommand> for namespace (one of claim, status, verify, keys, release; see 'mcp-registry namespace --help')`,
    },
    {
      args: ['login', 'api-key'],
      code: 2,
      line: 'Error: api-key login needs a publisher key: set MCP_REGISTRY_API_KEY, or give --key - and pipe it in',
    },
    {
      args: ['login', 'api-key', '--key', '-'],
      code: 2,
      line: 'Error: the publisher key from stdin is empty',
    },
    {
      args: ['login', 'none', '--key', 'mcpr_x'],
      code: 2,
      line: 'Error: --key applies to api-key login only',
    },
  ];
  for (const r of refusals) {
    it(`"${r.args.join(' ')}" fails with exit ${r.code} and one line, and changes nothing`, async () => {
      const bob = await temporaryDirectory('bob');
      try {
        await logIn(bob, 'bob');
        const stored = await readFile(tokenFile(bob), 'utf8');
        const run = await cli(bob, r.args, r.env);
        assert.equal(run.code, r.code, run.stderr);
        const line = oneErrorLine(run.stderr);
        if (typeof r.line === 'string') assert.equal(line, r.line);
        else assert.match(line, r.line);
        assert.equal(await readFile(tokenFile(bob), 'utf8'), stored);
        const claims = await cli(bob, ['namespace', 'status']);
        ok(claims);
        assert.match(claims.stdout, /^No namespace claims /);
      } finally {
        await bob.remove();
      }
    });
  }

  it('says how to log in when there is no login, and names a registry without the extension', async () => {
    const nobody = await temporaryDirectory('nobody');
    try {
      const run = await cli(nobody, ['namespace', 'status']);
      assert.equal(run.code, 1);
      assert.equal(oneErrorLine(run.stderr), "Error: not logged in; run 'mcp-registry login <method>' first");
      await logIn(nobody, 'nobody');
      // Anything but a registry card where the card should be.
      const elsewhere = await cli(nobody, ['namespace', 'status', '--registry', `${registry.baseUrl}/v0`]);
      assert.equal(elsewhere.code, 1);
      assert.match(
        oneErrorLine(elsewhere.stderr),
        /^Error: reading the registry card failed: 404 Not Found: .* \(namespace claims and API keys need a registry that serves \/\.well-known\/mcp-registry\)$/,
      );
    } finally {
      await nobody.remove();
    }
  });
});

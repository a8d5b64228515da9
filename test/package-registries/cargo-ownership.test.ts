import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PackageOwnershipVerifier } from '@registry/package-registries';
import {
  FakeCratesRegistry,
  startPackageRegistryFakes,
  PackageRegistryFakes,
} from '@test/support/fakes/package-registries';
import { testVerifier, verifyOne } from './verifier-harness';

const NAME = 'io.github.test/combined';

// Ported from cargo_test.go (TestValidateCargoCombinedFixture, TestValidateCargo_ServerNameFormats, ...).
describe('Cargo ownership (mcp-name token in the rendered README) against a fake crates.io', () => {
  let fakes: PackageRegistryFakes;
  let crates: FakeCratesRegistry;
  let verifier: PackageOwnershipVerifier;
  const check = (identifier: string, version = '0.1.0', serverName = NAME): Promise<string | undefined> =>
    verifyOne(verifier, serverName, { registryType: 'cargo', identifier, version });

  before(async () => {
    fakes = await startPackageRegistryFakes();
    crates = fakes.crates;
    crates
      .addCrate('combined-happy', { readmeHtml: `<html><body><p>mcp-name: ${NAME}</p></body></html>` })
      .addCrate('combined-prefix', {
        readmeHtml: `<html><body><p>mcp-name: ${NAME}-extended</p></body></html>`,
      })
      .addCrate('combined-glued', { readmeHtml: `<html><body><p>mcp-name: ${NAME}.</p></body></html>` })
      .addCrate('combined-no-token', { readmeHtml: '<html><body><p>serde</p></body></html>' })
      .addCrate('combined-readme403-noreadme');
    verifier = testVerifier({ ...fakes.options, timeouts: { requestMs: 1_000 } });
  });
  after(() => fakes.close());

  it('passes with the visible token, requesting the escaped crate path', async () => {
    assert.equal(await check('combined-happy'), undefined);
    assert.ok(crates.requests.some((r) => r.url === '/api/v1/crates/combined-happy/0.1.0/readme'));
    const readme = crates.requests.find((r) => r.url.startsWith('/readmes/combined-happy/'));
    assert.equal(
      readme?.headers['user-agent'],
      'MCP-Registry-Validator/1.0 (https://registry.modelcontextprotocol.io)',
    );
  });

  for (const serverName of [
    'io.github.Wolfe-Jam/rust-faf-mcp',
    'io.github.example/multi-hyphen-test-name',
    'io.github.example/snake_case_name',
    'io.github.example/server-v2',
    'io.github.example/group.tool',
  ]) {
    it(`accepts the server name format ${serverName}`, async () => {
      const crate = `fmt-${serverName.replace(/[^a-z0-9]/gi, '-').toLowerCase()}`;
      crates.addCrate(crate, { readmeHtml: `<html><body>\nmcp-name: ${serverName}\n</body></html>` });
      assert.equal(await check(crate, '0.1.0', serverName), undefined);
    });
  }

  it('rejects a longer declared name and explains a glued token', async () => {
    assert.equal(
      await check('combined-prefix'),
      `cargo package 'combined-prefix' version '0.1.0' ownership validation failed: found 'mcp-name: ${NAME}' in the README, but it is immediately followed by "-" rather than a boundary. The token must be followed by a space, newline, or an HTML tag — put it on its own line and publish a new version`,
    );
    assert.match(
      (await check('combined-glued')) ?? '',
      /'combined-glued' version '0\.1\.0' ownership validation failed: .*immediately followed by "\."/,
    );
    assert.equal(
      await check('combined-no-token'),
      `cargo package 'combined-no-token' version '0.1.0' ownership validation failed. The server name '${NAME}' must appear as 'mcp-name: ${NAME}' in the package README`,
    );
  });

  it('disambiguates a README 403 with the version endpoint', async () => {
    assert.equal(
      await check('combined-readme403-missing'),
      "cargo package 'combined-readme403-missing' version '0.1.0' not found on crates.io",
    );
    assert.equal(
      await check('combined-readme403-noreadme'),
      `cargo package 'combined-readme403-noreadme' version '0.1.0' exists on crates.io, but its rendered README could not be retrieved (status: 403). If it has no README, add one containing 'mcp-name: ${NAME}' and publish a new version`,
    );
    crates.respondTo('/api/v1/crates/combined-probe429/0.1.0', { status: 429 });
    assert.equal(
      await check('combined-probe429'),
      "crates.io could not confirm cargo package 'combined-probe429' version '0.1.0' (README status: 403, version check inconclusive) — likely transient, retry later",
    );
  });

  it('treats 429 and 5xx as transient, never as "not found"', async () => {
    crates
      .addCrate('combined-readme429', { readmeHtml: 'x' })
      .addCrate('combined-readme502', { readmeHtml: 'x' });
    crates.respondTo('/readmes/combined-readme429/combined-readme429-0.1.0.html', { status: 429 });
    crates.respondTo('/readmes/combined-readme502/combined-readme502-0.1.0.html', { status: 502 });
    crates.respondTo('/api/v1/crates/combined-meta503/0.1.0/readme', { status: 503 });
    crates.respondTo('/api/v1/crates/combined-meta404/0.1.0/readme', { status: 404 });
    assert.equal(
      await check('combined-readme429'),
      "crates.io rate-limited the README fetch for cargo package 'combined-readme429' version '0.1.0' (status: 429) — likely transient, retry later",
    );
    assert.equal(
      await check('combined-readme502'),
      "crates.io upstream error fetching README for cargo package 'combined-readme502' version '0.1.0' (status: 502) — likely transient, retry later",
    );
    assert.equal(
      await check('combined-meta503'),
      "crates.io upstream error fetching metadata for cargo package 'combined-meta503' (status: 503) — likely transient, retry later",
    );
    assert.equal(
      await check('combined-meta404'),
      "cargo package 'combined-meta404' metadata fetch failed (status: 404)",
    );
  });

  it('refuses a README pointer on a foreign host (SSRF guard) before fetching it', async () => {
    const evil = new FakeCratesRegistry();
    const { baseUrl } = await evil.start();
    try {
      evil.readmePointerOverride = 'http://internal.invalid/secret-readme';
      const against = testVerifier({ ...fakes.options, cratesBaseUrl: baseUrl });
      assert.equal(
        await verifyOne(against, 'io.github.test/evil', {
          registryType: 'cargo',
          identifier: 'evil-crate',
          version: '0.1.0',
        }),
        `cargo package 'evil-crate': crates.io returned a README URL on an unexpected host/scheme "http://internal.invalid/secret-readme" — refusing to fetch`,
      );
      assert.equal(evil.requests.length, 1);
    } finally {
      await evil.close();
    }
  });

  it('reports a crates.io that does not answer', async () => {
    const slow = new FakeCratesRegistry();
    const { baseUrl } = await slow.start();
    try {
      slow.hang();
      const against = testVerifier({
        ...fakes.options,
        cratesBaseUrl: baseUrl,
        timeouts: { requestMs: 200 },
      });
      assert.equal(
        await verifyOne(against, NAME, { registryType: 'cargo', identifier: 'x-crate', version: '0.1.0' }),
        `failed to fetch package metadata from crates.io: Get "${baseUrl}/api/v1/crates/x-crate/0.1.0/readme": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      );
    } finally {
      await slow.close();
    }
  });
});

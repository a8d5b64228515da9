import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PackageOwnershipVerifier } from '@registry/package-registries';
import {
  FakeOciRegistry,
  startPackageRegistryFakes,
  PackageRegistryFakes,
} from '@test/support/fakes/package-registries';
import { testVerifier, verifyOne } from './verifier-harness';

const NAME = 'io.github.owner/repo';
const LABEL = 'io.modelcontextprotocol.server.name';

describe('OCI ownership (server name label) against a fake registry API v2 with token auth', () => {
  let fakes: PackageRegistryFakes;
  let oci: FakeOciRegistry;
  let verifier: PackageOwnershipVerifier;
  const check = (identifier: string, serverName = NAME): Promise<string | undefined> =>
    verifyOne(verifier, serverName, { registryType: 'oci', identifier });

  before(async () => {
    fakes = await startPackageRegistryFakes();
    oci = fakes.oci;
    oci.addOciImage('owner/repo', '1.0.0', { labels: { [LABEL]: NAME } });
    oci.addOciImage('owner/multi', '1.0.0', {
      labels: { [LABEL]: NAME },
      platforms: [
        { os: 'linux', architecture: 'arm64' },
        { os: 'linux', architecture: 'amd64' },
      ],
    });
    oci.addOciImage('owner/arm-only', '1.0.0', {
      labels: { [LABEL]: NAME },
      platforms: [{ os: 'linux', architecture: 'arm64' }],
    });
    oci.addOciImage('owner/other-name', '1.0.0', { labels: { [LABEL]: 'io.github.someone/else' } });
    oci.addOciImage('owner/no-labels', '1.0.0', { labels: null });
    oci.addOciImage('owner/other-labels', '1.0.0', { labels: { 'org.opencontainers.image.title': 'x' } });
    oci.addOciImage('owner/private', '1.0.0', { labels: { [LABEL]: NAME }, private: true });
    oci.addOciImage('library/alpine', '3', { labels: { [LABEL]: 'io.github.library/alpine' } });
    oci.acceptCredential('robot:s3cret');
    verifier = testVerifier({ ...fakes.options, timeouts: { ociImageMs: 2_000 } });
  });
  after(() => fakes.close());

  it('passes through the token flow, and fetches the config blob from the CDN without credentials', async () => {
    const before = oci.requests.length;
    assert.equal(await check('ghcr.io/owner/repo:1.0.0'), undefined);
    const seen = oci.requests.slice(before);
    assert.deepEqual(
      seen.map((r) => r.url.split('?')[0]),
      [
        '/v2/',
        '/token',
        '/v2/owner/repo/manifests/1.0.0',
        `/v2/owner/repo/blobs/${seen[3].url.split('/').pop()}`,
        seen[4].url,
      ],
    );
    assert.match(seen[1].url, /scope=repository%3Aowner%2Frepo%3Apull/);
    assert.match(seen[2].headers.authorization ?? '', /^Bearer /);
    assert.match(seen[4].url, /^\/cdn\/blobs\/sha256:/);
    assert.equal(seen[4].headers.authorization, undefined);
  });

  it('resolves an image index to its linux/amd64 image', async () => {
    assert.equal(await check('docker.io/owner/multi:1.0.0'), undefined);
    assert.equal(
      await check('ghcr.io/owner/arm-only:1.0.0'),
      'failed to fetch OCI image: no child with platform linux/amd64 in index ghcr.io/owner/arm-only:1.0.0',
    );
  });

  it('accepts Docker Hub short names and digests', async () => {
    assert.equal(await check('alpine:3', 'io.github.library/alpine'), undefined);
    const { manifestDigest } = oci.addOciImage('owner/pinned', 'v2', { labels: { [LABEL]: NAME } });
    assert.equal(await check(`ghcr.io/owner/pinned@${manifestDigest}`), undefined);
    assert.equal(await check(`ghcr.io/owner/pinned:v2@${manifestDigest}`), undefined);
  });

  it('reports a wrong or missing label', async () => {
    assert.equal(
      await check('ghcr.io/owner/other-name:1.0.0'),
      `OCI image ownership validation failed. Expected annotation '${LABEL}' = '${NAME}', got 'io.github.someone/else'`,
    );
    const missing = (id: string): string =>
      `OCI image '${id}' is missing required annotation. Add this to your Dockerfile: LABEL ${LABEL}="${NAME}"`;
    assert.equal(await check('ghcr.io/owner/no-labels:1.0.0'), missing('ghcr.io/owner/no-labels:1.0.0'));
    assert.equal(
      await check('quay.io/owner/other-labels:1.0.0'),
      missing('quay.io/owner/other-labels:1.0.0'),
    );
  });

  it('reports a missing repository or tag', async () => {
    assert.equal(
      await check('ghcr.io/nobody/nothing:1'),
      "OCI image 'ghcr.io/nobody/nothing:1' does not exist in the registry",
    );
    assert.equal(
      await check('ghcr.io/owner/repo:9.9.9'),
      "OCI image 'ghcr.io/owner/repo:9.9.9' does not exist in the registry",
    );
  });

  it('treats a private image as unsupported unless credentials are configured', async () => {
    const privateMessage =
      "OCI image 'ghcr.io/owner/private:1.0.0' is private or requires authentication. Only public images are supported";
    assert.equal(await check('ghcr.io/owner/private:1.0.0'), privateMessage);
    const withAuth = testVerifier({ ...fakes.options, ociAuth: { 'ghcr.io': 'robot:s3cret' } });
    assert.equal(
      await verifyOne(withAuth, NAME, { registryType: 'oci', identifier: 'ghcr.io/owner/private:1.0.0' }),
      undefined,
    );
    const wrongAuth = testVerifier({ ...fakes.options, ociAuth: { 'ghcr.io': 'robot:wrong' } });
    assert.equal(
      await verifyOne(wrongAuth, NAME, { registryType: 'oci', identifier: 'ghcr.io/owner/private:1.0.0' }),
      privateMessage,
    );
  });

  it('lets a rate-limited check pass, as the official registry does', async () => {
    oci.respondTo('/v2/owner/limited/manifests/1.0.0', { status: 429 });
    assert.equal(await check('ghcr.io/owner/limited:1.0.0'), undefined);
  });

  it('verifies the config blob against its digest', async () => {
    const { configDigest } = oci.addOciImage('owner/tampered', '1.0.0', { labels: { [LABEL]: NAME } });
    oci.tamperBlob(configDigest, JSON.stringify({ config: { Labels: { [LABEL]: NAME } } }));
    assert.match(
      (await check('ghcr.io/owner/tampered:1.0.0')) ?? '',
      /^failed to get image config: error verifying sha256 checksum after reading \d+ bytes; got "sha256:[a-f0-9]{64}", want "sha256:[a-f0-9]{64}"$/,
    );
  });

  it('works with a registry that needs no token', async () => {
    const open = new FakeOciRegistry();
    open.authMode = 'anonymous';
    open.addOciImage('owner/open', '1', { labels: { [LABEL]: NAME } });
    const { baseUrl } = await open.start();
    try {
      const against = testVerifier({
        ...fakes.options,
        ociRegistryOverrides: { 'mcr.microsoft.com': baseUrl },
      });
      assert.equal(
        await verifyOne(against, NAME, { registryType: 'oci', identifier: 'mcr.microsoft.com/owner/open:1' }),
        undefined,
      );
      assert.ok(!open.requests.some((r) => r.url.startsWith('/token')));
    } finally {
      await open.close();
    }
  });

  it('reports a registry that is down or does not answer', async () => {
    const broken = new FakeOciRegistry();
    const { baseUrl } = await broken.start();
    try {
      const against = testVerifier({
        ...fakes.options,
        ociRegistryOverrides: { 'ghcr.io': baseUrl },
        timeouts: { ociImageMs: 1_000 },
      });
      const run = (): Promise<string | undefined> =>
        verifyOne(against, NAME, { registryType: 'oci', identifier: 'ghcr.io/owner/repo:1.0.0' });
      broken.failWith(503);
      assert.equal(
        await run(),
        `failed to fetch OCI image: GET ${baseUrl}/v2/: unexpected status code 503 Service Unavailable: fake registry failure`,
      );
      broken.failWith(undefined).hang();
      const started = Date.now();
      assert.equal(
        await run(),
        "OCI image validation timed out after 1 seconds for 'ghcr.io/owner/repo:1.0.0'. The registry may be slow or unreachable",
      );
      assert.ok(Date.now() - started < 1_800);
    } finally {
      await broken.close();
    }
  });
});

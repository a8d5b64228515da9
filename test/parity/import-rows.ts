import assert from 'node:assert/strict';
import { serverJson } from '@test/support/registry-under-test';
import { OFFICIAL_META, ParityRow, bodyOf, versionPath } from './parity-row';

const REMOTE = { remotes: [{ type: 'streamable-http', url: 'https://mcp.parity.example.com/mcp' }] };
const LONG_DESCRIPTION = 'x'.repeat(150);

function asServerResponse(
  server: Record<string, unknown>,
  official: Record<string, unknown>,
): Record<string, unknown> {
  return { server, _meta: { [OFFICIAL_META]: official } };
}

/** The import source every registry of the parity suite starts from (MCP_REGISTRY_SEED_FROM). */
export const PARITY_SEED: unknown[] = [
  serverJson('io.github.parity/imported-range', '^1.0.0', { description: LONG_DESCRIPTION }),
  asServerResponse(serverJson('io.github.parity/imported-meta', '1.0.0'), {
    status: 'deprecated',
    statusMessage: 'moved to v2',
    statusChangedAt: '2025-02-03T04:05:06.654321Z',
    publishedAt: '2025-01-02T03:04:05.123456Z',
    updatedAt: '2025-02-03T04:05:06.654321Z',
    isLatest: true,
  }),
  serverJson('io.github.parity/remote-first', '1.0.0', REMOTE),
  serverJson('io.github.parity/remote-second', '1.0.0', REMOTE),
  asServerResponse(serverJson('io.github.parity/future', '1.0.0'), {
    status: 'active',
    statusChangedAt: '2099-01-01T00:00:00Z',
    publishedAt: '2099-01-01T00:00:00Z',
    updatedAt: '2099-01-01T00:00:00Z',
    isLatest: true,
  }),
];

export const IMPORT_ROWS: ParityRow[] = [
  {
    id: 'import-keeps-refused-versions',
    async pin({ registry, token }) {
      const doc = serverJson('io.github.parity/imported-range', '^1.0.0', { description: LONG_DESCRIPTION });
      const read = await registry.request('GET', versionPath('io.github.parity/imported-range', '^1.0.0'));
      assert.equal(read.status, 200, read.text);
      assert.equal(bodyOf(read).server.version, '^1.0.0');
      assert.equal(bodyOf(read).server.description, LONG_DESCRIPTION);
      // The same document, published today, is refused at the first stage.
      const publish = await registry.request('POST', '/v0/publish', { token, body: doc });
      assert.equal(publish.status, 422, publish.text);
      const refusal = publish.json as {
        detail: string;
        errors: Array<{ message: string; location: string }>;
      };
      assert.equal(refusal.detail, 'validation failed');
      assert.deepEqual(
        refusal.errors.map((e) => [e.location, e.message]),
        [['body.description', 'expected length <= 100']],
      );
    },
  },
  {
    id: 'import-keeps-source-metadata',
    async pin({ registry }) {
      const read = await registry.request('GET', versionPath('io.github.parity/imported-meta', '1.0.0'));
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(bodyOf(read)._meta[OFFICIAL_META], {
        status: 'deprecated',
        statusChangedAt: '2025-02-03T04:05:06.654321Z',
        statusMessage: 'moved to v2',
        publishedAt: '2025-01-02T03:04:05.123456Z',
        updatedAt: '2025-02-03T04:05:06.654321Z',
        isLatest: true,
      });
    },
  },
  {
    id: 'import-keeps-taken-remote-url',
    async pin({ registry, token }) {
      for (const name of ['io.github.parity/remote-first', 'io.github.parity/remote-second']) {
        const read = await registry.request('GET', versionPath(name, '1.0.0'));
        assert.equal(read.status, 200, `${name}: ${read.text}`);
        assert.deepEqual(bodyOf(read).server.remotes, REMOTE.remotes);
      }
      const publish = await registry.request('POST', '/v0/publish', {
        token,
        body: serverJson('io.github.parity/remote-third', '1.0.0', REMOTE),
      });
      assert.equal(publish.status, 400, publish.text);
      assert.deepEqual(publish.json, {
        title: 'Bad Request',
        status: 400,
        detail: 'Failed to publish server',
        errors: [
          {
            message:
              'remote URL https://mcp.parity.example.com/mcp is already used by server io.github.parity/remote-first',
          },
        ],
      });
    },
  },
  {
    id: 'stamps-strictly-increase',
    async pin({ registry, token }) {
      const name = 'io.github.parity/future';
      const published = await registry.request('POST', '/v0/publish', {
        token,
        body: serverJson(name, '1.0.1'),
      });
      assert.equal(published.status, 200, published.text);
      const meta = bodyOf(published)._meta[OFFICIAL_META]!;
      assert.equal(meta.publishedAt, '2099-01-01T00:00:00.001Z');
      assert.equal(meta.updatedAt, '2099-01-01T00:00:00.001Z');
      assert.equal(meta.statusChangedAt, '2099-01-01T00:00:00.001Z');
      const status = await registry.request('PATCH', `${versionPath(name, '1.0.0')}/status`, {
        token,
        body: { status: 'deprecated' },
      });
      assert.equal(status.status, 200, status.text);
      assert.equal(bodyOf(status)._meta[OFFICIAL_META]!.statusChangedAt, '2099-01-01T00:00:00.002Z');
      assert.equal(bodyOf(status)._meta[OFFICIAL_META]!.updatedAt, '2099-01-01T00:00:00.002Z');
    },
  },
];

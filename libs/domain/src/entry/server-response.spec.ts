import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OFFICIAL_META_KEY } from '../server-json/server-json';
import { renderServerResponse, serverJsonOfResponse } from './server-response';

const official = {
  status: 'active' as const,
  statusChangedAt: '2026-12-05T00:00:00Z',
  publishedAt: '2026-12-05T00:00:00Z',
  updatedAt: '2026-12-05T00:00:00Z',
  isLatest: true,
};

describe('serverJsonOfResponse', () => {
  it('gives back the server.json text a response was rendered from, whatever that text holds', () => {
    const servers = [
      { name: 'io.github.a/plain', version: '1.0.0', description: 'plain' },
      {
        name: 'io.github.a/tricky',
        version: '1.0.0',
        // The official key and the `_meta` separator inside strings, and a nested `_meta` object.
        description: `,"_meta":{"${OFFICIAL_META_KEY}":`,
        _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { note: '"_meta"' } },
        packages: [{ registryType: 'npm', identifier: 'x', _meta: { [OFFICIAL_META_KEY]: 1 } }],
      },
    ];
    for (const server of servers) {
      const text = JSON.stringify(server);
      const response = renderServerResponse(
        text,
        official,
        {
          serverId: 's',
          versionId: 'v',
          packageOwnership: { status: 'failed', checkedAt: 'now', failures: ['"_meta"'] },
        },
        'io.github.test-registry',
      );
      assert.equal(serverJsonOfResponse(response), text);
      assert.deepEqual(JSON.parse(response).server, server);
    }
  });

  it('refuses text that is not a rendered response', () => {
    assert.throws(() => serverJsonOfResponse('{"name":"x"}'), /not a rendered server response/);
  });
});

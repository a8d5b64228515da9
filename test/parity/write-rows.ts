import assert from 'node:assert/strict';
import { DecisionContext, EventEnvelope, decidePublish } from '@registry/domain/entry';
import { AppendResult, ClaimScope, ConcurrencyConflict, EventStore } from '@registry/application/ports';
import { EntryRepository } from '@registry/application/entries/entry-repository';
import { EntryWriter } from '@registry/application/entries/entry-writer';
import { asProblem } from '@registry/registry-http';
import { ProblemException } from '@registry/http-kit';
import { serverJson } from '@test/support/registry-under-test';
import { ENTRY_META, OFFICIAL_META, PUBLISHER_META, ParityRow, bodyOf, versionPath } from './parity-row';

const MILLISECOND_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An event log on which every append loses the race: another writer always got there first. */
class AlwaysRacedStore implements EventStore {
  appends = 0;
  append(request: { streamId: string; expectedVersion: number }): Promise<AppendResult> {
    this.appends += 1;
    return Promise.reject(
      new ConcurrencyConflict(request.streamId, request.expectedVersion, request.expectedVersion + 1),
    );
  }
  readStream(): Promise<EventEnvelope[]> {
    return Promise.resolve([]);
  }
  readFrom(): Promise<EventEnvelope[]> {
    return Promise.resolve([]);
  }
  headPosition(): Promise<number> {
    return Promise.resolve(0);
  }
  claimHolder(_scope: ClaimScope, _key: string): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export const WRITE_ROWS: ParityRow[] = [
  {
    id: 'meta-extra-keys-dropped',
    async pin({ registry, token }) {
      const name = 'io.github.parity/meta';
      const document = serverJson(name, '1.0.0', {
        _meta: {
          [PUBLISHER_META]: { tool: 'x' },
          [OFFICIAL_META]: { status: 'deleted', isLatest: false },
          'com.example.other/extension': { a: 1 },
        },
      });
      // /validate says what publish will do: valid, each dropped key an `info` note, not an error.
      for (const prefix of ['/v0', '/v0.1']) {
        const validated = await registry.request('POST', `${prefix}/validate`, { body: document });
        assert.equal(validated.status, 200, validated.text);
        assert.deepEqual(validated.json, {
          valid: true,
          issues: [OFFICIAL_META, 'com.example.other/extension'].map((key) => ({
            type: 'schema',
            path: `_meta.${key}`,
            message: `_meta key '${key}' will be dropped: only ${PUBLISHER_META} is stored`,
            severity: 'info',
            reference: 'meta-key-dropped',
          })),
        });
      }
      const published = await registry.request('POST', '/v0/publish', { token, body: document });
      assert.equal(published.status, 200, published.text);
      assert.deepEqual(bodyOf(published).server._meta, { [PUBLISHER_META]: { tool: 'x' } });
      assert.equal(bodyOf(published)._meta[OFFICIAL_META]!.status, 'active');
      const read = await registry.request('GET', versionPath(name, '1.0.0'));
      assert.deepEqual(bodyOf(read).server._meta, { [PUBLISHER_META]: { tool: 'x' } });
    },
  },
  {
    id: 'io-github-403-hint',
    async pin({ registry, token }) {
      const refused = await registry.request('POST', '/v0/publish', {
        token,
        body: serverJson('io.github.some-org/server', '1.0.0'),
      });
      assert.equal(refused.status, 403, refused.text);
      assert.deepEqual(refused.json, {
        title: 'Forbidden',
        status: 403,
        detail:
          'You do not have permission to publish this server. You have permission to publish: io.github.parity/*. ' +
          'Attempting to publish: io.github.some-org/server. ' +
          "This registry's GitHub login ('mcp-registry login github') grants io.github.<your login>/*, plus " +
          'io.github.<org>/* for each organization where you are an Owner (an active membership with the admin role); ' +
          'being a member, public or private, is not enough. It reads your role from GitHub (GET /user/memberships/orgs), ' +
          'which needs the read:org scope: the device login asks for it; with --token, use a classic token with ' +
          'read:org, or a fine-grained token with the organization permission "Members: read". In GitHub Actions, ' +
          "'mcp-registry login github-oidc' grants io.github.<repository owner>/*. Log in again after a change: " +
          'a registry token keeps the permissions it was issued with',
      });
      // Outside io.github the official text is kept as it is, with no hint.
      const other = await registry.request('POST', '/v0/publish', {
        token,
        body: serverJson('com.example/server', '1.0.0'),
      });
      assert.equal(
        (other.json as { detail: string }).detail,
        'You do not have permission to publish this server. You have permission to publish: io.github.parity/*. Attempting to publish: com.example/server',
      );
    },
  },
  {
    id: 'validate-without-json-schema',
    async pin({ registry }) {
      // 256 characters: the dated server.schema.json allows 255 (properties.version.maxLength).
      const version = `1.0.0-${'a'.repeat(250)}`;
      const res = await registry.request('POST', '/v0/validate', {
        body: serverJson('io.github.parity/long-version', version),
      });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json, { valid: true, issues: [] });
    },
  },
  {
    id: 'timestamps-milliseconds',
    async pin({ registry, token }) {
      const name = 'io.github.parity/stamps';
      const published = await registry.request('POST', '/v0/publish', {
        token,
        body: serverJson(name, '1.0.0'),
      });
      assert.equal(published.status, 200, published.text);
      const meta = bodyOf(published)._meta[OFFICIAL_META]!;
      for (const field of ['publishedAt', 'updatedAt', 'statusChangedAt']) {
        assert.match(String(meta[field]), MILLISECOND_STAMP, field);
      }
      const read = await registry.request('GET', versionPath(name, '1.0.0'));
      assert.deepEqual(
        bodyOf(read)._meta[OFFICIAL_META],
        meta,
        'a read shows the publish answer to the digit',
      );
    },
  },
  {
    id: 'response-meta-entry-key',
    async pin({ registry, token }) {
      const name = 'io.github.parity/entry-key';
      const published = await registry.request('POST', '/v0/publish', {
        token,
        body: serverJson(name, '1.0.0'),
      });
      assert.equal(published.status, 200, published.text);
      for (const res of [published, await registry.request('GET', versionPath(name, '1.0.0'))]) {
        const meta = bodyOf(res)._meta;
        assert.deepEqual(Object.keys(meta), [OFFICIAL_META, ENTRY_META]);
        assert.match(String(meta[ENTRY_META]!.serverId), UUID);
        assert.match(String(meta[ENTRY_META]!.versionId), UUID);
      }
      const list = await registry.request('GET', `/v0/servers?search=${encodeURIComponent(name)}`);
      const [first] = (list.json as { servers: Array<{ _meta: Record<string, unknown> }> }).servers;
      assert.deepEqual(Object.keys(first!._meta), [OFFICIAL_META, ENTRY_META]);
    },
  },
  {
    id: 'write-conflict-409',
    async pin() {
      const store = new AlwaysRacedStore();
      const writer = new EntryWriter(store, new EntryRepository(store));
      const ctx: DecisionContext = {
        now: new Date('2026-01-01T00:00:00Z'),
        newId: () => '00000000-0000-7000-8000-000000000000',
        actor: { method: 'test', subject: 'parity' },
      };
      const server = { name: 'io.github.parity/raced', version: '1.0.0', description: 'raced' };
      const write = () =>
        writer.write(server.name, (s) => decidePublish(s, { server, origin: 'publish' }, ctx), true);
      await assert.rejects(asProblem(write), (error: unknown) => {
        assert.ok(error instanceof ProblemException);
        assert.deepEqual(error.problem, {
          title: 'Conflict',
          status: 409,
          detail: 'the server changed concurrently too often; try again',
        });
        return true;
      });
      assert.equal(store.appends, 10, 'ten attempts before giving up');
    },
  },
];

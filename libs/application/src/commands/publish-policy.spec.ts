import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteEventStore } from '@registry/store-sqlite';
import { NamespaceGate } from '../namespaces/namespace-gate';
import { NamespaceRegistryRepository } from '../namespaces/namespace-registry-repository';
import { RegistryError } from '@registry/domain/entry';
import { ServerJson } from '@registry/domain/server-json/server-json';
import { PackageOwnershipCheck } from '../ports';
import { PublishPolicy } from './publish-policy';
import { Authority } from './registry-command-context';

const authority: Authority = {
  kind: 'token',
  actor: { method: 'github-at', subject: 'me' },
  permissions: [{ action: 'publish', resource: 'io.github.me/*' }],
};

const server = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: 'io.github.me/server',
  description: 'A test server',
  version: '1.0.0',
  ...extra,
});
const npmWithoutVersion = server({
  packages: [{ registryType: 'npm', identifier: 'some-pkg', transport: { type: 'stdio' } }],
});
const bigMeta = server({
  _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { blob: 'x'.repeat(5000) } },
});

/** A package-ownership adapter that records what it was asked and answers `failures`. */
function ownership(failures: string[] = []): PackageOwnershipCheck & { asked: ServerJson[] } {
  const asked: ServerJson[] = [];
  return {
    asked,
    verify: (doc) => {
      asked.push(doc);
      return Promise.resolve(failures.map((message) => ({ message })));
    },
  };
}

// An empty log: these specs are about the checks before namespace claims have a say.
const dir = mkdtempSync(join(tmpdir(), 'publish-policy-'));
const store = new SqliteEventStore(join(dir, 'events.db'));
const gate = new NamespaceGate(new NamespaceRegistryRepository(store));
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function policy(enableRegistryValidation: boolean, check: PackageOwnershipCheck): PublishPolicy {
  return new PublishPolicy(
    check,
    {
      metaNamespace: 'io.github.test-registry',
      readYourWritesTimeoutMs: 1000,
      enableRegistryValidation,
    },
    gate,
  );
}

async function refusal(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('PublishPolicy: which checks run where (validators.ValidatePublishRequest)', () => {
  it('with registry validation off, admits an npm package without version and asks no adapter', async () => {
    const check = ownership(['never asked']);
    const admitted = await policy(false, check).admit(npmWithoutVersion, authority, 'publish');
    assert.equal(admitted.name, 'io.github.me/server');
    assert.equal(check.asked.length, 0);
  });

  it('with registry validation on, leaves the package rules to the adapter and answers its first failure', async () => {
    const first =
      'registry validation failed for package 0 (some-pkg): package version is required for NPM packages';
    const check = ownership([first, 'a later package']);
    const error = await refusal(policy(true, check).admit(npmWithoutVersion, authority, 'publish'));
    assert.equal(error.kind, 'invalid-input');
    assert.equal(error.message, 'Failed to publish server');
    assert.deepEqual(error.details, [{ message: first }]);
    assert.equal(check.asked.length, 1);
  });

  for (const enabled of [false, true]) {
    it(`refuses publisher-provided _meta over 4 KB on publish with registry validation ${enabled ? 'on' : 'off'}, before any adapter`, async () => {
      const check = ownership();
      const error = await refusal(policy(enabled, check).admit(bigMeta, authority, 'publish'));
      assert.equal(error.message, 'Failed to publish server');
      assert.match(error.details[0]?.message ?? '', /extension exceeds 4KB limit \(5011 bytes\)$/);
      assert.equal(check.asked.length, 0);
    });
  }

  it('does not check the _meta size on edit (ValidateUpdateRequest has no such check)', async () => {
    const admin: Authority = { kind: 'system', actor: { method: 'system', subject: 'registry' } };
    const admitted = await policy(false, ownership()).admit(bigMeta, admin, 'edit');
    assert.equal(admitted.version, '1.0.0');
  });
});

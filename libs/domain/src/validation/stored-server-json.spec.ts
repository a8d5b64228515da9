import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServerJson } from '../server-json/server-json';
import { sanitizeServerMeta } from './stored-server-json';

const PUBLISHER = 'io.modelcontextprotocol.registry/publisher-provided';
const OFFICIAL = 'io.modelcontextprotocol.registry/official';

function stored(doc: Record<string, unknown>): string {
  return JSON.stringify(sanitizeServerMeta(doc as unknown as ServerJson));
}

describe('sanitizeServerMeta', () => {
  it('keeps only the publisher-provided key in _meta, with its keys sorted', () => {
    const out = sanitizeServerMeta({
      name: 'a/b',
      description: 'd',
      version: '1',
      _meta: { [OFFICIAL]: { isLatest: true }, 'com.example/x': 1, [PUBLISHER]: { z: 1, a: { y: 2, b: 3 } } },
    });
    assert.deepEqual(out._meta, { [PUBLISHER]: { a: { b: 3, y: 2 }, z: 1 } });
    assert.equal(JSON.stringify(out._meta), `{"${PUBLISHER}":{"a":{"b":3,"y":2},"z":1}}`);
  });

  it('keeps an _meta object even when nothing is left in it, as Go does', () => {
    assert.equal(
      stored({ $schema: 's', name: 'a/b', description: 'd', version: '1', _meta: { [OFFICIAL]: {} } }),
      '{"$schema":"s","name":"a/b","description":"d","version":"1","_meta":{}}',
    );
  });

  it('writes fields in struct order, drops unknown keys and empty optional fields', () => {
    const doc = {
      version: '1.0.0',
      status: 'active',
      title: '',
      name: 'a/b',
      $schema: 's',
      description: 'd',
      repository: {},
      packages: [
        {
          transport: { url: '', type: 'stdio' },
          identifier: 'x',
          registryType: 'npm',
          environmentVariables: [{ name: 'N', isSecret: false, isRequired: true, description: 'e' }],
          packageArguments: [],
        },
      ],
      remotes: [],
    };
    assert.equal(
      stored(doc),
      '{"$schema":"s","name":"a/b","description":"d","repository":{},"version":"1.0.0","packages":[{"registryType":"npm","identifier":"x","transport":{"type":"stdio"},"environmentVariables":[{"description":"e","isRequired":true,"name":"N"}]}]}',
    );
  });

  it('writes fields Go always writes, even empty', () => {
    assert.equal(
      stored({ packages: [{ transport: {}, runtimeArguments: [{}] }] }),
      '{"$schema":"","name":"","description":"","version":"","packages":[{"registryType":"","identifier":"","transport":{"type":""},"runtimeArguments":[{"type":""}]}]}',
    );
  });

  it('sorts transport variables and keeps icon pointers that were set', () => {
    const out = stored({
      remotes: [{ type: 'sse', url: 'u', variables: { b: { isRequired: true }, a: {} } }],
      icons: [{ src: 'https://x/i.png', theme: 'dark' }],
    });
    assert.equal(
      out,
      '{"$schema":"","name":"","description":"","version":"","icons":[{"src":"https://x/i.png","theme":"dark"}],"remotes":[{"type":"sse","url":"u","variables":{"a":{},"b":{"isRequired":true}}}]}',
    );
  });

  it('does not modify its input', () => {
    const doc = { name: 'a/b', description: 'd', version: '1', _meta: { [OFFICIAL]: {} } };
    sanitizeServerMeta(doc as ServerJson);
    assert.deepEqual(doc._meta, { [OFFICIAL]: {} });
  });
});

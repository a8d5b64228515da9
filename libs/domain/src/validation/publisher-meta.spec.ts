import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goJsonByteLength, goJsonMarshal } from './go-json';
import { checkPublisherMetaSize } from './publisher-meta';

const KEY = 'io.modelcontextprotocol.registry/publisher-provided';

describe('goJsonMarshal (Go encoding/json of decoded JSON)', () => {
  const TABLE: [unknown, string][] = [
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ html: '<a href="x">&</a>' }, '{"html":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"}'],
    ['line\u2028sep\u0001', '"line\\u2028sep\\u0001"'],
    ['tab\tnew\n', '"tab\\tnew\\n"'],
    [{ é: 1, z: 2, '😀': 3, '\uffff': 4 }, '{"z":2,"é":1,"\uffff":4,"😀":3}'],
    [1.5, '1.5'],
    [1e21, '1e+21'],
  ];
  for (const [value, json] of TABLE) {
    it(json, () => assert.equal(goJsonMarshal(value), json));
  }

  it('counts UTF-8 bytes', () => {
    assert.equal(goJsonByteLength({ k: 'é' }), 10);
  });
});

describe('checkPublisherMetaSize', () => {
  const withMeta = (provided: unknown) => ({ _meta: { [KEY]: provided } });
  // {"k":"<v>"} is 8 bytes of framing.
  const ofBytes = (n: number) => withMeta({ k: 'v'.repeat(n - 8) });

  it('accepts exactly 4096 bytes', () => assert.deepEqual(checkPublisherMetaSize(ofBytes(4096)), []));

  it('refuses 4097 bytes with the official text', () => {
    assert.deepEqual(checkPublisherMetaSize(ofBytes(4097)), [
      {
        type: 'semantic',
        path: `_meta.${KEY}`,
        message: `_meta.${KEY} extension exceeds 4KB limit (4097 bytes)`,
        severity: 'error',
        reference: 'publisher-extension-size',
      },
    ]);
  });

  it('measures escaped HTML characters as Go writes them (6 bytes each)', () => {
    assert.equal(checkPublisherMetaSize(withMeta({ k: '<'.repeat(681) })).length, 0);
    assert.equal(checkPublisherMetaSize(withMeta({ k: '<'.repeat(682) })).length, 1);
  });

  it('ignores other keys and a missing or null publisher object', () => {
    assert.deepEqual(checkPublisherMetaSize({}), []);
    assert.deepEqual(checkPublisherMetaSize(withMeta(null)), []);
    assert.deepEqual(checkPublisherMetaSize({ _meta: { other: 'x'.repeat(5000) } }), []);
  });
});

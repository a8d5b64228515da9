import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAllowedOciRegistry } from './oci-image-check';
import { OciReference, parseOciReference } from './oci-reference';

const DIGEST = 'sha256:' + 'ab'.repeat(32);

describe('parseOciReference (go-containerregistry name.ParseReference semantics)', () => {
  const parsed: Array<[string, OciReference]> = [
    [
      'docker.io/test/image:latest',
      { registry: 'index.docker.io', repository: 'test/image', reference: 'latest' },
    ],
    ['test/image:latest', { registry: 'index.docker.io', repository: 'test/image', reference: 'latest' }],
    ['alpine', { registry: 'index.docker.io', repository: 'library/alpine', reference: 'latest' }],
    ['postgres:16', { registry: 'index.docker.io', repository: 'library/postgres', reference: '16' }],
    [
      'docker.io/mcp/filesystem:1.0.2',
      { registry: 'index.docker.io', repository: 'mcp/filesystem', reference: '1.0.2' },
    ],
    [
      'index.docker.io/library/alpine',
      { registry: 'index.docker.io', repository: 'library/alpine', reference: 'latest' },
    ],
    ['ghcr.io/owner/repo:v1.0.0', { registry: 'ghcr.io', repository: 'owner/repo', reference: 'v1.0.0' }],
    ['ghcr.io/org/team/repo:1', { registry: 'ghcr.io', repository: 'org/team/repo', reference: '1' }],
    ['ghcr.io/image:tag', { registry: 'ghcr.io', repository: 'image', reference: 'tag' }],
    ['localhost:5000/foo:bar', { registry: 'localhost:5000', repository: 'foo', reference: 'bar' }],
    [
      'quay.io/myorg/my-mcp-server:1.0.0',
      { registry: 'quay.io', repository: 'myorg/my-mcp-server', reference: '1.0.0' },
    ],
    [
      'us-docker.pkg.dev/p/r/image:latest',
      { registry: 'us-docker.pkg.dev', repository: 'p/r/image', reference: 'latest' },
    ],
    [
      `ghcr.io/owner/repo@${DIGEST}`,
      { registry: 'ghcr.io', repository: 'owner/repo', reference: DIGEST, digest: DIGEST },
    ],
    [
      `ghcr.io/owner/repo:v1@${DIGEST}`,
      { registry: 'ghcr.io', repository: 'owner/repo', reference: DIGEST, digest: DIGEST },
    ],
    [
      `alpine@${DIGEST}`,
      { registry: 'index.docker.io', repository: 'library/alpine', reference: DIGEST, digest: DIGEST },
    ],
  ];
  for (const [input, expected] of parsed) {
    it(`parses ${input}`, () => assert.deepEqual(parseOciReference(input), expected));
  }

  const invalid = [
    'docker.io/test/image:INVALID SPACE',
    'not-a-valid-reference::::',
    'repo:',
    'a:1',
    'ghcr.io/Owner/Repo:1',
    'ghcr.io/owner/repo@sha256:abc',
    `ghcr.io/owner/repo@md5:${'ab'.repeat(32)}`,
    `ghcr.io/owner/repo@${DIGEST}@${DIGEST}`,
    'ghcr.io/owner/repo:' + 'x'.repeat(129),
    '',
  ];
  for (const input of invalid) {
    it(`rejects ${JSON.stringify(input.length > 60 ? input.slice(0, 60) + '…' : input)}`, () => {
      assert.equal(parseOciReference(input), undefined);
    });
  }
});

// Ported from oci_test.go TestValidateOCI_RegistryAllowlist / TestValidateOCI_RegistryPatterns.
describe('isAllowedOciRegistry', () => {
  const cases: Array<[string, boolean]> = [
    ['docker.io/test/image:latest', true],
    ['test/image:latest', true],
    ['library/hello-world:latest', true],
    ['ghcr.io/test/image:latest', true],
    ['us-central1-docker.pkg.dev/project/repo/image:latest', true],
    ['europe-west1-docker.pkg.dev/project/repo/image:latest', true],
    ['us-docker.pkg.dev/project/repo/image:latest', true],
    ['mcr.microsoft.com/dotnet/aspire-dashboard:9.5.0', true],
    ['quay.io/prometheus/node-exporter:v1.7.0', true],
    ['myregistry.azurecr.io/test/image:latest', true],
    ['contoso.azurecr.io/app:v1', true],
    ['registry-1.docker.io/library/alpine:3', true],
    ['gcr.io/test/image:latest', false],
    ['public.ecr.aws/test/image:latest', false],
    ['registry.gitlab.com/test/image:latest', false],
    ['custom-registry.com/test/image:latest', false],
    ['harbor.example.com/test/image:latest', false],
    ['localhost:5000/test/image:latest', false],
  ];
  for (const [identifier, allowed] of cases) {
    it(`${allowed ? 'allows' : 'rejects'} ${identifier}`, () => {
      const ref = parseOciReference(identifier);
      assert.ok(ref, identifier);
      assert.equal(isAllowedOciRegistry(ref.registry), allowed);
    });
  }
});

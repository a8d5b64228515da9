import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAllowedOciRegistry, parseOciReference } from './oci-reference';

const DIGEST = 'sha256:d9dc2f44f4f624bdc5fb5817abc74f6244dd40b2d03036380cd6253eff374ae5';

// go-containerregistry name.ParseReference with default options: registry or undefined (refused).
const TABLE: [string, string | undefined][] = [
  ['domdomegg/airtable-mcp-server:1.7.2', 'index.docker.io'],
  ['docker.io/mcp/sonarqube:1.0', 'index.docker.io'],
  ['ubuntu', 'index.docker.io'],
  ['ghcr.io/owner/image', 'ghcr.io'],
  ['ghcr.io/owner/image:v1.0.0', 'ghcr.io'],
  [`ghcr.io/owner/image@${DIGEST}`, 'ghcr.io'],
  [`ghcr.io/owner/image:v1@${DIGEST}`, 'ghcr.io'],
  ['localhost:5000/image:1', 'localhost:5000'],
  ['us-docker.pkg.dev/project/repo/image:1', 'us-docker.pkg.dev'],
  ['quay.io/org/image:tag_with-dots.1', 'quay.io'],
  // A digest written after a colon is read as a tag of a repository holding ':' — refused.
  [`docker.io/mcp/sonarqube:${DIGEST}`, undefined],
  // Repository names are lower case.
  ['ghcr.io/SamYuan1990/i18n-agent-action:mcp', undefined],
  ['docker.io/test/image:INVALID SPACE', undefined],
  ['not-a-valid-reference::::', undefined],
  ['a', undefined],
  ['ghcr.io/owner/image@sha256:abc', undefined],
  [`image:${'t'.repeat(128)}`, undefined],
  ['', undefined],
];

describe('parseOciReference', () => {
  for (const [identifier, registry] of TABLE) {
    it(`${JSON.stringify(identifier)} → ${registry ?? 'refused'}`, () => {
      const parsed = parseOciReference(identifier);
      if (registry === undefined) {
        assert.deepEqual(parsed, { ok: false, error: `could not parse reference: ${identifier}` });
      } else {
        assert.deepEqual(parsed, { ok: true, registry });
      }
    });
  }
});

describe('isAllowedOciRegistry', () => {
  const TABLE: [string, boolean][] = [
    ['index.docker.io', true],
    ['docker.io', true],
    ['registry-1.docker.io', true],
    ['ghcr.io', true],
    ['quay.io', true],
    ['mcr.microsoft.com', true],
    ['europe-west1-docker.pkg.dev', true],
    ['myregistry.azurecr.io', true],
    ['registry.gitlab.com', false],
    ['localhost:5000', false],
  ];
  for (const [registry, allowed] of TABLE) {
    it(`${registry} → ${allowed}`, () => assert.equal(isAllowedOciRegistry(registry), allowed));
  }
});

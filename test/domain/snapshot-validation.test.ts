import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ServerJson } from '@registry/domain/server-json/server-json';
import {
  ValidationIssue,
  classifyForImport,
  officialRejectionOf,
  publishIssues,
  sanitizeServerMeta,
} from '@registry/domain/validation';

/** The repository root: the nearest folder above this file that holds package.json. */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

const SHARED = path.resolve(repoRoot(), '../shared');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

interface ServerResponse {
  server: ServerJson;
}

const snapshot = readJson(
  path.join(SHARED, 'data/official-snapshot-2025-12-18/servers.json'),
) as ServerResponse[];

// With the package-registry rules: the official registry publishes with registry validation on.
const errorsOf = (doc: unknown): ValidationIssue[] =>
  publishIssues(doc).filter((i) => i.severity === 'error');

const LATEST = "version string 'latest' is reserved and cannot be used";
const EMPTY_ARGUMENT_TYPE = "argument type must be 'positional' or 'named'";
const OLD_NUGET_BASE =
  "registry type and base URL do not match: 'https://api.nuget.org' is not valid for registry type 'nuget'. Expected: https://api.nuget.org/v3/index.json";
const FORMAT_ENUM = 'expected value to be one of "string, number, boolean, filepath"';

/**
 * Versions the official registry published under older rules and would refuse today, each with
 * every error today's rules find (path → message). Derived by running the rules, then checked one
 * by one against the published documents:
 * - package `version` "latest": reserved since the validator refuses it (HTTP 422);
 * - environment variable `format` "integer": outside the enum of the Go struct tag (huma, HTTP 422);
 * - argument `type` "": the validator accepts only positional or named (HTTP 422);
 * - NuGet `registryBaseUrl` https://api.nuget.org: the accepted base URL is now the v3 service
 *   index (publish service, HTTP 400);
 * - OCI identifiers go-containerregistry cannot parse: a digest after `:` instead of `@`, and an
 *   upper-case repository (publish service, HTTP 400).
 */
const REFUSED: [name: string, version: string, errors: [path: string, message: string][]][] = [
  [
    'io.github.ycjcl868/mcp-server-fear-greed',
    '1.0.2',
    [
      ['packages[0].version', LATEST],
      ['packages[1].version', LATEST],
      ['packages[2].version', LATEST],
    ],
  ],
  ...['browser', 'commands', 'filesystem', 'search'].map((server): [string, string, [string, string][]] => [
    `io.github.bytedance/mcp-server-${server}`,
    '1.0.0',
    [
      ['packages[0].version', LATEST],
      ['packages[1].version', LATEST],
      ['packages[2].version', LATEST],
    ],
  ]),
  [
    'io.github.jztan/redmine-mcp-server',
    '0.4.5',
    [5, 7, 10, 11].map((i): [string, string] => [
      `packages[0].environmentVariables[${i}].format`,
      FORMAT_ENUM,
    ]),
  ],
  [
    'io.github.easytocloud/mac-letterhead',
    '0.13.9',
    [['packages[0].packageArguments[0].type', EMPTY_ARGUMENT_TYPE]],
  ],
  ['io.github.cmd8/excalidraw-mcp', '1.1.1', [['packages[0].packageArguments[0].type', EMPTY_ARGUMENT_TYPE]]],
  ['io.github.cmd8/excalidraw-mcp', '1.2.0', [['packages[0].packageArguments[0].type', EMPTY_ARGUMENT_TYPE]]],
  ...['0.1.2', '0.1.3'].map((version): [string, string, [string, string][]] => [
    'io.github.Memphora/memphora',
    version,
    [
      ['packages[0].runtimeArguments[0].type', EMPTY_ARGUMENT_TYPE],
      ['packages[0].runtimeArguments[1].type', EMPTY_ARGUMENT_TYPE],
    ],
  ]),
  [
    'io.github.jongalloway/dotnet-mcp',
    '0.1.0-rc1',
    [['packages[0]', `registry validation failed for package 0 (Community.Mcp.DotNet): ${OLD_NUGET_BASE}`]],
  ],
  [
    'com.microsoft/nuget',
    '1.1.12',
    [['packages[0]', `registry validation failed for package 0 (NuGet.Mcp.Server): ${OLD_NUGET_BASE}`]],
  ],
  [
    'io.github.SonarSource/sonarqube-mcp-server',
    '0.0.8',
    [
      [
        'packages[0]',
        'registry validation failed for package 0 (docker.io/mcp/sonarqube:sha256:d9dc2f44f4f624bdc5fb5817abc74f6244dd40b2d03036380cd6253eff374ae5): invalid OCI reference: could not parse reference: docker.io/mcp/sonarqube:sha256:d9dc2f44f4f624bdc5fb5817abc74f6244dd40b2d03036380cd6253eff374ae5',
      ],
    ],
  ],
  [
    'io.github.SamYuan1990/i18n-agent-action',
    'mcp',
    [
      [
        'packages[0]',
        'registry validation failed for package 0 (ghcr.io/SamYuan1990/i18n-agent-action:mcp): invalid OCI reference: could not parse reference: ghcr.io/SamYuan1990/i18n-agent-action:mcp',
      ],
    ],
  ],
];

const key = (name: string, version: string) => `${name}@${version}`;

describe('the official snapshot of 2025-12-18 under today’s publish rules', () => {
  it('holds the 2,794 published versions', () => assert.equal(snapshot.length, 2794));

  it('stores every server.json exactly as sanitizeServerMeta would', () => {
    const changed = snapshot.filter(
      (r) => JSON.stringify(sanitizeServerMeta(r.server)) !== JSON.stringify(r.server),
    );
    assert.deepEqual(
      changed.map((r) => key(r.server.name, r.server.version)),
      [],
    );
  });

  const expected = new Map(REFUSED.map(([name, version, errors]) => [key(name, version), errors]));

  it('refuses exactly the listed versions, for exactly the listed reasons', () => {
    const refused = new Map<string, [string, string][]>();
    for (const { server } of snapshot) {
      const errors = errorsOf(sanitizeServerMeta(server));
      if (errors.length > 0)
        refused.set(
          key(server.name, server.version),
          errors.map((i) => [i.path, i.message]),
        );
    }
    assert.deepEqual(Object.fromEntries(refused), Object.fromEntries(expected));
  });

  it('answers each refusal with the status the official registry would give', () => {
    const statusOf = new Map<string, number | undefined>();
    for (const { server } of snapshot) {
      const id = key(server.name, server.version);
      if (expected.has(id))
        statusOf.set(id, officialRejectionOf(publishIssues(sanitizeServerMeta(server)))?.status);
    }
    const serviceStage = ['dotnet-mcp', 'com.microsoft/nuget', 'sonarqube', 'i18n-agent-action'];
    for (const [id, status] of statusOf) {
      assert.equal(status, serviceStage.some((s) => id.includes(s)) ? 400 : 422, id);
    }
    assert.equal(statusOf.size, REFUSED.length);
  });

  it('lets classifyForImport refuse none of them', () => {
    const refused = snapshot.filter((r) => classifyForImport(r.server).refused.length > 0);
    assert.deepEqual(
      refused.map((r) => key(r.server.name, r.server.version)),
      [],
    );
  });
});

describe('the official examples and seed', () => {
  const examples = path.join(SHARED, 'spec/official/derived/examples');
  for (const file of readdirSync(examples)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    it(`${file} validates without any issue`, () => {
      assert.deepEqual(publishIssues(readJson(path.join(examples, file))), []);
    });
  }

  it('seed.json validates without any issue', () => {
    const seed = readJson(path.join(SHARED, 'spec/official/seed.json')) as unknown[];
    assert.equal(seed.length, 4);
    for (const server of seed) assert.deepEqual(publishIssues(server), []);
  });
});

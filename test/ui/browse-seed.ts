import assert from 'node:assert/strict';
import { RegistryImporter } from '@registry/application';
import { FakeDnsServer } from '@test/support/fakes/dns';
import { FakeNpmRegistry } from '@test/support/fakes/package-registries';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';

export const META_NAMESPACE = 'io.github.test-registry';

/** An XSS payload in every field the pages show: it must render as text and never run. */
export const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';

export const WEATHER = 'io.github.acme/weather';
export const HOSTED = 'io.github.acme/hosted-search';
export const PROVEN = 'com.example/files';
export const LEGACY = 'io.github.acme/legacy-tools';
export const UNOWNED = 'io.github.acme/unowned-notes';
export const BUNDLE = 'io.github.acme/desktop-bundle';
export const EVIL = 'io.github.acme/xss-probe';

/** The run lines the weather server's page shows, per package. */
export const WEATHER_LINES = [
  'WEATHER_API_KEY={WEATHER_API_KEY} npx -y @acme/weather-mcp@1.2.0 --units {units}',
  'WEATHER_API_KEY={WEATHER_API_KEY} uvx acme-weather==1.2.0',
  'dnx Acme.Weather@1.2.0 --yes -- {data_dir}',
  'docker run -i --rm --network host -e WEATHER_API_KEY={WEATHER_API_KEY} ghcr.io/acme/weather:1.2.0',
];

const stdio = { type: 'stdio' };
const apiKey = {
  name: 'WEATHER_API_KEY',
  description: 'Key of the weather service',
  isRequired: true,
  isSecret: true,
};

/**
 * A registry with a few servers of every shape: packages of each type, remotes, every badge. Package
 * validation is on, since the ownership re-check (the "failed" badge) runs only then: servers whose
 * packages no fake registry knows are imported (the operators' seed path, which records rule breaks as
 * warnings), the others are published over HTTP.
 */
export interface SeededRegistry {
  registry: RegistryUnderTest;
  /** Publishes the XSS probe (kept out of the screenshots). */
  publishEvil(): Promise<void>;
  close(): Promise<void>;
}

export async function startSeededRegistry(): Promise<SeededRegistry> {
  const dns = await new FakeDnsServer().start();
  const npm = new FakeNpmRegistry();
  const { baseUrl: npmUrl } = await npm.start();
  // The package names another server: the on-demand ownership check below fails.
  npm.addNpmPackage('@acme/notes-mcp', { version: '0.3.0', mcpName: 'io.github.someone-else/notes' });
  let registry: RegistryUnderTest | undefined;
  const close = async () => {
    await registry?.close();
    await npm.close();
    await dns.close();
  };
  try {
    registry = await RegistryUnderTest.start({
      MCP_REGISTRY_ENABLE_REGISTRY_VALIDATION: 'true',
      MCP_REGISTRY_DNS_RESOLVER: dns.address,
      MCP_REGISTRY_NPM_REGISTRY_URL: npmUrl,
      MCP_REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'true',
      MCP_REGISTRY_OWNERSHIP_RECHECK_INTERVAL_MS: '0',
      MCP_REGISTRY_META_NAMESPACE: META_NAMESPACE,
      // Every request here comes from 127.0.0.1: the per-client limit is tested on its own.
      MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: '0',
    });
    await seed(registry, dns);
  } catch (error) {
    await close();
    throw error;
  }
  const seeded = registry;
  return {
    registry: seeded,
    publishEvil: () =>
      importServers(seeded, [
        serverJson(EVIL, '1.0.0', {
          title: XSS,
          description: XSS,
          websiteUrl: 'javascript:window.__xss=3',
          packages: [{ registryType: 'npm', identifier: XSS, version: '1.0.0', transport: stdio }],
          _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { note: `</code></pre>${XSS}` } },
        }),
      ]),
    close,
  };
}

/** Imports server.json documents in order, as MCP_REGISTRY_SEED_FROM does at start-up. */
async function importServers(registry: RegistryUnderTest, servers: Array<Record<string, unknown>>) {
  const report = await registry.app.get(RegistryImporter).importEntries(
    (async function* () {
      for (const server of servers) yield { server };
    })(),
  );
  assert.equal(report.imported, servers.length, JSON.stringify(report));
}

async function seed(registry: RegistryUnderTest, dns: FakeDnsServer): Promise<void> {
  const token = await registry.token(['io.github.acme/*', 'com.example/*']);
  const publish = async (name: string, version: string, extra: Record<string, unknown>) => {
    const res = await registry.request('POST', '/v0/publish', {
      token,
      body: serverJson(name, version, extra),
    });
    assert.equal(res.status, 200, `${name}@${version}: ${res.text}`);
  };
  const weather = (version: string) => ({
    title: 'Weather',
    description: 'Forecasts and current conditions for any city',
    repository: { url: 'https://github.com/acme/weather-mcp', source: 'github' },
    websiteUrl: 'https://acme.example/weather',
    packages: [
      {
        registryType: 'npm',
        identifier: '@acme/weather-mcp',
        version,
        transport: stdio,
        packageArguments: [
          {
            type: 'named',
            name: '--units',
            description: 'Units',
            isRequired: true,
            choices: ['metric', 'imperial'],
          },
        ],
        environmentVariables: [apiKey, { name: 'LOG_LEVEL', default: 'info' }],
      },
      {
        registryType: 'pypi',
        identifier: 'acme-weather',
        version,
        transport: stdio,
        environmentVariables: [apiKey],
      },
      {
        registryType: 'nuget',
        identifier: 'Acme.Weather',
        version,
        transport: stdio,
        packageArguments: [{ type: 'positional', valueHint: 'data_dir', isRequired: true }],
      },
      {
        registryType: 'oci',
        identifier: `ghcr.io/acme/weather:${version}`,
        transport: stdio,
        runtimeArguments: [{ type: 'named', name: '--network', value: 'host' }],
        environmentVariables: [apiKey],
      },
    ],
    _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { tool: 'acme-ci', build: 42 } },
  });
  await importServers(registry, [
    serverJson(WEATHER, '1.1.0', weather('1.1.0')),
    serverJson(WEATHER, '1.2.0', weather('1.2.0')),
    serverJson(BUNDLE, '0.9.0', {
      title: 'Desktop Bundle',
      description: 'A desktop extension shipped as an MCP bundle',
      packages: [
        {
          registryType: 'mcpb',
          identifier: 'https://github.com/acme/desktop/releases/download/v0.9.0/desktop.mcpb',
          fileSha256: 'fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce',
          transport: stdio,
        },
      ],
    }),
  ]);

  await publish(HOSTED, '2.0.0', {
    title: 'Hosted Search',
    description: 'Web search as a hosted MCP server, per tenant',
    remotes: [
      {
        type: 'streamable-http',
        url: 'https://mcp.acme.example/{tenant_id}/mcp',
        headers: [
          { name: 'X-API-Key', description: 'Your API key', isRequired: true, isSecret: true },
          { name: 'X-Region', default: 'eu-west-1', choices: ['us-east-1', 'eu-west-1'] },
        ],
        variables: { tenant_id: { description: 'Your tenant', isRequired: true } },
      },
      { type: 'sse', url: 'https://mcp.acme.example/sse' },
    ],
  });
  await publish(LEGACY, '1.0.0', { description: 'Old tools, superseded by the weather server' });
  const deprecated = await registry.request(
    'PATCH',
    `/v0/servers/${encodeURIComponent(LEGACY)}/versions/1.0.0/status`,
    {
      token,
      body: { status: 'deprecated', statusMessage: `Use ${WEATHER}` },
    },
  );
  assert.equal(deprecated.status, 200, deprecated.text);

  // Imported: its npm package names another server, which publish would refuse; the re-check flags it.
  await importServers(registry, [
    serverJson(UNOWNED, '0.3.0', {
      title: 'Notes',
      description: 'Notes whose npm package names another server',
      packages: [{ registryType: 'npm', identifier: '@acme/notes-mcp', version: '0.3.0', transport: stdio }],
    }),
  ]);
  await ownershipFails(registry, token);

  await proveNamespace(registry, dns);
  await publish(PROVEN, '1.0.0', {
    title: 'Files',
    description: 'File access in a namespace proven by DNS',
    remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/files' }],
  });
}

/** Asks for an ownership re-check of the unowned server and waits for its failure to show. */
async function ownershipFails(registry: RegistryUnderTest, token: string): Promise<void> {
  const name = encodeURIComponent(UNOWNED);
  const asked = await registry.request('POST', `/v0.1/x/${META_NAMESPACE}/servers/${name}/ownership-checks`, {
    token,
  });
  assert.equal(asked.status, 202, asked.text);
  for (let i = 0; i < 100; i++) {
    const doc = (await registry.request('GET', `/v0.1/servers/${name}/versions/0.3.0`)).json as {
      _meta: Record<string, { packageOwnership?: { status: string } }>;
    };
    if (doc._meta[`${META_NAMESPACE}/entry`]?.packageOwnership?.status === 'failed') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail('the ownership check did not fail in time');
}

/** Claims `com.example` by DNS and proves it, as test/e2e/namespace-claims.test.ts does. */
async function proveNamespace(registry: RegistryUnderTest, dns: FakeDnsServer): Promise<void> {
  const owner = await registry.token([], 'alice');
  const x = `/v0.1/x/${META_NAMESPACE}`;
  const created = await registry.request('POST', `${x}/namespaces`, {
    token: owner,
    body: { namespace: 'com.example', method: 'dns' },
  });
  assert.equal(created.status, 201, created.text);
  const claim = created.json as { id: string; challenge: string };
  dns.setTxt('_mcp-registry-challenge.example.com', [`mcp-registry-verification=${claim.challenge}`]);
  const verified = await registry.request('POST', `${x}/namespaces/${claim.id}/verify`, { token: owner });
  assert.equal((verified.json as { status: string }).status, 'verified', verified.text);
}

import { PackageRegistryOptions } from '@registry/package-registries';
import { FakeCratesRegistry } from './fake-crates-registry';
import { FakeGoProxy } from './fake-go-proxy';
import { FakeMcpbHost } from './fake-mcpb-host';
import { FakeNpmRegistry } from './fake-npm-registry';
import { FakeNugetRegistry } from './fake-nuget-registry';
import { FakeOciRegistry } from './fake-oci-registry';
import { FakePypiRegistry } from './fake-pypi-registry';

export { FakeRegistryServer, json, notFound } from './fake-registry-server';
export type { RecordedRequest, RouteRequest, RouteResponse } from './fake-registry-server';
export { FakeNpmRegistry } from './fake-npm-registry';
export type { NpmVersionFixture } from './fake-npm-registry';
export { FakePypiRegistry } from './fake-pypi-registry';
export type { PypiReleaseFixture } from './fake-pypi-registry';
export { FakeNugetRegistry } from './fake-nuget-registry';
export type { NugetVersionFixture } from './fake-nuget-registry';
export { FakeCratesRegistry } from './fake-crates-registry';
export type { CrateVersionFixture } from './fake-crates-registry';
export { FakeOciRegistry } from './fake-oci-registry';
export type { OciImageFixture, PublishedOciImage } from './fake-oci-registry';
export { FakeMcpbHost } from './fake-mcpb-host';
export type { McpbFileFixture } from './fake-mcpb-host';
export { FakeGoProxy } from './fake-go-proxy';

/** Every package-registry fake, started, plus the verifier options that point at them. */
export interface PackageRegistryFakes {
  npm: FakeNpmRegistry;
  pypi: FakePypiRegistry;
  nuget: FakeNugetRegistry;
  crates: FakeCratesRegistry;
  oci: FakeOciRegistry;
  mcpb: FakeMcpbHost;
  goProxy: FakeGoProxy;
  options: PackageRegistryOptions;
  close(): Promise<void>;
}

/**
 * Starts all fakes. The OCI fake stands in for every allowed registry host and the MCPB fake for
 * github.com and gitlab.com, so server.json fixtures keep their real identifiers.
 */
export async function startPackageRegistryFakes(
  overrides: Partial<PackageRegistryOptions> = {},
): Promise<PackageRegistryFakes> {
  const fakes = {
    npm: new FakeNpmRegistry(),
    pypi: new FakePypiRegistry(),
    nuget: new FakeNugetRegistry(),
    crates: new FakeCratesRegistry(),
    oci: new FakeOciRegistry(),
    mcpb: new FakeMcpbHost(),
    goProxy: new FakeGoProxy(),
  };
  const servers = Object.values(fakes);
  const [npm, pypi, nuget, crates, oci, mcpb, goProxy] = await Promise.all(
    servers.map((fake) => fake.start()),
  );
  const ociHosts = [
    'docker.io',
    'ghcr.io',
    'quay.io',
    'mcr.microsoft.com',
    'us-docker.pkg.dev',
    'example.azurecr.io',
  ];
  const options: PackageRegistryOptions = {
    npmBaseUrl: npm.baseUrl,
    pypiBaseUrl: pypi.baseUrl,
    nugetBaseUrl: nuget.baseUrl,
    cratesBaseUrl: crates.baseUrl,
    goProxyBaseUrl: goProxy.baseUrl,
    ociRegistryOverrides: Object.fromEntries(ociHosts.map((host) => [host, oci.baseUrl])),
    mcpbHostOverrides: { 'github.com': mcpb.baseUrl, 'gitlab.com': mcpb.baseUrl },
    ...overrides,
  };
  return {
    ...fakes,
    options,
    close: async () => {
      await Promise.all(servers.map((fake) => fake.close()));
    },
  };
}

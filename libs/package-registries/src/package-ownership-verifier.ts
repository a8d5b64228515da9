import { OutboundHttp } from '@registry/outbound-http';
import { ServerJson } from '@registry/domain/server-json/server-json';
import { RegistryType } from '@registry/domain/validation';
import { CargoPackageCheck } from './cargo-package-check';
import { GoModuleCheck } from './go-module-check';
import { McpbPackageCheck } from './mcpb-package-check';
import { NpmPackageCheck } from './npm-package-check';
import { NugetPackageCheck } from './nuget-package-check';
import { OciImageCheck } from './oci-image-check';
import { OciRegistryClient } from './oci-registry-client';
import { PackageCheck, packageFields } from './package-check';
import { PypiPackageCheck } from './pypi-package-check';
import {
  DEFAULT_PACKAGE_REGISTRY_OPTIONS,
  OFFICIAL_REGISTRY_URLS,
  OFFICIAL_TIMEOUTS,
  PackageRegistryOptions,
} from './package-registry-options';
import { UpstreamClient } from './upstream-client';

export interface PackageOwnershipFailure {
  packageIndex: number;
  registryType: string;
  identifier: string;
  /** The official validator's error text, e.g. "NPM package 'x' version '1.0.0' ownership validation failed. ..." */
  message: string;
}

/**
 * The text the official registry answers a publish with (HTTP 400) when a package fails:
 * it stops at the first failing package, so callers matching it use the first failure.
 */
export function registryValidationError(failure: PackageOwnershipFailure): string {
  return `registry validation failed for package ${failure.packageIndex} (${failure.identifier}): ${failure.message}`;
}

/**
 * Checks at publish time that the publisher controls every package a server.json points at, as the
 * official registry's internal/validators/package.go does for npm, PyPI, NuGet, OCI, MCPB, Cargo
 * and Go packages.
 */
export class PackageOwnershipVerifier {
  private readonly checks: ReadonlyMap<string, PackageCheck>;

  constructor(http: OutboundHttp, options: PackageRegistryOptions = DEFAULT_PACKAGE_REGISTRY_OPTIONS) {
    const upstream = new UpstreamClient(http);
    const requestMs = options.timeouts?.requestMs ?? OFFICIAL_TIMEOUTS.requestMs;
    const probeMs = options.timeouts?.probeMs ?? OFFICIAL_TIMEOUTS.probeMs;
    const trim = (url: string): string => url.replace(/\/+$/, '');
    // Typed by the domain's RegistryType: a type added there without a check here does not compile.
    const checks: Record<RegistryType, PackageCheck> = {
      npm: new NpmPackageCheck(upstream, { baseUrl: trim(options.npmBaseUrl), requestMs, probeMs }),
      pypi: new PypiPackageCheck(upstream, { baseUrl: trim(options.pypiBaseUrl), requestMs, probeMs }),
      nuget: new NugetPackageCheck(upstream, {
        baseUrl: options.nugetBaseUrl,
        requestMs,
        now: options.now ?? Date.now,
      }),
      oci: new OciImageCheck(new OciRegistryClient(upstream), {
        registryOverrides: options.ociRegistryOverrides ?? {},
        auth: options.ociAuth ?? {},
        imageMs: options.timeouts?.ociImageMs ?? OFFICIAL_TIMEOUTS.ociImageMs,
      }),
      mcpb: new McpbPackageCheck(upstream, {
        hostOverrides: lowerKeys(options.mcpbHostOverrides),
        requestMs,
      }),
      cargo: new CargoPackageCheck(upstream, {
        baseUrl: trim(options.cratesBaseUrl ?? OFFICIAL_REGISTRY_URLS.cargo),
        requestMs,
      }),
      go: new GoModuleCheck(upstream, {
        baseUrl: options.goProxyBaseUrl ?? OFFICIAL_REGISTRY_URLS.go,
        requestMs,
      }),
    };
    this.checks = new Map<string, PackageCheck>(Object.entries(checks));
  }

  /** Checks every package of the server.json; returns the official error messages (empty = ok). */
  async verify(server: ServerJson): Promise<PackageOwnershipFailure[]> {
    const serverName = typeof server.name === 'string' ? server.name : '';
    const packages: unknown[] = Array.isArray(server.packages) ? server.packages : [];
    const outcomes = await Promise.all(
      packages.map(async (raw, packageIndex): Promise<PackageOwnershipFailure | undefined> => {
        const pkg = packageFields(raw);
        const check = this.checks.get(pkg.registryType);
        const message =
          check === undefined
            ? `unsupported registry type: ${pkg.registryType}`
            : await check.check(pkg, serverName);
        if (message === undefined) return undefined;
        return { packageIndex, registryType: pkg.registryType, identifier: pkg.identifier, message };
      }),
    );
    return outcomes.filter((outcome): outcome is PackageOwnershipFailure => outcome !== undefined);
  }
}

function lowerKeys(table: Record<string, string> | undefined): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [key, value] of Object.entries(table ?? {})) lowered[key.toLowerCase()] = value;
  return lowered;
}

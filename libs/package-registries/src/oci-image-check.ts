import { jsonField } from './official-formatting';
import { DOCKER_HUB, parseOciReference } from './oci-reference';
import { OciFetchFailure, OciRegistryClient } from './oci-registry-client';
import { PackageCheck, PackageFields } from './package-check';

export interface OciCheckSettings {
  registryOverrides: Record<string, string>;
  auth: Record<string, string>;
  imageMs: number;
}

const SERVER_NAME_LABEL = 'io.modelcontextprotocol.server.name';
const DOCKER_HUB_NAMES = [DOCKER_HUB, 'docker.io', 'registry-1.docker.io'];
const ALLOWED_REGISTRIES = new Set([...DOCKER_HUB_NAMES, 'ghcr.io', 'quay.io', 'mcr.microsoft.com']);
const ALLOWED_REGISTRY_SUFFIXES = ['.pkg.dev', '.azurecr.io'];

/** Docker Hub, GHCR, Quay, MCR, Google Artifact Registry (*.pkg.dev) and Azure (*.azurecr.io). */
export function isAllowedOciRegistry(registry: string): boolean {
  return (
    ALLOWED_REGISTRIES.has(registry) || ALLOWED_REGISTRY_SUFFIXES.some((suffix) => registry.endsWith(suffix))
  );
}

/**
 * OCI: the image config must carry the label `io.modelcontextprotocol.server.name` equal to the
 * server name (registries/oci.go). The registry comes from the identifier, so the allow-list
 * applies to the identifier's registry; `registryOverrides` only changes where we connect.
 */
export class OciImageCheck implements PackageCheck {
  constructor(
    private readonly client: OciRegistryClient,
    private readonly settings: OciCheckSettings,
  ) {}

  async check(pkg: PackageFields, serverName: string): Promise<string | undefined> {
    const id = pkg.identifier;
    if (id === '') return 'package identifier is required for OCI packages';
    if (pkg.registryBaseUrl !== '') {
      return "OCI packages must not have 'registryBaseUrl' field - use canonical reference in 'identifier' instead (e.g., 'docker.io/owner/image:1.0.0')";
    }
    if (pkg.version !== '') {
      return "OCI packages must not have 'version' field - include version in 'identifier' instead (e.g., 'docker.io/owner/image:1.0.0')";
    }
    if (pkg.fileSha256 !== '') return "OCI packages must not have 'fileSha256' field";

    const ref = parseOciReference(id);
    if (ref === undefined) return `invalid OCI reference: could not parse reference: ${id}`;
    if (!isAllowedOciRegistry(ref.registry)) return `unsupported OCI registry: ${ref.registry}`;

    const outcome = await this.client.imageConfig(ref, id, {
      baseUrl: (
        this.lookup(this.settings.registryOverrides, ref.registry) ?? `https://${ref.registry}`
      ).replace(/\/+$/, ''),
      credential: this.lookup(this.settings.auth, ref.registry),
      deadline: Date.now() + this.settings.imageMs,
    });
    if (outcome.stage === 'image') return this.imageFailure(outcome.failure, id);
    if (outcome.stage === 'config') return `failed to get image config: ${outcome.failure.message}`;

    const labels = jsonField(jsonField(outcome.config, 'config'), 'Labels');
    const label =
      labels !== null && typeof labels === 'object' ? jsonField(labels, SERVER_NAME_LABEL) : undefined;
    if (typeof label !== 'string') {
      return `OCI image '${id}' is missing required annotation. Add this to your Dockerfile: LABEL ${SERVER_NAME_LABEL}="${serverName}"`;
    }
    if (label !== serverName) {
      return `OCI image ownership validation failed. Expected annotation '${SERVER_NAME_LABEL}' = '${serverName}', got '${label}'`;
    }
    return undefined;
  }

  private imageFailure(failure: OciFetchFailure, id: string): string | undefined {
    if (failure.kind === 'timeout') {
      const seconds = Math.round(this.settings.imageMs / 1000);
      return `OCI image validation timed out after ${seconds} seconds for '${id}'. The registry may be slow or unreachable`;
    }
    if (failure.kind === 'status') {
      // The official registry lets a rate-limited check pass rather than block publishers.
      if (failure.status === 429) return undefined;
      if (failure.status === 404) return `OCI image '${id}' does not exist in the registry`;
      if (failure.status === 401 || failure.status === 403) {
        return `OCI image '${id}' is private or requires authentication. Only public images are supported`;
      }
    }
    return `failed to fetch OCI image: ${failure.message}`;
  }

  /** Docker Hub is configured under any of its names. */
  private lookup(table: Record<string, string>, registry: string): string | undefined {
    const names = DOCKER_HUB_NAMES.includes(registry) ? [registry, ...DOCKER_HUB_NAMES] : [registry];
    for (const name of names) {
      if (Object.hasOwn(table, name)) return table[name];
    }
    return undefined;
  }
}

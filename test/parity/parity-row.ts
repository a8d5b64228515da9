import { FakeGitHubApi } from '@test/support/fakes/github';
import { HttpResult, RegistryUnderTest } from '@test/support/registry-under-test';

/**
 * One deliberate difference from the official registry (v1.7.0), as docs/parity.md lists it: `id` is
 * the row's slug there, and `pin` asserts exactly what this registry answers, so changing the
 * behaviour fails the row until the table (and its reason) is changed with it.
 */
export interface ParityRow {
  id: string;
  pin(world: ParityWorld): Promise<void>;
}

/** What the rows share: one registry, seeded from the import rows' source, logging in against a fake GitHub. */
export interface ParityWorld {
  registry: RegistryUnderTest;
  github: FakeGitHubApi;
  /** Publishes (and changes the status of) anything under io.github.parity/*. */
  token: string;
}

export const OFFICIAL_META = 'io.modelcontextprotocol.registry/official';
export const PUBLISHER_META = 'io.modelcontextprotocol.registry/publisher-provided';
/** test/support/test-config.ts sets MCP_REGISTRY_META_NAMESPACE to this. */
export const ENTRY_META = 'io.github.test-registry/entry';

export type ServerResponseBody = {
  server: Record<string, unknown>;
  _meta: Record<string, Record<string, unknown>>;
};

export const enc = encodeURIComponent;

export function versionPath(name: string, version: string): string {
  return `/v0/servers/${enc(name)}/versions/${enc(version)}`;
}

export function bodyOf(res: HttpResult): ServerResponseBody {
  return res.json as ServerResponseBody;
}

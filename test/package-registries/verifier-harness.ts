import assert from 'node:assert/strict';
import { OutboundHttp } from '@registry/outbound-http';
import { PackageOwnershipVerifier, PackageRegistryOptions } from '@registry/package-registries';
import { ServerJson } from '@registry/domain/server-json/server-json';

/** A verifier that reaches the loopback fakes, as tests configure it (allowPrivateAddresses: true). */
export function testVerifier(options: PackageRegistryOptions): PackageOwnershipVerifier {
  return new PackageOwnershipVerifier(new OutboundHttp({ allowPrivateAddresses: true }), options);
}

export function serverJson(name: string, ...packages: Array<Record<string, unknown>>): ServerJson {
  return {
    name,
    description: 'test server',
    version: '1.0.0',
    packages: packages.map((pkg) => ({ transport: { type: 'stdio' }, ...pkg })),
  } as ServerJson;
}

/** Verifies one package and returns its failure message, or undefined when it passes. */
export async function verifyOne(
  verifier: PackageOwnershipVerifier,
  serverName: string,
  pkg: Record<string, unknown>,
): Promise<string | undefined> {
  const failures = await verifier.verify(serverJson(serverName, pkg));
  assert.ok(failures.length <= 1);
  return failures[0]?.message;
}

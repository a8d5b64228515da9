import { Package } from '@registry/domain/server-json/server-json';

/**
 * A package as the official validators see it: Go zero values, so an absent or mistyped field
 * reads as ''. server.json arrives as untrusted JSON, so nothing here trusts the declared types.
 */
export interface PackageFields {
  registryType: string;
  registryBaseUrl: string;
  identifier: string;
  version: string;
  fileSha256: string;
}

export function packageFields(pkg: Package | unknown): PackageFields {
  const record = pkg !== null && typeof pkg === 'object' ? (pkg as Record<string, unknown>) : {};
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return {
    registryType: text(record.registryType),
    registryBaseUrl: text(record.registryBaseUrl),
    identifier: text(record.identifier),
    version: text(record.version),
    fileSha256: text(record.fileSha256),
  };
}

/** One registry type's ownership check. Resolves to the official error text, or undefined when the package passes. */
export interface PackageCheck {
  check(pkg: PackageFields, serverName: string): Promise<string | undefined>;
}

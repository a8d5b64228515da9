import { ServerJson } from '@registry/domain/server-json/server-json';

/** Checks, against the package registries, that each package points back at the server name. */
export interface PackageOwnershipCheck {
  verify(server: ServerJson): Promise<Array<{ message: string }>>;
}

export const PACKAGE_OWNERSHIP = Symbol('PackageOwnershipCheck');

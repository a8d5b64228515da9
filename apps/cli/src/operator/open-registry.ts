import { RegistryOperations } from '@registry/application/registry-operations';
import { RegistryConfig } from '@registry/config';
import { CliError } from '../cli-error';

export interface OpenedRegistry {
  operations: RegistryOperations;
  close(): Promise<void>;
}

export type OpenRegistry = (config: RegistryConfig) => Promise<OpenedRegistry>;

/**
 * `openRegistry` of '@registry/registry-runtime', which opens the configured store in this process.
 * Loaded when an operator command runs, not when the CLI starts, so that publisher commands never load
 * the store's native modules.
 */
export function loadOpenRegistry(): OpenRegistry {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
    const runtime = require('@registry/registry-runtime') as typeof import('@registry/registry-runtime');
    return runtime.openRegistry;
  } catch (err) {
    throw new CliError(`cannot load the registry runtime: ${(err as Error).message.split('\n')[0]}`);
  }
}

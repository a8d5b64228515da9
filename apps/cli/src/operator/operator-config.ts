import { ConfigError, loadConfig, RegistryConfig } from '@registry/config';
import { CliError } from '../cli-error';

/** The same configuration the registry server starts with, so that the CLI opens the same store. */
export function operatorConfig(env: Record<string, string | undefined>): RegistryConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`bad configuration: ${err.message}`);
    throw err;
  }
}

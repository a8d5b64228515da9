import { CliError } from '../cli-error';
import { RegistryClient } from './registry-client';

const REGISTRY_CARD_PATH = '/.well-known/mcp-registry';
const NAMESPACE_PATTERN = /^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+$/;

/**
 * Where this registry's own endpoints live, `/v0.1/x/<ns>`: `<ns>` is each registry's setting
 * (MCP_REGISTRY_META_NAMESPACE), so it is read from the registry card rather than assumed.
 */
export async function extensionPrefix(registry: RegistryClient): Promise<string> {
  let card: unknown;
  try {
    card = await registry.send({
      method: 'GET',
      path: REGISTRY_CARD_PATH,
      action: 'reading the registry card',
    });
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    throw new CliError(
      `${err.message} (namespace claims and API keys need a registry that serves ${REGISTRY_CARD_PATH})`,
    );
  }
  const namespace = (card as { extensionNamespace?: unknown } | undefined)?.extensionNamespace;
  if (typeof namespace !== 'string' || !NAMESPACE_PATTERN.test(namespace)) {
    throw new CliError(
      `the registry card at ${registry.baseUrl}${REGISTRY_CARD_PATH} names no extensionNamespace; ` +
        'this registry offers no namespace claims or API keys',
    );
  }
  return `/v0.1/x/${namespace}`;
}

import { ParsedArgs, stringFlag } from '../args/parse-args';
import { UsageError } from '../cli-error';
import { Command } from '../command';
import { keyLines } from '../namespaces/claim-report';
import { NamespaceApi } from '../namespaces/namespace-api';
import { CLAIM_ID, REGISTRY_FLAG } from '../namespaces/namespace-flags';

const ACTIONS = ['create', 'revoke'] as const;
const SEE_HELP = "see 'mcp-registry namespace keys --help'";

type KeysAction =
  { action: 'list' } | { action: 'create'; name?: string } | { action: 'revoke'; keyId: string };

/** The action the words after the claim id name, checked before any request. */
function actionOf(args: ParsedArgs): KeysAction {
  const [, action, keyId] = args.positionals;
  const name = stringFlag(args, 'name');
  if (action !== undefined && !(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`unknown keys action "${action}" (one of ${ACTIONS.join(', ')}; ${SEE_HELP})`);
  }
  if (name !== undefined && action !== 'create') throw new UsageError('--name applies to keys create only');
  if (action === 'revoke') {
    if (keyId === undefined) throw new UsageError(`missing <keyId> for namespace keys revoke (${SEE_HELP})`);
    return { action, keyId };
  }
  if (keyId !== undefined)
    throw new UsageError(`unexpected argument "${keyId}" for namespace keys (${SEE_HELP})`);
  return action === 'create' ? { action, name } : { action: 'list' };
}

export const namespaceKeysCommand: Command = {
  name: 'keys',
  group: 'publisher',
  summary: "List, create or revoke a verified claim's publisher keys",
  usage: 'namespace keys <id> [create [--name <name>] | revoke <keyId>] [--registry <url>]',
  details: [
    '  namespace keys <id>                       list the keys (GET .../namespaces/<id>/keys)',
    '  namespace keys <id> create --name <name>  mint a key; its secret is printed once, never again',
    '  namespace keys <id> revoke <keyId>        revoke a key; tokens exchanged for it stop publishing',
    "A key logs in with 'mcp-registry login api-key' and publishes in the claimed namespace only.",
  ].join('\n'),
  args: {
    positionals: [
      CLAIM_ID,
      { name: 'action', required: false, description: 'create or revoke; none lists the keys' },
      { name: 'keyId', required: false, description: 'The key to revoke, as the list shows it' },
    ],
    flags: {
      name: {
        type: 'string',
        short: 'n',
        valueName: 'name',
        description: 'Name of the new key, e.g. where it is used (default "publisher key")',
      },
      registry: REGISTRY_FLAG,
    },
  },
  async run(args, ctx) {
    const [id] = args.positionals;
    const action = actionOf(args);
    const api = await NamespaceApi.open(args, ctx);
    if (action.action === 'create') {
      const created = await api.createKey(id, action.name);
      ctx.stdout.write(
        [
          `✓ Created publisher key ${created.id} "${created.name}" for claim ${id}`,
          created.key,
          'Warning: this is the only time the key is shown; store it now, e.g. as the CI secret',
          "MCP_REGISTRY_API_KEY, which 'mcp-registry login api-key' reads.",
          '',
        ].join('\n'),
      );
      // `key.key` is the secret, as in the text: the only time it is shown.
      return { registry: api.baseUrl, claimId: id, key: created };
    }
    if (action.action === 'revoke') {
      await api.revokeKey(id, action.keyId);
      ctx.stdout.write(
        `✓ Revoked publisher key ${action.keyId}; tokens exchanged for it no longer publish\n`,
      );
      return { registry: api.baseUrl, claimId: id, revoked: true, keyId: action.keyId };
    }
    const keys = await api.listKeys(id);
    ctx.stdout.write(
      keys.length === 0
        ? `No publisher keys for claim ${id} (create one with 'mcp-registry namespace keys ${id} create --name <name>')\n`
        : [`Publisher keys of claim ${id}:`, ...keyLines(keys), ''].join('\n'),
    );
    return { registry: api.baseUrl, claimId: id, keys };
  },
};

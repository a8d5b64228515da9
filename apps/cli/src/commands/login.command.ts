import { setTimeout as sleep } from 'node:timers/promises';
import { ParsedArgs, stringFlag } from '../args/parse-args';
import { CliContext } from '../cli-context';
import { CliError, UsageError } from '../cli-error';
import { Command } from '../command';
import { readSecret } from '../credentials/secret-input';
import { saveToken } from '../credentials/token-store';
import { githubActionsIdToken } from '../login/github-actions-token';
import { githubDeviceFlow } from '../login/github-device-flow';
import { SIGNING_ALGORITHMS, SigningAlgorithm, signTimestamp } from '../login/timestamp-signer';
import { extensionPrefix } from '../registry-http/extension-prefix';
import { RegistryClient, resolveRegistryUrl } from '../registry-http/registry-client';

const METHODS = ['none', 'github-at', 'github-oidc', 'dns', 'http', 'api-key'] as const;
type LoginMethod = (typeof METHODS)[number];

export const loginCommand: Command = {
  name: 'login',
  group: 'publisher',
  summary: 'Prove who you are to the registry and store the registry token it issues',
  usage:
    'login <none|github-at|github-oidc|dns|http|api-key> [--registry <url>] [--token <github-token>] ' +
    '[--domain <domain> --private-key <hex> [--algorithm ed25519|ecdsap384]] [--key -|<key>]',
  details: [
    'Methods (POST /v0/auth/<method>; api-key: POST /v0.1/x/<ns>/auth/api-key):',
    '  none         anonymous token for io.modelcontextprotocol.anonymous/* (registries that enable it)',
    '  github-at    a GitHub token from --token or MCP_GITHUB_TOKEN; without one, GitHub device login',
    '               (github is accepted as another name; MCP_GITHUB_URL for GitHub Enterprise Server)',
    '  github-oidc  the GitHub Actions OIDC token (needs "permissions: id-token: write")',
    '  dns, http    the current time signed with the private key of --domain, whose public key is in a',
    '               TXT record of the domain (dns) or at https://<domain>/.well-known/mcp-registry-auth (http)',
    '  api-key      a publisher key of a verified namespace claim (see namespace keys), for CI: from',
    '               MCP_REGISTRY_API_KEY, or --key - to read it from stdin; --key <key> works but shell',
    '               history keeps it',
    '',
    'The token is saved in ~/.mcp-registry/token.json (owner-only) and used by publish, status and namespace.',
  ].join('\n'),
  args: {
    positionals: [{ name: 'method', required: true, description: METHODS.join(', ') }],
    flags: {
      registry: {
        type: 'string',
        valueName: 'url',
        description: 'Registry base URL (default MCP_REGISTRY_URL, else http://localhost:8080)',
      },
      token: {
        type: 'string',
        short: 't',
        valueName: 'github-token',
        description: 'GitHub token for github-at',
      },
      domain: {
        type: 'string',
        short: 'd',
        valueName: 'domain',
        description: 'Domain to prove for dns and http',
      },
      'private-key': {
        type: 'string',
        short: 'p',
        valueName: 'hex',
        description: 'Private key (hex) for dns and http',
      },
      algorithm: {
        type: 'string',
        short: 'a',
        choices: SIGNING_ALGORITHMS,
        description: 'Key algorithm for dns and http (default ed25519)',
      },
      key: {
        type: 'string',
        short: 'k',
        valueName: '-|key',
        description: 'Publisher key for api-key; - reads it from stdin (default MCP_REGISTRY_API_KEY)',
      },
    },
  },
  async run(args, ctx) {
    const method = methodOf(args.positionals[0]);
    const token = stringFlag(args, 'token');
    const domain = stringFlag(args, 'domain')?.trim();
    const privateKey = stringFlag(args, 'private-key');
    if (token !== undefined && method !== 'github-at') {
      throw new UsageError('--token applies to github-at login only');
    }
    if (stringFlag(args, 'key') !== undefined && method !== 'api-key') {
      throw new UsageError('--key applies to api-key login only');
    }
    const signs = method === 'dns' || method === 'http';
    if (!signs && (domain !== undefined || privateKey !== undefined)) {
      throw new UsageError('--domain and --private-key apply to dns and http logins only');
    }
    // Everything the command line decides is checked before the first request.
    let body: Record<string, string> | undefined;
    let proofRecord: string | undefined;
    if (signs) {
      if (domain === undefined || domain === '') {
        throw new UsageError(`${method} login needs --domain <domain>`);
      }
      if (privateKey === undefined) throw new UsageError(`${method} login needs --private-key <hex>`);
      const algorithm = (stringFlag(args, 'algorithm') ?? 'ed25519') as SigningAlgorithm;
      const signed = signTimestamp(privateKey, algorithm, ctx.now());
      proofRecord = signed.proofRecord;
      body = { domain, timestamp: signed.timestamp, signed_timestamp: signed.signedTimestampHex };
    }
    if (method === 'api-key') body = { key: await publisherKey(args, ctx) };
    const registry = new RegistryClient(resolveRegistryUrl(stringFlag(args, 'registry'), ctx.env));
    ctx.stdout.write(`Logging in to ${registry.baseUrl} with ${method}...\n`);
    if (proofRecord !== undefined) ctx.stdout.write(`Expected proof record:\n${proofRecord}\n`);
    if (method === 'github-at') {
      const githubToken = token ?? (ctx.env.MCP_GITHUB_TOKEN?.trim() || undefined);
      body = {
        github_token: githubToken ?? (await githubDeviceFlow(ctx, registry, { sleep: (ms) => sleep(ms) })),
      };
    } else if (method === 'github-oidc') {
      body = { oidc_token: await githubActionsIdToken(ctx) };
    }

    const path =
      method === 'api-key' ? `${await extensionPrefix(registry)}/auth/api-key` : `/v0/auth/${method}`;
    const answer = await registry.send({
      method: 'POST',
      path,
      body,
      action: `${method} login`,
    });
    const { registry_token: registryToken, expires_at: expiresAt } = (answer ?? {}) as Record<
      string,
      unknown
    >;
    if (typeof registryToken !== 'string' || registryToken === '') {
      throw new CliError(`${method} login failed: the registry answered without a registry_token`);
    }
    const saved = await saveToken(ctx.homeDir, {
      token: registryToken,
      method,
      registry: registry.baseUrl,
      expiresAt: typeof expiresAt === 'number' ? expiresAt : undefined,
    });
    const until =
      typeof expiresAt === 'number' ? `, valid until ${new Date(expiresAt * 1000).toISOString()}` : '';
    ctx.stdout.write(`✓ Successfully logged in (token saved in ${saved}${until})\n`);
    return {
      method,
      registry: registry.baseUrl,
      tokenFile: saved,
      expiresAt: typeof expiresAt === 'number' ? new Date(expiresAt * 1000).toISOString() : null,
      proofRecord: proofRecord ?? null,
    };
  },
};

function methodOf(raw: string): LoginMethod {
  // `github` is the official publisher's name for the same method.
  const name = raw === 'github' ? 'github-at' : raw;
  if ((METHODS as readonly string[]).includes(name)) return name as LoginMethod;
  throw new UsageError(`unknown login method "${raw}" (one of ${METHODS.join(', ')})`);
}

async function publisherKey(args: ParsedArgs, ctx: CliContext): Promise<string> {
  const key = await readSecret(ctx, {
    what: 'publisher key',
    flag: stringFlag(args, 'key'),
    flagName: 'key',
    envName: 'MCP_REGISTRY_API_KEY',
  });
  if (key === undefined) {
    throw new UsageError(
      'api-key login needs a publisher key: set MCP_REGISTRY_API_KEY, or give --key - and pipe it in',
    );
  }
  return key;
}

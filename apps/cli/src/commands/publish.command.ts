import { stringFlag } from '../args/parse-args';
import { InputError } from '../cli-error';
import { Command } from '../command';
import { requireToken } from '../credentials/token-store';
import { RegistryClient, resolveRegistryUrl } from '../registry-http/registry-client';
import { readServerJsonFile } from './server-json-file';

const OFFICIAL_META_KEY = 'io.modelcontextprotocol.registry/official';

export const publishCommand: Command = {
  name: 'publish',
  group: 'publisher',
  summary: 'Publish a server.json to the registry with the stored token',
  usage: 'publish [file] [--registry <url>]',
  details:
    "Sends the file to POST /v0/publish. Log in first ('mcp-registry login <method>'); the registry URL\n" +
    'defaults to --registry, then MCP_REGISTRY_URL, then the registry the token came from.',
  args: {
    positionals: [
      { name: 'file', required: false, description: 'Path to server.json (default ./server.json)' },
    ],
    flags: {
      registry: { type: 'string', valueName: 'url', description: 'Registry base URL' },
    },
  },
  async run(args, ctx) {
    const { document } = await readServerJsonFile(ctx.cwd, args.positionals[0]);
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      throw new InputError(`${args.positionals[0] ?? 'server.json'} must hold one JSON object`);
    }
    const stored = await requireToken(ctx.homeDir, ctx.now());
    const registry = new RegistryClient(
      resolveRegistryUrl(stringFlag(args, 'registry'), ctx.env, stored.registry || undefined),
    );
    ctx.stdout.write(`Publishing to ${registry.baseUrl}...\n`);
    const answer = (await registry.send({
      method: 'POST',
      path: '/v0/publish',
      body: document,
      token: stored.token,
      action: 'publish',
    })) as
      | { server?: { name?: unknown; version?: unknown }; _meta?: Record<string, { isLatest?: unknown }> }
      | undefined;
    const name = String(answer?.server?.name ?? (document as { name?: unknown }).name);
    const version = String(answer?.server?.version ?? (document as { version?: unknown }).version);
    const latest = answer?._meta?.[OFFICIAL_META_KEY]?.isLatest === true ? ' (now the latest version)' : '';
    ctx.stdout.write(`✓ Successfully published\n✓ Server ${name} version ${version}${latest}\n`);
    // The registry's answer as GET /v0/servers/{name}/versions/{version} gives it, and where it went.
    return { registry: registry.baseUrl, server: answer?.server ?? document, _meta: answer?._meta ?? {} };
  },
};

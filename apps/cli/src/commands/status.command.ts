import { booleanFlag, stringFlag } from '../args/parse-args';
import { CliError, UsageError } from '../cli-error';
import { Command } from '../command';
import { confirm } from '../confirmation';
import { requireToken } from '../credentials/token-store';
import { RegistryClient, resolveRegistryUrl } from '../registry-http/registry-client';

const STATUSES = ['active', 'deprecated', 'deleted'] as const;
const OFFICIAL_META_KEY = 'io.modelcontextprotocol.registry/official';

interface VersionStatus {
  version: string;
  status: string;
}

export const statusCommand: Command = {
  name: 'status',
  group: 'publisher',
  summary: 'Mark one version, or every version, of a server active, deprecated or deleted',
  usage:
    'status <name> [--version <version>] --status active|deprecated|deleted [--message <text>] [--yes] [--registry <url>]',
  details: [
    'With --version (or the version as second argument): PATCH /v0/servers/{name}/versions/{version}/status.',
    'Without: every version, PATCH /v0/servers/{name}/status, after a confirmation that --yes answers.',
  ].join('\n'),
  args: {
    positionals: [
      { name: 'name', required: true, description: 'Server name, e.g. io.github.user/my-server' },
      { name: 'version', required: false, description: 'Same as --version (the official publisher form)' },
    ],
    flags: {
      version: { type: 'string', short: 'v', valueName: 'version', description: 'The one version to change' },
      status: { type: 'string', short: 's', choices: STATUSES, description: 'New status (required)' },
      message: {
        type: 'string',
        short: 'm',
        valueName: 'text',
        description: 'Why; shown to clients beside the status',
      },
      yes: { type: 'boolean', short: 'y', description: 'Change every version without asking' },
      registry: { type: 'string', valueName: 'url', description: 'Registry base URL' },
    },
  },
  async run(args, ctx) {
    const [name, positionalVersion] = args.positionals;
    const flagVersion = stringFlag(args, 'version');
    if (flagVersion !== undefined && positionalVersion !== undefined && flagVersion !== positionalVersion) {
      throw new UsageError(
        `two different versions given: "${positionalVersion}" and --version "${flagVersion}"`,
      );
    }
    const version = flagVersion ?? positionalVersion;
    const status = stringFlag(args, 'status');
    if (status === undefined) throw new UsageError(`--status is required (${STATUSES.join(', ')})`);
    const message = stringFlag(args, 'message');
    const body: { status: string; statusMessage?: string } =
      message === undefined || message === '' ? { status } : { status, statusMessage: message };

    const stored = await requireToken(ctx.homeDir, ctx.now());
    const registry = new RegistryClient(
      resolveRegistryUrl(stringFlag(args, 'registry'), ctx.env, stored.registry || undefined),
    );
    const serverPath = `/v0/servers/${encodeURIComponent(name)}`;
    const result = (versions: Array<{ version: string; previousStatus: string | null }>, count: number) => ({
      registry: registry.baseUrl,
      name,
      status,
      statusMessage: body.statusMessage ?? null,
      versions,
      updatedCount: count,
    });

    if (version !== undefined) {
      const versionPath = `${serverPath}/versions/${encodeURIComponent(version)}`;
      const current = await currentStatus(registry, versionPath, stored.token);
      ctx.stdout.write(`Updating ${name} version ${version}: ${current ? `${current} → ` : ''}${status}\n`);
      await registry.send({
        method: 'PATCH',
        path: `${versionPath}/status`,
        body,
        token: stored.token,
        action: 'status update',
      });
      ctx.stdout.write('✓ Successfully updated status\n');
      return result([{ version, previousStatus: current ?? null }], 1);
    }

    const versions = await allVersions(registry, serverPath, stored.token);
    if (versions.length === 0) throw new CliError(`no versions found for ${name}`);
    ctx.stdout.write(`This will update ${versions.length} version(s) of ${name}:\n`);
    for (const v of versions) ctx.stdout.write(`  ${v.version}: ${v.status} → ${status}\n`);
    await confirm(ctx, booleanFlag(args, 'yes'), `changing every version of ${name}`);
    const answer = (await registry.send({
      method: 'PATCH',
      path: `${serverPath}/status`,
      body,
      token: stored.token,
      action: 'status update',
    })) as { updatedCount?: unknown } | undefined;
    const count = typeof answer?.updatedCount === 'number' ? answer.updatedCount : versions.length;
    ctx.stdout.write(`✓ Successfully updated ${count} version(s)\n`);
    return result(
      versions.map((v) => ({ version: v.version, previousStatus: v.status === 'unknown' ? null : v.status })),
      count,
    );
  },
};

/** The status before the change, only to show "from → to"; the PATCH reports any real problem. */
async function currentStatus(
  registry: RegistryClient,
  versionPath: string,
  token: string,
): Promise<string | undefined> {
  try {
    const answer = (await registry.send({
      method: 'GET',
      path: `${versionPath}?include_deleted=true`,
      token,
      action: 'reading the current status',
    })) as { _meta?: Record<string, { status?: unknown }> } | undefined;
    const status = answer?._meta?.[OFFICIAL_META_KEY]?.status;
    return typeof status === 'string' ? status : undefined;
  } catch {
    return undefined;
  }
}

async function allVersions(
  registry: RegistryClient,
  serverPath: string,
  token: string,
): Promise<VersionStatus[]> {
  const answer = (await registry.send({
    method: 'GET',
    path: `${serverPath}/versions?include_deleted=true`,
    token,
    action: 'listing versions',
  })) as { servers?: unknown } | undefined;
  const servers = Array.isArray(answer?.servers) ? answer.servers : [];
  return servers.map(
    (s: { server?: { version?: unknown }; _meta?: Record<string, { status?: unknown }> }) => ({
      version: String(s?.server?.version ?? '?'),
      status:
        typeof s?._meta?.[OFFICIAL_META_KEY]?.status === 'string'
          ? String(s._meta[OFFICIAL_META_KEY].status)
          : 'unknown',
    }),
  );
}

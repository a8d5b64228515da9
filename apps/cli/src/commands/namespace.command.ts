import { booleanFlag, ParsedArgs, stringFlag } from '../args/parse-args';
import { CliContext } from '../cli-context';
import { CliError, UsageError } from '../cli-error';
import { Command, CommandGroup } from '../command';
import { confirm } from '../confirmation';
import { readSecret } from '../credentials/secret-input';
import { claimReport, claimTable, proofLines } from '../namespaces/claim-report';
import { CLAIM_METHODS, ClaimMethod, NamespaceApi } from '../namespaces/namespace-api';
import { CLAIM_ID, GITHUB_TOKEN_FLAG, REGISTRY_FLAG } from '../namespaces/namespace-flags';
import { namespaceKeysCommand } from './namespace-keys.command';

async function githubToken(args: ParsedArgs, ctx: CliContext, envName?: string): Promise<string | undefined> {
  return readSecret(ctx, {
    what: 'GitHub token',
    flag: stringFlag(args, 'github-token'),
    flagName: 'github-token',
    envName,
  });
}

const claimCommand: Command = {
  name: 'claim',
  group: 'publisher',
  summary: 'Claim a namespace and print the proof to put in place',
  usage: 'namespace claim <namespace> --method dns|http|github [--github-token -|<token>] [--registry <url>]',
  details: [
    'POST /v0.1/x/<ns>/namespaces with the token of your login. The answer says what to put where:',
    '  dns     a TXT record at _mcp-registry-challenge.<domain>; proves <namespace>/* and <namespace>.*/*',
    '  http    a text at https://<domain>/.well-known/mcp-registry-verification; proves <namespace>/*',
    '  github  your role on the GitHub account of io.github.<account>, read with a GitHub token from',
    '          MCP_GITHUB_TOKEN or --github-token - (stdin); the registry keeps it for its re-checks',
    "The registry checks until the proof is there; 'namespace verify <id>' checks at once.",
  ].join('\n'),
  args: {
    positionals: [
      {
        name: 'namespace',
        required: true,
        description: 'Reversed domain (com.example) or io.github.<user or organisation>',
      },
    ],
    flags: {
      method: {
        type: 'string',
        short: 'm',
        choices: CLAIM_METHODS,
        description: 'How to prove it (required)',
      },
      'github-token': GITHUB_TOKEN_FLAG,
      registry: REGISTRY_FLAG,
    },
  },
  async run(args, ctx) {
    const namespace = args.positionals[0].trim();
    const method = stringFlag(args, 'method') as ClaimMethod | undefined;
    if (method === undefined) throw new UsageError(`--method is required (${CLAIM_METHODS.join(', ')})`);
    if (method !== 'github' && stringFlag(args, 'github-token') !== undefined) {
      throw new UsageError('--github-token applies to github claims only');
    }
    const token = method === 'github' ? await githubToken(args, ctx, 'MCP_GITHUB_TOKEN') : undefined;
    if (method === 'github' && token === undefined) {
      throw new UsageError(
        'a github claim needs a GitHub token: set MCP_GITHUB_TOKEN, or give --github-token - and pipe it in',
      );
    }
    const api = await NamespaceApi.open(args, ctx);
    const claim = await api.claim(namespace, method, token);
    const due = claim.expiresAt !== undefined ? ` (proof due by ${claim.expiresAt})` : '';
    ctx.stdout.write(
      [
        `✓ Claimed ${claim.namespace} with ${claim.method}: claim ${claim.id} is ${claim.status}${due}`,
        '',
        ...proofLines(claim),
        '',
        `The registry checks on its own; to check now: mcp-registry namespace verify ${claim.id}`,
        '',
      ].join('\n'),
    );
    return { registry: api.baseUrl, claim };
  },
};

const statusCommand: Command = {
  name: 'status',
  group: 'publisher',
  summary: 'List your namespace claims, or show one: status, last check, proof, keys',
  usage: 'namespace status [<id>] [--registry <url>]',
  details: 'GET /v0.1/x/<ns>/namespaces, or .../namespaces/<id> for one claim.',
  args: {
    positionals: [{ ...CLAIM_ID, required: false, description: 'One claim to show in full' }],
    flags: { registry: REGISTRY_FLAG },
  },
  async run(args, ctx) {
    const [id] = args.positionals;
    const api = await NamespaceApi.open(args, ctx);
    if (id !== undefined) {
      const claim = await api.get(id);
      ctx.stdout.write(claimReport(claim));
      return { registry: api.baseUrl, claim };
    }
    const claims = await api.list();
    ctx.stdout.write(
      claims.length === 0
        ? "No namespace claims (claim one with 'mcp-registry namespace claim <namespace> --method dns|http|github')\n"
        : claimTable(claims),
    );
    return { registry: api.baseUrl, claims };
  },
};

const verifyCommand: Command = {
  name: 'verify',
  group: 'publisher',
  summary: 'Check the proof of a claim now; exits non-zero unless it is verified',
  usage: 'namespace verify <id> [--github-token -|<token>] [--registry <url>]',
  details: [
    'POST /v0.1/x/<ns>/namespaces/<id>/verify. A failed claim gets a new window to prove it first.',
    'For a github claim, --github-token replaces the token the registry checks with.',
  ].join('\n'),
  args: {
    positionals: [CLAIM_ID],
    flags: { 'github-token': GITHUB_TOKEN_FLAG, registry: REGISTRY_FLAG },
  },
  async run(args, ctx) {
    const token = await githubToken(args, ctx);
    const api = await NamespaceApi.open(args, ctx);
    const claim = await api.verify(args.positionals[0], token);
    ctx.stdout.write(claimReport(claim));
    const result = { registry: api.baseUrl, verified: claim.status === 'verified', claim };
    if (!result.verified) {
      // The full diagnosis is printed above; the error line names it for a CI log's summary.
      const why = claim.diagnosis !== undefined ? ` (last check: ${claim.diagnosis.code})` : '';
      throw new CliError(
        `${claim.namespace} is not verified: claim ${claim.id} is ${claim.status}${why}`,
        1,
        result,
      );
    }
    ctx.stdout.write(`✓ ${claim.namespace} is verified\n`);
    return result;
  },
};

const releaseCommand: Command = {
  name: 'release',
  group: 'publisher',
  summary: 'Give a claim up; its publisher keys stop working at once',
  usage: 'namespace release <id> [--yes] [--registry <url>]',
  details: 'DELETE /v0.1/x/<ns>/namespaces/<id>, after a confirmation that --yes answers.',
  args: {
    positionals: [CLAIM_ID],
    flags: {
      yes: { type: 'boolean', short: 'y', description: 'Release without asking' },
      registry: REGISTRY_FLAG,
    },
  },
  async run(args, ctx) {
    const [id] = args.positionals;
    const api = await NamespaceApi.open(args, ctx);
    const claim = await api.get(id);
    const live = claim.keys.filter((k) => k.revokedAt === undefined).length;
    ctx.stdout.write(
      `This will release claim ${claim.id} for ${claim.namespace} (${claim.status}); ` +
        `its ${live} live publisher key(s) stop working.\n`,
    );
    await confirm(ctx, booleanFlag(args, 'yes'), `releasing claim ${claim.id}`);
    await api.release(claim.id);
    ctx.stdout.write(`✓ Released claim ${claim.id} for ${claim.namespace}\n`);
    return { registry: api.baseUrl, released: true, claimId: claim.id, namespace: claim.namespace };
  },
};

export const namespaceCommand: CommandGroup = {
  name: 'namespace',
  group: 'publisher',
  summary: 'Claim and prove a namespace; mint publisher keys for CI',
  usage: 'namespace <claim|status|verify|keys|release> [arguments] [flags]',
  details: [
    'A verified claim lets its publisher keys log in (login api-key) and publish in the namespace,',
    'without a browser or a DNS key. The registry keeps checking the proof: when it goes, the claim',
    'has a grace period, then is revoked. These commands use the token of your login.',
  ].join('\n'),
  subcommands: [claimCommand, statusCommand, verifyCommand, namespaceKeysCommand, releaseCommand],
};

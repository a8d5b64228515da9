import { basename } from 'node:path';
import { stringFlag } from '../args/parse-args';
import { CliContext } from '../cli-context';
import { CliError } from '../cli-error';
import { Command } from '../command';
import { RegistryClient, resolveRegistryUrl } from '../registry-http/registry-client';
import { readServerJsonFile } from './server-json-file';

interface Issue {
  type?: string;
  path?: string;
  message?: string;
  severity?: string;
  reference?: string;
}

export const validateCommand: Command = {
  name: 'validate',
  group: 'publisher',
  summary: "Check a server.json with the registry's validation, without publishing it",
  usage: 'validate [file] [--registry <url>]',
  details:
    'Sends the file to POST /v0/validate, which reports every issue at once (JSON schema and registry rules).',
  args: {
    positionals: [
      { name: 'file', required: false, description: 'Path to server.json (default ./server.json)' },
    ],
    flags: {
      registry: {
        type: 'string',
        valueName: 'url',
        description: 'Registry base URL (default MCP_REGISTRY_URL, else http://localhost:8080)',
      },
    },
  },
  async run(args, ctx) {
    const { document } = await readServerJsonFile(ctx.cwd, args.positionals[0]);
    const name = basename(args.positionals[0] ?? 'server.json');
    const registry = new RegistryClient(resolveRegistryUrl(stringFlag(args, 'registry'), ctx.env));
    const answer = (await registry.send({
      method: 'POST',
      path: '/v0/validate',
      body: document,
      action: 'validate',
    })) as { valid?: unknown; issues?: unknown } | undefined;
    if (typeof answer?.valid !== 'boolean') {
      throw new CliError(
        `validate failed: the registry at ${registry.baseUrl} answered without a "valid" field`,
      );
    }
    const issues = (Array.isArray(answer.issues) ? answer.issues : []) as Issue[];
    const result = {
      file: args.positionals[0] ?? 'server.json',
      registry: registry.baseUrl,
      valid: answer.valid,
      issues,
    };
    if (answer.valid) {
      ctx.stdout.write(`✅ ${name} is valid${issues.length > 0 ? `, with ${issues.length} note(s):` : ''}\n`);
      printIssues(ctx, issues);
      return result;
    }
    ctx.stdout.write(`❌ Validation failed with ${issues.length} issue(s):\n\n`);
    printIssues(ctx, issues);
    const errors = issues.filter((i) => i.severity === 'error').length;
    throw new CliError(
      `${name} is not valid: ${errors} error(s), ${issues.length - errors} other issue(s)`,
      1,
      result,
    );
  },
};

/** The official publisher's layout: `1. [error] packages[0].version (semantic)`, message, reference. */
function printIssues(ctx: CliContext, issues: Issue[]): void {
  issues.forEach((issue, i) => {
    const where = issue.path ? ` ${issue.path}` : '';
    const kind = issue.type ? ` (${issue.type})` : '';
    ctx.stdout.write(`${i + 1}. [${issue.severity ?? 'error'}]${where}${kind}\n   ${issue.message ?? ''}\n`);
    if (issue.reference) ctx.stdout.write(`   Reference: ${issue.reference}\n`);
    ctx.stdout.write('\n');
  });
}

import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CliError } from '../cli-error';
import { Command } from '../command';
import { ProjectFacts, pyprojectNameOf, serverJsonTemplate } from '../init/server-json-template';

export const initCommand: Command = {
  name: 'init',
  group: 'publisher',
  summary: 'Create a server.json template in the current directory',
  usage: 'init',
  details:
    'Guesses name, description, repository, version and package from package.json, pyproject.toml or Dockerfile.',
  args: { positionals: [], flags: {} },
  async run(_args, ctx) {
    const target = join(ctx.cwd, 'server.json');
    if (existsSync(target)) throw new CliError('server.json already exists');
    const template = serverJsonTemplate(await projectFacts(ctx.cwd));
    try {
      // `wx`: never overwrite a server.json that appeared since the check above.
      await writeFile(target, JSON.stringify(template, null, 2) + '\n', { flag: 'wx' });
    } catch (err) {
      throw new CliError(`cannot write server.json: ${(err as Error).message}`);
    }
    ctx.stdout.write(
      [
        'Created server.json',
        '',
        'Edit server.json to update:',
        '  • Server name and description',
        '  • Package details',
        '  • Environment variables',
        '',
        'Then check and publish it with:',
        '  mcp-registry validate',
        '  mcp-registry login github-at  # or your preferred method',
        '  mcp-registry publish',
        '',
      ].join('\n'),
    );
  },
};

async function projectFacts(cwd: string): Promise<ProjectFacts> {
  let packageJson: Record<string, unknown> | undefined;
  const packageText = await readOptional(join(cwd, 'package.json'));
  if (packageText !== undefined) {
    try {
      const parsed: unknown = JSON.parse(packageText);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        packageJson = parsed as Record<string, unknown>;
      }
    } catch {
      // An unreadable package.json gives no hints; the template falls back to placeholders.
    }
  }
  const pyproject = await readOptional(join(cwd, 'pyproject.toml'));
  return {
    directoryName: basename(cwd),
    packageJson,
    pyprojectName: pyproject === undefined ? undefined : pyprojectNameOf(pyproject),
    hasPythonProject: pyproject !== undefined || existsSync(join(cwd, 'setup.py')),
    hasDockerfile: existsSync(join(cwd, 'Dockerfile')),
  };
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

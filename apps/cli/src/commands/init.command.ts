import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { stringFlag } from '../args/parse-args';
import { CliError, InputError } from '../cli-error';
import { Command } from '../command';
import { pythonProjectOf } from '../init/python-project';
import { packageTypeOf, ProjectFacts, serverJsonTemplate } from '../init/server-json-template';

export const initCommand: Command = {
  name: 'init',
  group: 'publisher',
  summary: 'Create a server.json template in the current folder (or --dir)',
  usage: 'init [--dir <folder>]',
  details: [
    "Guesses name, description, repository and version from the folder's package.json or pyproject.toml",
    '([project], [project.urls]; else [tool.poetry]), and the package type from package.json (npm),',
    'pyproject.toml or setup.py (pypi) or Dockerfile (oci). The name is package.json mcpName if set, else',
    'io.github.<owner>/<repo> from a GitHub repository URL, else one built from the package name.',
    'Never overwrites an existing server.json.',
  ].join('\n'),
  args: {
    positionals: [],
    flags: {
      dir: {
        type: 'string',
        short: 'd',
        valueName: 'folder',
        description: 'The project folder to read and write server.json in (default: the current one)',
      },
    },
  },
  async run(args, ctx) {
    const dirFlag = stringFlag(args, 'dir');
    const folder = dirFlag === undefined ? ctx.cwd : resolve(ctx.cwd, dirFlag);
    if (dirFlag !== undefined && !isDirectory(folder)) throw new InputError(`${dirFlag} is not a folder`);
    const target = join(folder, 'server.json');
    if (existsSync(target))
      throw new CliError(`${dirFlag === undefined ? 'server.json' : target} already exists`);
    const facts = await projectFacts(folder);
    const template = serverJsonTemplate(facts);
    try {
      // `wx`: never overwrite a server.json that appeared since the check above.
      await writeFile(target, JSON.stringify(template, null, 2) + '\n', { flag: 'wx' });
    } catch (err) {
      throw new CliError(`cannot write ${target}: ${(err as Error).message}`);
    }
    const proof =
      packageTypeOf(facts) === 'pypi'
        ? `  • PyPI: "mcp-name: ${String(template.name)}" in the package README`
        : packageTypeOf(facts) === 'oci'
          ? `  • OCI: label io.modelcontextprotocol.server.name="${String(template.name)}" on the image`
          : `  • npm: "mcpName": "${String(template.name)}" in package.json`;
    ctx.stdout.write(
      [
        `Created ${dirFlag === undefined ? 'server.json' : target}`,
        '',
        'Edit server.json to update:',
        '  • Server name and description',
        '  • Package details',
        '  • Environment variables',
        '',
        'The registry checks that each package names the server:',
        proof,
        '',
        'Then check and publish it with:',
        '  mcp-registry validate',
        '  mcp-registry login github-at  # or your preferred method',
        '  mcp-registry publish',
        '',
      ].join('\n'),
    );
    return { path: target, serverJson: template };
  },
};

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function projectFacts(folder: string): Promise<ProjectFacts> {
  let packageJson: Record<string, unknown> | undefined;
  const packageText = await readOptional(join(folder, 'package.json'));
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
  const pyproject = await readOptional(join(folder, 'pyproject.toml'));
  return {
    directoryName: basename(folder),
    packageJson,
    pythonProject: pyproject === undefined ? undefined : pythonProjectOf(pyproject),
    hasPythonProject: pyproject !== undefined || existsSync(join(folder, 'setup.py')),
    hasDockerfile: existsSync(join(folder, 'Dockerfile')),
  };
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serverJsonTemplate } from './server-json-template';

const facts = (packageJson?: Record<string, unknown>) => ({
  directoryName: 'here',
  packageJson,
  hasPythonProject: false,
  hasDockerfile: false,
});

describe('serverJsonTemplate', () => {
  const names: Array<[Record<string, unknown> | undefined, string, string]> = [
    [{ name: '@acme/tool' }, 'io.github.acme/tool', '@acme/tool'],
    [{ name: 'tool' }, 'io.github.<your-username>/tool', 'tool'],
    [{ name: 'tool', repository: 'github:octo/tool-repo' }, 'io.github.octo/tool-repo', 'tool'],
    [{ name: 'tool', repository: 'octo/tool-repo' }, 'io.github.octo/tool-repo', 'tool'],
    [{ name: 'tool', repository: { url: 'git@github.com:octo/t.git' } }, 'io.github.octo/t', 'tool'],
    [{ repository: { url: 'ssh://git@github.com/octo/t.git' } }, 'io.github.octo/t', '@octo/t'],
    [undefined, 'com.example/here', '@your-org/your-package'],
  ];
  for (const [pkg, name, identifier] of names) {
    it(`names ${JSON.stringify(pkg)} ${name}`, () => {
      const template = serverJsonTemplate(facts(pkg));
      assert.equal(template.name, name);
      assert.equal((template.packages as Array<{ identifier: string }>)[0].identifier, identifier);
    });
  }

  it('tells GitLab and other hosts apart', () => {
    const gitlab = serverJsonTemplate(facts({ repository: 'https://gitlab.com/g/p.git' }));
    assert.deepEqual(gitlab.repository, { url: 'https://gitlab.com/g/p', source: 'gitlab' });
    const other = serverJsonTemplate(facts({ repository: { url: 'https://git.example.org/p' } }));
    assert.deepEqual(other.repository, { url: 'https://git.example.org/p', source: 'git' });
  });

  it('takes package.json mcpName as the name, and repository.directory as the subfolder', () => {
    const named = serverJsonTemplate(facts({ name: 'tool', mcpName: 'com.acme/tool', repository: 'acme/x' }));
    assert.equal(named.name, 'com.acme/tool');
    const mono = serverJsonTemplate(
      facts({
        name: '@acme/weather',
        repository: {
          type: 'git',
          url: 'https://github.com/acme/servers.git',
          directory: 'packages/weather/',
        },
      }),
    );
    assert.equal(mono.name, 'io.github.acme/weather');
    assert.deepEqual(mono.repository, {
      url: 'https://github.com/acme/servers',
      source: 'github',
      subfolder: 'packages/weather',
    });
  });

  it('builds a PyPI package from the Python project', () => {
    const template = serverJsonTemplate({
      directoryName: 'here',
      pythonProject: {
        name: 'weather-mcp',
        description: 'Weather',
        version: '2.1.0',
        repositoryUrl: 'https://github.com/acme/weather-mcp.git',
      },
      hasPythonProject: true,
      hasDockerfile: true,
    });
    assert.equal(template.name, 'io.github.acme/weather-mcp');
    assert.equal(template.description, 'Weather');
    assert.equal(template.version, '2.1.0');
    assert.deepEqual(template.repository, { url: 'https://github.com/acme/weather-mcp', source: 'github' });
    assert.deepEqual((template.packages as unknown[])[0], {
      registryType: 'pypi',
      registryBaseUrl: 'https://pypi.org',
      identifier: 'weather-mcp',
      version: '2.1.0',
      transport: { type: 'stdio' },
      environmentVariables: [
        {
          name: 'YOUR_API_KEY',
          description: 'Your API key for the service',
          isRequired: true,
          isSecret: true,
          format: 'string',
        },
      ],
    });
    const unnamed = serverJsonTemplate({
      directoryName: 'here',
      pythonProject: { name: 'weather-mcp' },
      hasPythonProject: true,
      hasDockerfile: false,
    });
    assert.equal(unnamed.name, 'io.github.<your-username>/weather-mcp');
  });
});

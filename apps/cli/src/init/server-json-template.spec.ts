import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pyprojectNameOf, serverJsonTemplate } from './server-json-template';

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

  it('reads the name of pyproject.toml', () => {
    assert.equal(pyprojectNameOf('[project]\nversion = "1"\nname = \'mcp-thing\'\n'), 'mcp-thing');
    assert.equal(pyprojectNameOf('[tool]\n'), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pythonProjectOf } from './python-project';

describe('pythonProjectOf', () => {
  it('reads [project] and the repository among [project.urls], whatever the label case', () => {
    const toml = [
      '[project]',
      'name = "weather-mcp"',
      'description = "Weather for agents"',
      'version = "0.4.0"',
      '[project.urls]',
      'Homepage = "https://weather.example.org"',
      'Documentation = "https://docs.example.org"',
      '"Source code" = "https://gitlab.com/acme/weather-mcp"',
    ].join('\n');
    assert.deepEqual(pythonProjectOf(toml), {
      name: 'weather-mcp',
      description: 'Weather for agents',
      version: '0.4.0',
      repositoryUrl: 'https://gitlab.com/acme/weather-mcp',
    });
  });

  it('takes a Homepage on a code host only, and skips a label that is not a URL', () => {
    const homepage = (url: string) =>
      pythonProjectOf(
        `[project]\nname = "x"\n[project.urls]\nRepository = "see homepage"\nHomepage = "${url}"\n`,
      );
    assert.equal(homepage('https://github.com/acme/x').repositoryUrl, 'https://github.com/acme/x');
    assert.equal(homepage('https://acme.example.org').repositoryUrl, undefined);
  });

  it("falls back to Poetry's [tool.poetry], and leaves a dynamic version out", () => {
    const poetry = [
      '[tool.poetry]',
      'name = "poetic-mcp"',
      'version = "3.0.0"',
      'description = "Poems"',
      'repository = "https://github.com/acme/poetic-mcp"',
    ].join('\n');
    assert.deepEqual(pythonProjectOf(poetry), {
      name: 'poetic-mcp',
      description: 'Poems',
      version: '3.0.0',
      repositoryUrl: 'https://github.com/acme/poetic-mcp',
    });
    const dynamic = pythonProjectOf('[project]\nname = "d"\ndynamic = ["version"]\n');
    assert.equal(dynamic.version, undefined);
  });

  it('gives nothing for a file that is not TOML', () => {
    assert.deepEqual(pythonProjectOf('[project\nname = "x"'), {});
  });
});

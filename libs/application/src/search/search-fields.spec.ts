import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { remoteHost, searchFieldsOf } from './search-fields';

describe('search fields of a version', () => {
  it('takes the name, title, description, package identifiers and remote hosts', () => {
    assert.deepEqual(
      searchFieldsOf('io.github.acme/weather', {
        title: 'Weather',
        description: 'Forecasts',
        packages: [
          { registryType: 'npm', identifier: '@acme/weather-mcp' },
          { registryType: 'oci', identifier: 'ghcr.io/acme/weather:1.0.0' },
        ],
        remotes: [
          { type: 'sse', url: 'https://mcp.acme.example/sse' },
          { type: 'streamable-http', url: 'https://{tenant}.acme.example:8443/mcp?x=1' },
        ],
      }),
      {
        name: 'io.github.acme/weather',
        title: 'Weather',
        identifiers: '@acme/weather-mcp ghcr.io/acme/weather:1.0.0',
        hosts: 'mcp.acme.example {tenant}.acme.example:8443',
        description: 'Forecasts',
      },
    );
    assert.deepEqual(searchFieldsOf('a/b', {}), {
      name: 'a/b',
      title: '',
      identifiers: '',
      hosts: '',
      description: '',
    });
  });

  it('cuts a host out of a URL by hand, templates and odd URLs included', () => {
    assert.equal(remoteHost('https://user:pw@api.example.com:443/path#x'), 'api.example.com:443');
    assert.equal(remoteHost('http://example.com?q=1'), 'example.com');
    assert.equal(remoteHost('https://{region}.example.com'), '{region}.example.com');
    assert.equal(remoteHost('example.com/mcp'), 'example.com');
  });
});

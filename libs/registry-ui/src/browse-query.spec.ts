import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browseHref, parseBrowseQuery, serverHref, serverListApiPath, versionApiPath } from './browse-query';

describe('browse query: the search box and paging, mapped to the public API', () => {
  const SEARCH = '/v0.1/x/io.github.reg/search';
  const cases: Array<[unknown, string, string]> = [
    [{}, '/v0.1/servers?version=latest&limit=30', '/'],
    [
      { cursor: 'io.github.x/y:1.0.0' },
      '/v0.1/servers?version=latest&limit=30&cursor=io.github.x%2Fy%3A1.0.0',
      '/?cursor=io.github.x%2Fy%3A1.0.0',
    ],
    [{ q: '  weather ' }, `${SEARCH}?q=weather&limit=30`, '/?q=weather'],
    [{ q: '', cursor: '' }, '/v0.1/servers?version=latest&limit=30', '/'],
    [
      { q: 'a&b=c', cursor: 'WzEsLTMuMSwiYSIsIjEiXQ' },
      `${SEARCH}?q=a%26b%3Dc&limit=30&cursor=WzEsLTMuMSwiYSIsIjEiXQ`,
      '/?q=a%26b%3Dc&cursor=WzEsLTMuMSwiYSIsIjEiXQ',
    ],
    [{ q: ['first', 'second'] }, `${SEARCH}?q=first&limit=30`, '/?q=first'],
    [{ q: 42 }, '/v0.1/servers?version=latest&limit=30', '/'],
  ];
  for (const [raw, api, page] of cases) {
    it(`${JSON.stringify(raw)} asks ${api}`, () => {
      const query = parseBrowseQuery(raw);
      assert.equal(serverListApiPath(query, 'io.github.reg'), api);
      assert.equal(browseHref(query), page);
    });
  }

  it('cuts a search to 200 characters', () => {
    assert.equal(parseBrowseQuery({ q: 'x'.repeat(500) }).q?.length, 200);
  });

  it('encodes a server name as one path segment', () => {
    assert.equal(serverHref('io.github.me/weather'), '/servers/io.github.me%2Fweather');
    assert.equal(
      serverHref('io.github.me/weather', '1.0.0+b'),
      '/servers/io.github.me%2Fweather?version=1.0.0%2Bb',
    );
    assert.equal(versionApiPath('a.b/c', '1.0.0'), '/v0.1/servers/a.b%2Fc/versions/1.0.0');
  });
});

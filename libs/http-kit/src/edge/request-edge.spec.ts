import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  NUL_IN_PATH_DETAIL,
  NUL_IN_QUERY_DETAIL,
  cleanPath,
  nulByteDetail,
  preflightHeaders,
  redirectBody,
  trailingSlashLocation,
} from './request-edge';

describe('nulByteDetail (official NulByteValidationMiddleware)', () => {
  const cases: Array<[string, string | undefined]> = [
    ['/v0/servers', undefined],
    ['/v0/servers?search=file&limit=30', undefined],
    ['/v0/servers/io.github.a%2Fb/versions/latest', undefined],
    ['/v0/servers/a\0b', NUL_IN_PATH_DETAIL],
    ['/v0/servers/a%00b', NUL_IN_PATH_DETAIL],
    ['/v0/servers/a%2500b', NUL_IN_PATH_DETAIL],
    ['/v0/servers/100%25', undefined],
    // Decodes to the text "%00", which the official rejects too: it checks the decoded path.
    ['/v0/servers/%25%30%30', NUL_IN_PATH_DETAIL],
    ['/v0/servers?q=a\0', NUL_IN_QUERY_DETAIL],
    ['/v0/servers?q=a%00', NUL_IN_QUERY_DETAIL],
    // The official checks the raw query: an encoded "%00" there is text, not a NUL.
    ['/v0/servers?q=%2500', undefined],
    ['/v0/a%00?q=%00', NUL_IN_PATH_DETAIL],
    ['/v0/a%2?q=1', undefined],
  ];
  for (const [url, expected] of cases) {
    it(`${JSON.stringify(url)} -> ${expected ?? 'passes'}`, () => {
      assert.equal(nulByteDetail(url), expected);
    });
  }
});

describe('trailingSlashLocation (official TrailingSlashMiddleware, 308)', () => {
  const cases: Array<[string, string | undefined]> = [
    ['/', undefined],
    ['/v0/servers', undefined],
    ['/v0/servers?x=/', undefined],
    ['/v0/servers/', '/v0/servers'],
    ['/v0/servers/?cursor=abc&limit=5', '/v0/servers?cursor=abc&limit=5'],
    ['/v0/servers//', '/v0/servers'],
    ['//evil.example/', '/evil.example'],
    ['/v0/./servers/../servers/', '/v0/servers'],
    ['/v0/servers/a%2Fb/', '/v0/servers/a%2Fb'],
    ['//', '/'],
  ];
  for (const [url, expected] of cases) {
    it(`${url} -> ${expected ?? 'no redirect'}`, () => {
      assert.equal(trailingSlashLocation(url), expected);
    });
  }

  it('cleans like Go path.Clean', () => {
    assert.equal(cleanPath('/a/b/../../..'), '/');
    assert.equal(cleanPath('/a//b/./c/'), '/a/b/c');
  });

  it("writes Go's redirect body, HTML-escaped", () => {
    assert.equal(
      redirectBody('/a?x=1&y="2"'),
      '<a href="/a?x=1&amp;y=&#34;2&#34;">Permanent Redirect</a>.\n\n',
    );
  });
});

describe('preflightHeaders (rs/cors with AllowedOrigins *, AllowedHeaders *)', () => {
  const vary = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';

  it('echoes the method (upper-cased) and the headers asked for', () => {
    assert.deepEqual(preflightHeaders('https://a.example', 'patch', 'Authorization, Content-Type'), {
      vary,
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'PATCH',
      'access-control-allow-headers': 'Authorization, Content-Type',
      'access-control-max-age': '86400',
    });
  });

  it('grants nothing without an Origin or for a method outside the list', () => {
    assert.deepEqual(preflightHeaders(undefined, 'GET', undefined), { vary });
    assert.deepEqual(preflightHeaders('https://a.example', 'TRACE', undefined), { vary });
    assert.deepEqual(preflightHeaders('https://a.example', 'HEAD', undefined), { vary });
  });

  it('leaves out Allow-Headers when none were asked for', () => {
    assert.equal(
      preflightHeaders('https://a.example', 'GET', undefined)['access-control-allow-headers'],
      undefined,
    );
  });
});

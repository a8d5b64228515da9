import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goHostname, goQuote, parseGoUrl } from './go-url';

// Error texts of Go's net/url.Parse, as they reach the official messages.
const ERRORS: [string, string][] = [
  [
    'ht tp://example.com/docs',
    'parse "ht tp://example.com/docs": first path segment in URL cannot contain colon',
  ],
  [
    'https://example.com/has\nnewline',
    'parse "https://example.com/has\\nnewline": net/url: invalid control character in URL',
  ],
  ['://example.com', 'parse "://example.com": missing protocol scheme'],
  ['http://[::1/x', `parse "http://[::1/x": missing ']' in host`],
  ['http://example.com:port/x', 'parse "http://example.com:port/x": invalid port ":port" after host'],
  ['https://exa mple.com/', 'parse "https://exa mple.com/": invalid character " " in host name'],
  ['https://example.com/%zz', 'parse "https://example.com/%zz": invalid URL escape "%zz"'],
  ['https://example.com/a#%zz', 'parse "https://example.com/a#%zz": invalid URL escape "%zz"'],
  ['https://u ser@example.com/', 'parse "https://u ser@example.com/": net/url: invalid userinfo'],
  // A host may %-encode only non-ASCII bytes.
  ['https://local%68ost/', 'parse "https://local%68ost/": invalid URL escape "%68"'],
];

describe('parseGoUrl errors', () => {
  for (const [raw, error] of ERRORS) {
    it(JSON.stringify(raw), () => assert.deepEqual(parseGoUrl(raw), { ok: false, error }));
  }
});

const PARSED: [string, { scheme: string; host: string; path: string; opaque: string }][] = [
  [
    'https://Example.com:8443/a b?q=1#f',
    { scheme: 'https', host: 'Example.com:8443', path: '/a b', opaque: '' },
  ],
  ['HTTPS://example.com', { scheme: 'https', host: 'example.com', path: '', opaque: '' }],
  ['example.com/docs', { scheme: '', host: '', path: 'example.com/docs', opaque: '' }],
  ['//example.com/x', { scheme: '', host: 'example.com', path: '/x', opaque: '' }],
  ['mailto:someone@example.com', { scheme: 'mailto', host: '', path: '', opaque: 'someone@example.com' }],
  ['data:image/png;base64,AAAA', { scheme: 'data', host: '', path: '', opaque: 'image/png;base64,AAAA' }],
  ['', { scheme: '', host: '', path: '', opaque: '' }],
  // Go decodes URL.Host and URL.Path; multi-byte UTF-8 escapes decode to one character.
  [
    'https://example.com/%E2%82%ACuro%20x',
    { scheme: 'https', host: 'example.com', path: '/€uro x', opaque: '' },
  ],
  ['https://b%C3%BCcher.example/', { scheme: 'https', host: 'bücher.example', path: '/', opaque: '' }],
  ['http://[::1]:80/', { scheme: 'http', host: '[::1]:80', path: '/', opaque: '' }],
];

describe('parseGoUrl', () => {
  for (const [raw, url] of PARSED) {
    it(JSON.stringify(raw), () => assert.deepEqual(parseGoUrl(raw), { ok: true, url }));
  }
});

describe('goHostname', () => {
  const TABLE: [string, string][] = [
    ['https://example.com:8080/x', 'example.com'],
    ['http://[::1]:80/', '::1'],
    ['http://127.0.0.1/', '127.0.0.1'],
    ['https://a.localhost', 'a.localhost'],
  ];
  for (const [raw, hostname] of TABLE) {
    it(raw, () => {
      const parsed = parseGoUrl(raw);
      assert.ok(parsed.ok);
      assert.equal(goHostname(parsed.url), hostname);
    });
  }
});

describe('goQuote', () => {
  it('quotes like strconv.Quote', () => {
    assert.equal(goQuote('^1.0.0'), '"^1.0.0"');
    assert.equal(goQuote('a"b\\c\n\x01\x7f'), '"a\\"b\\\\c\\n\\x01\\x7f"');
    assert.equal(goQuote('é'), '"é"');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mcpbUrlFailure } from './mcpb-package-check';
import { parseUrlAsOfficial } from './official-url-parser';

const GITHUB_PATTERN =
  "GitHub MCPB packages must be release assets following the pattern '/owner/repo/releases/download/tag/filename'";
const GITLAB_PATTERN =
  "GitLab MCPB packages must be release assets following patterns '/owner/repo/-/releases/tag/downloads/filename' or '/owner/repo/-/package_files/id/download'";
const notAllowed = (host: string): string =>
  `MCPB packages must be hosted on allowlisted providers (GitHub or GitLab). Host '${host}' is not allowed`;

describe('mcpbUrlFailure (validateMCPBUrl)', () => {
  const cases: Array<[string, string | undefined]> = [
    ['https://github.com/example/server/releases/download/v1.0.0/server.mcpb', undefined],
    [
      'https://github.com/modelcontextprotocol/text-editor-mcpb/releases/download/v1.0.2/text-editor.mcpb',
      undefined,
    ],
    ['https://www.github.com/o/r/releases/download/v1/x.mcpb', undefined],
    ['https://GitHub.com/o/r/releases/download/v1/x.mcpb', undefined],
    ['https://github.com/o/r/releases/download/v1/my%20file.mcpb', undefined],
    ['https://gitlab.com/group/sub/proj/-/releases/v1/downloads/x.mcpb', undefined],
    ['https://www.gitlab.com/o/r/-/package_files/123/download', undefined],
    ['http://github.com/o/r/releases/download/v1/x.mcpb', undefined],
    ['https://example.com/x.mcpb', notAllowed('example.com')],
    ['https://objects.githubusercontent.com/x.mcpb', notAllowed('objects.githubusercontent.com')],
    ['https://github.com:443/o/r/releases/download/v1/x.mcpb', notAllowed('github.com:443')],
    ['not a valid url for mcpb!', notAllowed('')],
    ['https://github.com/o/r/archive/x.mcpb', GITHUB_PATTERN],
    ['https://github.com/-bad/r/releases/download/v1/x.mcpb', GITHUB_PATTERN],
    ['https://github.com/o/r/releases/download/v1/a%2Fb.mcpb', GITHUB_PATTERN],
    ['https://github.com/o/r/releases/download/v1/', GITHUB_PATTERN],
    ['https://gitlab.com/o/r/-/package_files/abc/download', GITLAB_PATTERN],
    ['https://gitlab.com/o/r/releases/v1/x.mcpb', GITLAB_PATTERN],
    [
      'not://a valid url for mcpb!',
      'invalid MCPB package URL: parse "not://a valid url for mcpb!": invalid character " " in host name',
    ],
    [
      'https://github.com/o/r/releases/download/v1/%zz.mcpb',
      'invalid MCPB package URL: parse "https://github.com/o/r/releases/download/v1/%zz.mcpb": invalid URL escape "%zz"',
    ],
    [
      'https://github.com:44x/o/r/releases/download/v1/x.mcpb',
      'invalid MCPB package URL: parse "https://github.com:44x/o/r/releases/download/v1/x.mcpb": invalid port ":44x" after host',
    ],
    [':github.com/x', 'invalid MCPB package URL: parse ":github.com/x": missing protocol scheme'],
  ];
  for (const [identifier, expected] of cases) {
    it(identifier, () => assert.equal(mcpbUrlFailure(identifier), expected));
  }
});

describe('parseUrlAsOfficial (Go net/url.Parse)', () => {
  it('splits scheme, host and decoded path', () => {
    assert.deepEqual(parseUrlAsOfficial('HTTPS://user:pw@GitHub.com/a%20b/c?q=1#frag'), {
      scheme: 'https',
      host: 'GitHub.com',
      path: '/a b/c',
    });
  });

  it('rejects control characters', () => {
    assert.deepEqual(parseUrlAsOfficial('https://github.com/a\nb'), {
      error: 'parse "https://github.com/a\\nb": net/url: invalid control character in URL',
    });
  });

  it('rejects a colon in the first segment of a relative URL', () => {
    assert.deepEqual(parseUrlAsOfficial('1http://x'), {
      error: 'parse "1http://x": first path segment in URL cannot contain colon',
    });
  });

  it('treats scheme-only URLs as opaque, without a host', () => {
    assert.deepEqual(parseUrlAsOfficial('mailto:someone@example.com'), {
      scheme: 'mailto',
      host: '',
      path: '',
    });
  });
});

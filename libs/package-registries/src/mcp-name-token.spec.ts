import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containsMcpNameToken, mcpNameTokenGluedTrailing } from './mcp-name-token';

// Ported from the official registry's internal/validators/registries/mcpname_internal_test.go.
describe('containsMcpNameToken', () => {
  const name = 'io.github.acme/widget';
  const cases: Array<[string, string, boolean]> = [
    ['exact on its own line', 'intro text\nmcp-name: io.github.acme/widget\nmore text', true],
    ['exact at end of content', 'mcp-name: io.github.acme/widget', true],
    ['followed by HTML tag', '<p>mcp-name: io.github.acme/widget</p>', true],
    ['followed by space', 'mcp-name: io.github.acme/widget is the name', true],
    ['longer hyphenated name not a match', 'mcp-name: io.github.acme/widget-pro\n', false],
    ['longer dotted name not a match', 'mcp-name: io.github.acme/widget.core\n', false],
    ['longer slashed name not a match', 'mcp-name: io.github.acme/widget/sub\n', false],
    ['absent', 'nothing to see here', false],
    ['different name', 'mcp-name: io.github.other/thing\n', false],
    [
      'prefix occurrence before a real one still matches',
      'mcp-name: io.github.acme/widget-pro then mcp-name: io.github.acme/widget\n',
      true,
    ],
    ['comment, spaced (canonical)', '<!-- mcp-name: io.github.acme/widget -->', true],
    ['comment, no trailing space', '<!-- mcp-name: io.github.acme/widget-->', true],
    ['comment, no spaces at all', '<!--mcp-name: io.github.acme/widget-->', true],
    ['legacy comment close --!>', '<!-- mcp-name: io.github.acme/widget--!>', true],
    ['double-hyphen longer name not a match', 'mcp-name: io.github.acme/widget--pro\n', false],
    // Our additions: non-ASCII is a boundary (Go compares bytes, any byte >= 0x80 ends the name).
    ['followed by a non-ASCII character', 'mcp-name: io.github.acme/widget…', true],
    ['case matters', 'MCP-NAME: io.github.acme/widget', false],
    ['needs the space after the colon', 'mcp-name:io.github.acme/widget', false],
  ];
  for (const [description, content, want] of cases) {
    it(description, () => assert.equal(containsMcpNameToken(content, name), want));
  }

  it('never accepts content that lacks the literal token (seeded property check)', () => {
    // The FuzzContainsMCPNameToken property: the matcher is strictly stricter than a substring check.
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = ['mcp-name: ', 'a/b', 'a/b-c', '-->', '--!>', ' ', '\n', '.', '-', '/', 'x', '<p>'];
    for (let i = 0; i < 2_000; i++) {
      const parts = Array.from(
        { length: 1 + Math.floor(random() * 8) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      );
      const content = parts.join('');
      const serverName = random() < 0.5 ? 'a/b' : 'a/b-c';
      if (containsMcpNameToken(content, serverName)) {
        assert.ok(
          content.includes('mcp-name: ' + serverName),
          `accepted without token: ${JSON.stringify(content)}`,
        );
      }
    }
  });
});

describe('mcpNameTokenGluedTrailing', () => {
  const name = 'io.github.acme/widget';
  const cases: Array<[string, string, string | undefined]> = [
    ['absent', 'no token here', undefined],
    ['glued period', 'mcp-name: io.github.acme/widget.', '.'],
    ['glued hyphen (longer name)', 'mcp-name: io.github.acme/widget-pro', '-'],
    ['glued slash', 'mcp-name: io.github.acme/widget/x', '/'],
    ['at end of content (boundary, not glued)', 'mcp-name: io.github.acme/widget', undefined],
  ];
  for (const [description, content, want] of cases) {
    it(description, () => assert.equal(mcpNameTokenGluedTrailing(content, name), want));
  }
});

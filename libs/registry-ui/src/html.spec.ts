import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, externalHref, markup } from './html';

describe('html: every interpolated value is text', () => {
  it('escapes the five characters that can leave text or a quoted attribute', () => {
    assert.equal(
      escapeHtml(`<a href="x" onclick='y'>&</a>`),
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes strings, keeps nested html, joins lists, renders nothing for absent values', () => {
    const evil = '<script>alert(1)</script>';
    const out = markup`<p title="${evil}">${evil}${markup`<b>${'x'}</b>`}${[1, '<', markup`<i></i>`]}${undefined}${null}${false}</p>`;
    assert.equal(
      out.text,
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;<b>x</b>1&lt;<i></i></p>',
    );
  });

  it('links only absolute http(s) URLs', () => {
    assert.equal(externalHref('https://example.com/a b'), 'https://example.com/a%20b');
    assert.equal(externalHref('http://example.com'), 'http://example.com/');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      '/relative',
      '//evil.example',
      'ftp://x',
      42,
      undefined,
    ]) {
      assert.equal(externalHref(bad), undefined, String(bad));
    }
  });
});

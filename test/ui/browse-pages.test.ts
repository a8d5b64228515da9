import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BROWSE_CSP } from '@registry/registry-ui';
import { RegistryUnderTest, serverJson } from '@test/support/registry-under-test';
import {
  BUNDLE,
  EVIL,
  HOSTED,
  LEGACY,
  META_NAMESPACE,
  PROVEN,
  SeededRegistry,
  UNOWNED,
  WEATHER,
  WEATHER_LINES,
  startSeededRegistry,
} from './browse-seed';

const page = (name: string) => `/servers/${encodeURIComponent(name)}`;

/** The text a reader sees: tags dropped, the five escapes undone. */
function visibleText(html: string): string {
  return html
    .replace(/<\/?(a|code|span|time)\b[^>]*>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The browse pages over plain HTTP, as a client without JavaScript (or a crawler) gets them. */
describe('browse UI over plain HTTP (no JavaScript)', () => {
  let seeded: SeededRegistry;
  let registry: RegistryUnderTest;

  before(async () => {
    seeded = await startSeededRegistry();
    registry = seeded.registry;
    await seeded.publishEvil();
  });
  after(async () => {
    await seeded.close();
  });

  it('lists every server at its latest version, with its badges in words', async () => {
    const res = await registry.request('GET', '/');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    const text = visibleText(res.text);
    for (const name of [WEATHER, HOSTED, PROVEN, LEGACY, UNOWNED, BUNDLE, EVIL])
      assert.ok(text.includes(name), name);
    assert.match(text, /Weather .* version 1\.2\.0 Forecasts and current conditions/);
    assert.doesNotMatch(text, /version 1\.1\.0/);
    assert.match(text, /deprecated/);
    assert.match(text, /namespace proven \(DNS\)/);
    assert.match(text, /package ownership check failed/);
    assert.match(res.text, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(res.text, /<a class="skip" href="#main">/);
    assert.match(res.text, /<label for="q">/);
  });

  it('maps ?q= to the full-text search: the best match first, descriptions searched too', async () => {
    const res = await registry.request('GET', '/?q=weather');
    const text = visibleText(res.text);
    assert.ok(text.includes(WEATHER));
    assert.ok(text.includes(LEGACY), 'its description names the weather server');
    assert.ok(text.indexOf(WEATHER) < text.indexOf(LEGACY), 'a name match ranks first');
    assert.ok(!text.includes(HOSTED));
    assert.match(res.text, /<input id="q" name="q" type="search" value="weather"/);
    assert.match(text, /2 servers matching “weather”, best match first\./);
    assert.match(res.text, new RegExp(`href="/v0\\.1/x/${META_NAMESPACE}/search\\?q=weather&amp;limit=30"`));
    const none = visibleText((await registry.request('GET', '/?q=nothing-like-this')).text);
    assert.match(none, /No server matches “nothing-like-this”/);
  });

  it('shows a server: run lines per package, remotes with headers and variables, versions, raw _meta', async () => {
    const res = await registry.request('GET', page(WEATHER));
    assert.equal(res.status, 200, res.text);
    const text = visibleText(res.text);
    for (const line of WEATHER_LINES) assert.ok(text.includes(line), line);
    assert.match(text, /Versions Version Published Status JSON 1\.2\.0 \(latest\) .* 1\.1\.0 /);
    assert.match(text, /"tool": "acme-ci"/);
    assert.match(text, /"isLatest": true/);
    assert.match(res.text, /href="\/v0\.1\/servers\/io\.github\.acme%2Fweather\/versions\/1\.2\.0"/);
    assert.match(res.text, /<button type="button" class="copy" data-copy="run-0" hidden>/);

    const hosted = visibleText((await registry.request('GET', page(HOSTED))).text);
    assert.ok(hosted.includes('https://mcp.acme.example/{tenant_id}/mcp'));
    assert.ok(hosted.includes('X-API-Key: {X-API-Key} X-Region: {X-Region}'));
    assert.match(hosted, /tenant_id .* yes no Your tenant/);

    const bundle = visibleText((await registry.request('GET', page(BUNDLE))).text);
    assert.match(bundle, /SHA-256: fe333e59/);
  });

  it('selects a version with ?version=, and says which is latest', async () => {
    const text = visibleText((await registry.request('GET', `${page(WEATHER)}?version=1.1.0`)).text);
    assert.match(text, /This is version 1\.1\.0\. The latest is 1\.2\.0\./);
    assert.ok(text.includes('npx -y @acme/weather-mcp@1.1.0'));
    const missing = await registry.request('GET', `${page(WEATHER)}?version=9.9.9`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'text/html; charset=utf-8');
  });

  it('accepts a name typed with its slash, and answers an unknown server with an HTML 404', async () => {
    assert.equal((await registry.request('GET', `/servers/${WEATHER}`)).status, 200);
    const res = await registry.request('GET', page('io.github.nobody/nothing'));
    assert.equal(res.status, 404);
    assert.match(visibleText(res.text), /No server is named io\.github\.nobody\/nothing\./);
  });

  it('renders a hostile server.json as inert text', async () => {
    for (const path of ['/', page(EVIL), '/?q=xss']) {
      const res = await registry.request('GET', path);
      assert.equal(res.status, 200, path);
      // The only scripts are the page's own file; no attribute handler, no javascript: link.
      assert.deepEqual(res.text.match(/<script[^>]*>/g), [
        res.text.match(/<script src="\/ui\/browse\.[0-9a-f]{12}\.js" defer>/)![0],
      ]);
      assert.doesNotMatch(res.text, /<img/);
      assert.doesNotMatch(res.text, /href="javascript:/i);
      assert.ok(res.text.includes('&lt;script&gt;window.__xss=1&lt;/script&gt;'), path);
    }
  });

  it('sends a Content-Security-Policy without inline scripts, and ETags pages', async () => {
    const res = await registry.request('GET', '/');
    assert.equal(res.headers.get('content-security-policy'), BROWSE_CSP);
    assert.match(BROWSE_CSP, /script-src 'self';/);
    assert.doesNotMatch(BROWSE_CSP, /unsafe-inline/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const etag = res.headers.get('etag');
    assert.ok(etag);
    const again = await registry.request('GET', '/', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
  });

  it('serves its stylesheet and script under hashed names, cached for good', async () => {
    const html = (await registry.request('GET', '/')).text;
    for (const path of [
      /href="(\/ui\/browse\.[0-9a-f]{12}\.css)"/,
      /src="(\/ui\/browse\.[0-9a-f]{12}\.js)"/,
    ]) {
      const asset = await registry.request('GET', html.match(path)![1]!);
      assert.equal(asset.status, 200);
      assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    }
    assert.equal((await registry.request('GET', '/ui/browse.000000000000.css')).status, 404);
  });

  it('pages with a Next link that follows the API cursor', async () => {
    const token = await registry.token(['io.github.pager/*']);
    for (let i = 0; i < 31; i++) {
      const name = `io.github.pager/server-${String(i).padStart(2, '0')}`;
      const res = await registry.request('POST', '/v0/publish', { token, body: serverJson(name, '1.0.0') });
      assert.equal(res.status, 200, res.text);
    }
    const first = await registry.request('GET', '/?q=pager');
    const next = first.text.match(/<a rel="next" href="([^"]+)">Next page<\/a>/);
    assert.ok(next, 'a Next link');
    const href = next[1]!.replace(/&amp;/g, '&');
    assert.match(href, /^\/\?q=pager&cursor=/);
    const second = visibleText((await registry.request('GET', href)).text);
    assert.match(second, /1 server matching “pager” on this page, best match first/);
    assert.match(second, /First page/);
    // Any cursor string is the API's to judge: the search refuses one it did not make, and the page
    // says so (a 400 the visitor can act on, not a failure of the registry).
    const stale = await registry.request('GET', '/?q=pager&cursor=zzz');
    assert.equal(stale.status, 400);
    assert.equal(stale.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(
      (await registry.request('GET', '/?cursor=zzz')).status,
      200,
      'the plain list takes any cursor',
    );
  });

  it("sends a renamed server's former name to its page (308), version kept", async () => {
    const token = await registry.token(['io.github.renamer/*']);
    const old = 'io.github.renamer/old-name';
    const published = await registry.request('POST', '/v0/publish', {
      token,
      body: serverJson(old, '1.0.0'),
    });
    assert.equal(published.status, 200, published.text);
    const renamed = await registry.request(
      'POST',
      `/v0.1/x/${META_NAMESPACE}/servers/${encodeURIComponent(old)}/rename`,
      { token, body: { newName: 'io.github.renamer/new-name' } },
    );
    assert.equal(renamed.status, 200, renamed.text);
    const res = await registry.request('GET', `${page(old)}?version=1.0.0`);
    assert.equal(res.status, 308);
    assert.equal(res.headers.get('location'), '/servers/io.github.renamer%2Fnew-name?version=1.0.0');
  });

  it('leaves the API alone: unknown paths are still problem+json 404s', async () => {
    for (const path of ['/nope', '/servers', '/ui/other.css', '/v0/nope']) {
      const res = await registry.request('GET', path);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, path);
    }
    const api = await registry.request('GET', '/v0.1/servers?search=weather');
    assert.equal((api.json as { servers: unknown[] }).servers.length, 2);
  });
});

describe('browse UI and the per-client rate limit', () => {
  it("counts a page's API calls against its visitor, not against one shared loopback address", async () => {
    const registry = await RegistryUnderTest.start({
      MCP_REGISTRY_RATE_LIMIT_PER_MINUTE: '4',
      MCP_REGISTRY_TRUST_PROXY: 'loopback',
    });
    try {
      const visit = (client: string) =>
        registry.request('GET', '/', { headers: { 'x-forwarded-for': client } });
      // A list page is two reads: the page and the API call behind it.
      assert.equal((await visit('203.0.113.1')).status, 200);
      assert.equal((await visit('203.0.113.1')).status, 200);
      assert.equal((await visit('203.0.113.1')).status, 429);
      assert.equal((await visit('203.0.113.2')).status, 200);
      // The page itself let through, the API call behind it refused: the visitor is told, with when.
      const asset = (await visit('203.0.113.3')).text.match(/href="(\/ui\/browse\.[0-9a-f]+\.css)"/)![1]!;
      await registry.request('GET', asset, { headers: { 'x-forwarded-for': '203.0.113.3' } });
      const refused = await visit('203.0.113.3');
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
      assert.match(refused.text, /Too many requests/);
    } finally {
      await registry.close();
    }
  });
});

describe('browse UI switched off (MCP_REGISTRY_UI_ENABLED=false)', () => {
  it('answers / with the API 404 again', async () => {
    const registry = await RegistryUnderTest.start({ MCP_REGISTRY_UI_ENABLED: 'false' });
    try {
      const res = await registry.request('GET', '/');
      assert.equal(res.status, 404);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    } finally {
      await registry.close();
    }
  });
});

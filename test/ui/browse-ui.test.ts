import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findChromium, launchChromium } from '@test/support/browser';
import { repoRoot } from '@test/support/repo-paths';
import {
  BUNDLE,
  EVIL,
  HOSTED,
  LEGACY,
  PROVEN,
  SeededRegistry,
  UNOWNED,
  WEATHER,
  WEATHER_LINES,
  startSeededRegistry,
} from './browse-seed';

const chromiumLookup = findChromium();
const skip = 'missing' in chromiumLookup ? `no browser: ${chromiumLookup.missing}` : false;
if (skip !== false) console.log(`[browser] SKIPPING the browse UI browser test: ${skip}`);

/** UPDATE_SCREENSHOTS=1 rewrites docs/screenshots/*.png; CI never sets it, so tracked files stay put. */
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? join(repoRoot(), 'docs', 'screenshots') : undefined;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SEEDED = [WEATHER, HOSTED, PROVEN, LEGACY, UNOWNED, BUNDLE];
const page = (name: string) => `/servers/${encodeURIComponent(name)}`;

// Run in the page (strings: this tree compiles without the DOM's types).
/** The focused element as `tag#id|href|outline style`. */
const FOCUSED = `(() => {
  const el = document.activeElement;
  return el.tagName.toLowerCase() + '#' + el.id + '|' + (el.getAttribute('href') || '') + '|' + getComputedStyle(el).outlineStyle;
})()`;
const CLIPBOARD = 'navigator.clipboard.readText()';
const OVERFLOW = 'document.documentElement.scrollWidth - window.innerWidth';
const XSS_RAN = 'window.__xss';
const SCROLL_TO_RUN = "document.getElementById('run').scrollIntoView()";

describe('browse UI in a real browser (Chromium)', { skip }, () => {
  let seeded: SeededRegistry;
  let browser: Browser;
  let desktop: BrowserContext;
  let phone: BrowserContext;
  let noScript: BrowserContext;
  /** Console errors (a CSP refusal among them) and dialogs, from every page of every context. */
  const problems: string[] = [];

  const open = async (context: BrowserContext, path: string): Promise<Page> => {
    const tab = await context.newPage();
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${path}: ${message.text()}`);
    });
    tab.on('dialog', (dialog) => {
      problems.push(`${path}: dialog ${dialog.message()}`);
      void dialog.dismiss();
    });
    const response = await tab.goto(path);
    assert.equal(response?.status(), 200, path);
    return tab;
  };
  const shoot = async (tab: Page, file: string, fullPage = true): Promise<void> => {
    if (SCREENSHOTS === undefined) return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await tab.screenshot({ path: join(SCREENSHOTS, file), fullPage });
  };
  const names = (tab: Page) => tab.locator('.server .ident code').allTextContents();

  before(async () => {
    const path = 'path' in chromiumLookup ? chromiumLookup.path : '';
    // Both at once; whichever started is stopped by after() when the other failed.
    const [registry, chromium] = await Promise.allSettled([startSeededRegistry(), launchChromium(path)]);
    if (registry.status === 'fulfilled') seeded = registry.value;
    if (chromium.status === 'fulfilled') browser = chromium.value;
    if (registry.status === 'rejected') throw registry.reason;
    if (chromium.status === 'rejected') throw chromium.reason;
    const baseURL = seeded.registry.baseUrl;
    desktop = await browser.newContext({
      baseURL,
      viewport: DESKTOP,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    phone = await browser.newContext({
      baseURL,
      viewport: PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    noScript = await browser.newContext({ baseURL, viewport: DESKTOP, javaScriptEnabled: false });
    for (const context of [desktop, phone, noScript]) context.setDefaultTimeout(10_000);
  });
  after(async () => {
    await browser?.close();
    await seeded?.close();
  });

  it('lists the servers with their latest versions and badges', async () => {
    const tab = await open(desktop, '/');
    assert.deepEqual((await names(tab)).sort(), [...SEEDED].sort());
    const weather = tab.locator('.server', { hasText: WEATHER });
    assert.match(await weather.innerText(), /version 1\.2\.0/);
    const badges = await tab.locator('.badge').allInnerTexts();
    for (const label of ['deprecated', 'namespace proven (DNS)', 'package ownership check failed']) {
      assert.ok(
        badges.some((b) => b.includes(label)),
        `${label} in ${badges.join(' | ')}`,
      );
    }
    await shoot(tab, 'list-desktop.png');
    await tab.close();
  });

  it('reaches the skip link, the search box and the servers with Tab, with a visible focus', async () => {
    const tab = await open(desktop, '/');
    const reached: string[] = [];
    for (let i = 0; i < 12; i++) {
      await tab.keyboard.press('Tab');
      reached.push(await tab.evaluate<string>(FOCUSED));
    }
    assert.match(reached[0]!, /^a#\|#main\|solid$/, 'the skip link comes first');
    assert.ok(
      reached.some((r) => r.startsWith('input#q|')),
      reached.join('\n'),
    );
    assert.ok(
      reached.some((r) => /^a#\|\/servers\/[^|]+\|solid$/.test(r)),
      reached.join('\n'),
    );
    await tab.close();
  });

  it('narrows the list by search, and opens a server from the keyboard', async () => {
    const tab = await open(desktop, '/');
    await tab.locator('#q').focus();
    await tab.keyboard.type('weather');
    await Promise.all([tab.waitForURL('**/?q=weather'), tab.keyboard.press('Enter')]);
    assert.deepEqual(await names(tab), [WEATHER, LEGACY], 'ranked: the name match first');
    await shoot(tab, 'search-desktop.png');
    await tab.locator(`a[href="${page(WEATHER)}"]`).focus();
    await Promise.all([tab.waitForURL(`**${page(WEATHER)}`), tab.keyboard.press('Enter')]);
    assert.equal(await tab.locator('h1').innerText(), 'Weather');
    await tab.close();
  });

  it('shows how to run each package and copies the line', async () => {
    const tab = await open(desktop, page(WEATHER));
    for (const [i, line] of WEATHER_LINES.entries()) {
      assert.equal(await tab.locator(`#run-${i}`).innerText(), line);
    }
    await shoot(tab, 'detail-desktop.png');
    const copy = tab.locator('button[data-copy="run-0"]');
    assert.ok(await copy.isVisible(), 'the script reveals the copy button');
    await copy.click();
    assert.equal(await tab.evaluate<string>(CLIPBOARD), WEATHER_LINES[0]);
    assert.equal(await tab.locator('#copy-status').textContent(), 'Copied to the clipboard.');
    assert.match(await tab.locator('.meta').innerText(), /"tool": "acme-ci"/);
    await tab.close();
  });

  it("shows a remote's URL, headers and variables", async () => {
    const tab = await open(desktop, page(HOSTED));
    assert.equal(await tab.locator('#remote-0-url').innerText(), 'https://mcp.acme.example/{tenant_id}/mcp');
    assert.equal(
      await tab.locator('#remote-0-headers').innerText(),
      'X-API-Key: {X-API-Key}\nX-Region: {X-Region}',
    );
    assert.match(await tab.locator('.remote').first().innerText(), /tenant_id/);
    await tab.close();
  });

  it('fits a phone screen: nothing scrolls sideways but code and tables', async () => {
    for (const [path, file] of [
      ['/', 'list-phone.png'],
      [page(WEATHER), 'detail-phone.png'],
    ] as const) {
      const tab = await open(phone, path);
      const overflow = await tab.evaluate<number>(OVERFLOW);
      assert.ok(overflow <= 0, `${path} is ${overflow}px too wide`);
      // The detail's shot starts at the run lines, the part a phone user came for.
      if (path !== '/') await tab.evaluate(SCROLL_TO_RUN);
      await shoot(tab, file, false);
      await tab.close();
    }
  });

  it('works without JavaScript: list, search and detail, copy buttons left hidden', async () => {
    const list = await open(noScript, '/?q=acme');
    assert.equal((await names(list)).length, 5);
    await list.close();
    const detail = await open(noScript, page(WEATHER));
    assert.equal(await detail.locator('#run-0').innerText(), WEATHER_LINES[0]);
    assert.equal(await detail.locator('button.copy').first().isVisible(), false);
    await detail.close();
  });

  it('renders a hostile server.json inert: no script runs, no handler fires', async () => {
    await seeded.publishEvil();
    for (const path of ['/', page(EVIL)]) {
      const tab = await open(desktop, path);
      await tab.waitForLoadState('load');
      assert.equal(await tab.evaluate<unknown>(XSS_RAN), undefined, path);
      assert.equal(await tab.locator('script').count(), 1, path);
      assert.equal(await tab.locator('img').count(), 0, path);
      assert.ok((await tab.locator('body').innerText()).includes('<script>window.__xss=1</script>'), path);
      await tab.close();
    }
  });

  it('logged no console error (a CSP refusal among them) and opened no dialog', () => {
    assert.deepEqual(problems, []);
  });
});

import { BROWSE_ASSETS } from './browse-assets';
import { Html, markup } from './html';

export interface PageParts {
  /** The document title, before the site's name. */
  title: string;
  main: Html;
  /** The public API URL showing the same data, linked in the footer. */
  jsonHref?: string;
  /** What robots should do with the page (error pages: noindex). */
  robots?: string;
}

/**
 * The frame of every page: language, viewport, the hashed stylesheet and deferred script (never
 * inline: the Content-Security-Policy allows only same-origin files), a skip link to the content, and
 * a polite live region the copy buttons report to.
 */
export function renderPage(parts: PageParts): string {
  const page = markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
${parts.robots !== undefined ? markup`<meta name="robots" content="${parts.robots}">` : ''}
<title>${parts.title} · MCP Registry</title>
<link rel="icon" type="image/svg+xml" href="${BROWSE_ASSETS.icon.path}">
<link rel="stylesheet" href="${BROWSE_ASSETS.style.path}">
<script src="${BROWSE_ASSETS.script.path}" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <div class="site-inner">
    <a class="brand" href="/">MCP Registry</a>
    <nav aria-label="Site"><a href="/">Servers</a><a href="/docs">API</a></nav>
  </div>
</header>
<main id="main" tabindex="-1">
${parts.main}
</main>
<footer class="foot">
  <p>Rendered from this registry's public API${parts.jsonHref !== undefined ? markup`: <a href="${parts.jsonHref}">this page as JSON</a>` : ''}.</p>
</footer>
<p id="copy-status" class="vh" role="status" aria-live="polite"></p>
</body>
</html>
`;
  return page.text;
}

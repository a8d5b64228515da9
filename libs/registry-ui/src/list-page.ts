import { BrowseQuery, browseHref, serverHref, serverListApiPath } from './browse-query';
import { Html, markup } from './html';
import { renderPage } from './page-layout';
import { entryProvenance, provenanceBadges, renderBadges } from './provenance';
import { ServerDocument, ServerListPage } from './server-document';

function serverItem(doc: ServerDocument, metaNamespace: string): Html {
  const badges = provenanceBadges(doc.official, entryProvenance(doc.meta, metaNamespace));
  const description = doc.description !== undefined ? markup`<p>${doc.description}</p>` : '';
  return markup`<li class="server">
  <h2><a href="${serverHref(doc.name)}">${doc.title ?? doc.name}</a></h2>
  <p class="ident"><code>${doc.name}</code> <span>version ${doc.version}</span></p>
  ${description}
  ${renderBadges(badges)}
</li>`;
}

function summaryOf(query: BrowseQuery, page: ServerListPage): Html {
  const count = page.servers.length;
  if (count === 0) {
    return query.q !== undefined ? markup`No server matches “${query.q}”.` : markup`No servers here yet.`;
  }
  const noun = count === 1 ? 'server' : 'servers';
  const matching = query.q !== undefined ? markup` matching “${query.q}”` : '';
  const paged = query.cursor !== undefined || page.nextCursor !== undefined ? ' on this page' : '';
  const ranked = query.q !== undefined ? ', best match first' : '';
  return markup`${count} ${noun}${matching}${paged}${ranked}.`;
}

/** `/`: the search form, one page of servers (latest versions), and the link to the next page. */
export function renderListPage(query: BrowseQuery, page: ServerListPage, metaNamespace: string): string {
  const items = page.servers.map((doc) => serverItem(doc, metaNamespace));
  const next =
    page.nextCursor !== undefined
      ? markup`<a rel="next" href="${browseHref({ ...query, cursor: page.nextCursor })}">Next page</a>`
      : '';
  const first =
    query.cursor !== undefined ? markup`<a href="${browseHref({ q: query.q })}">First page</a>` : '';
  const main = markup`<h1>MCP servers</h1>
<form class="search" role="search" action="/" method="get">
  <label for="q">Search servers</label>
  <input id="q" name="q" type="search" value="${query.q ?? ''}" autocomplete="off" spellcheck="false" aria-describedby="q-hint">
  <button type="submit">Search</button>
  <p id="q-hint" class="hint">Finds words in names, titles, descriptions, packages and hosts, e.g. <code>github</code> or <code>weather</code>.</p>
</form>
<p class="muted" id="summary">${summaryOf(query, page)}</p>
${
  items.length > 0
    ? markup`<ul class="servers" aria-labelledby="summary">
${items}
</ul>`
    : ''
}
${first !== '' || next !== '' ? markup`<nav class="pages" aria-label="Pages">${first}${next}</nav>` : ''}`;
  return renderPage({
    title: query.q !== undefined ? `“${query.q}”` : 'Servers',
    main,
    jsonHref: serverListApiPath(query, metaNamespace),
  });
}

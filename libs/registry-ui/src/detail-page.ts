import { serverHref, versionApiPath } from './browse-query';
import { connectionSections, copyable } from './connection-sections';
import { Html, externalHref, markup } from './html';
import { renderPage } from './page-layout';
import { entryProvenance, provenanceBadges, renderBadges } from './provenance';
import { ServerDocument, displayTime, isObject, text } from './server-document';

function time(iso: string | undefined): Html | string {
  return iso === undefined ? '' : markup`<time datetime="${iso}">${displayTime(iso)}</time>`;
}

function link(raw: unknown): Html | string {
  const label = text(raw);
  if (label === undefined) return '';
  const href = externalHref(label);
  return href === undefined
    ? markup`<code>${label}</code>`
    : markup`<a href="${href}" rel="nofollow noopener noreferrer">${label}</a>`;
}

function facts(doc: ServerDocument, serverId: string | undefined): Html {
  const repository = isObject(doc.server.repository) ? doc.server.repository : {};
  const { status, statusMessage, isLatest, publishedAt, updatedAt } = doc.official;
  const rows: Array<[string, Html | string]> = [
    ['Version', markup`<code>${doc.version}</code>${isLatest === true ? ' (latest)' : ''}`],
    [
      'Status',
      markup`${status ?? 'unknown'}${statusMessage !== undefined ? markup`: ${statusMessage}` : ''}`,
    ],
    ['Published', time(publishedAt)],
    ['Updated', time(updatedAt)],
    ['Repository', link(repository.url)],
    ['Subfolder', text(repository.subfolder) ?? ''],
    ['Website', link(doc.server.websiteUrl)],
    ['Server ID', serverId !== undefined ? markup`<code>${serverId}</code>` : ''],
  ];
  const shown = rows.filter(([, value]) => value !== '');
  return markup`<dl class="facts">
${shown.map(([label, value]) => markup`<dt>${label}</dt><dd>${value}</dd>\n`)}</dl>`;
}

function versionsTable(name: string, versions: readonly ServerDocument[], shown: string): Html {
  const rows = versions.map((v) => {
    const current = v.version === shown;
    return markup`<tr${current ? markup` class="current"` : ''}>
<td><a href="${serverHref(name, v.version)}"${current ? markup` aria-current="page"` : ''}>${v.version}</a>${v.official.isLatest === true ? ' (latest)' : ''}</td>
<td>${time(v.official.publishedAt)}</td>
<td>${v.official.status ?? ''}</td>
<td><a href="${versionApiPath(name, v.version)}">JSON<span class="vh"> of ${v.version}</span></a></td>
</tr>
`;
  });
  return markup`<section aria-labelledby="versions">
<h2 id="versions">Versions</h2>
<div class="table-wrap" role="region" aria-label="Versions" tabindex="0"><table>
<thead><tr><th scope="col">Version</th><th scope="col">Published</th><th scope="col">Status</th><th scope="col">JSON</th></tr></thead>
<tbody>
${rows}</tbody>
</table></div>
</section>`;
}

/** The `_meta` objects exactly as the API answers them (pretty-printed), registry's and publisher's. */
function rawMeta(doc: ServerDocument): Html {
  const blocks: Array<[string, unknown]> = [['Registry metadata (_meta of the response)', doc.meta]];
  if (doc.server._meta !== undefined) {
    blocks.push(['Publisher metadata (server.json _meta)', doc.server._meta]);
  }
  const shown = blocks.map(
    ([label, value], i) => markup`<h3>${label}</h3>
${copyable(`meta-${i}`, JSON.stringify(value, null, 2), label)}
`,
  );
  return markup`<section class="meta" aria-labelledby="meta">
<h2 id="meta"><code>_meta</code></h2>
${shown}</section>`;
}

export interface DetailView {
  doc: ServerDocument;
  /** Every version of the server the API lists, newest first. */
  versions: readonly ServerDocument[];
  metaNamespace: string;
}

/** `/servers/{name}`: one version (the latest by default) with how to run it, and every version. */
export function renderDetailPage(view: DetailView): string {
  const { doc, versions, metaNamespace } = view;
  const entry = entryProvenance(doc.meta, metaNamespace);
  const latest = versions.find((v) => v.official.isLatest === true);
  const notLatest =
    latest !== undefined && latest.version !== doc.version
      ? markup`<p class="notice">This is version ${doc.version}. The latest is <a href="${serverHref(doc.name)}">${latest.version}</a>.</p>`
      : '';
  const main = markup`<nav aria-label="Breadcrumb"><a href="/">All servers</a></nav>
<h1>${doc.title ?? doc.name}</h1>
<p class="ident"><code>${doc.name}</code></p>
${doc.description !== undefined ? markup`<p>${doc.description}</p>` : ''}
${renderBadges(provenanceBadges(doc.official, entry), true)}
${notLatest}
${facts(doc, entry.serverId)}
<p><a href="${versionApiPath(doc.name, doc.version)}">This version as JSON</a></p>
${connectionSections(doc.server)}
${versionsTable(doc.name, versions, doc.version)}
${rawMeta(doc)}`;
  return renderPage({
    title: `${doc.title ?? doc.name} ${doc.version}`,
    main,
    jsonHref: versionApiPath(doc.name, doc.version),
  });
}

/** A page saying what went wrong, in words, with the way back. */
export function renderProblemPage(title: string, detail: string): string {
  return renderPage({
    title,
    robots: 'noindex',
    main: markup`<h1>${title}</h1>
<p>${detail}</p>
<p><a href="/">Back to all servers</a></p>`,
  });
}

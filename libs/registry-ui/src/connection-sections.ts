import { Html, externalHref, markup } from './html';
import { RemoteConnection, RemoteInput, remoteConnectionOf } from './remote-connection';
import { PackageInput, runLineOf } from './run-line';
import { Json, isObject, objects, text } from './server-document';

/** A block of text with a copy button (revealed by the script; without it, select and copy). */
export function copyable(id: string, content: string, what: string): Html {
  return markup`<div class="line">
  <pre tabindex="0" aria-label="${what}"><code id="${id}">${content}</code></pre>
  <button type="button" class="copy" data-copy="${id}" hidden>Copy<span class="vh"> ${what}</span></button>
</div>`;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

function about(input: { default?: string; choices: string[]; description?: string }): Html {
  const parts: Html[] = [];
  if (input.description !== undefined) {
    parts.push(markup`${/[.!?:]$/.test(input.description) ? input.description : `${input.description}.`}`);
  }
  if (input.default !== undefined) parts.push(markup`Default: <code>${input.default}</code>.`);
  if (input.choices.length > 0) {
    parts.push(
      markup`One of: ${input.choices.map((c, i) => markup`${i > 0 ? ', ' : ''}<code>${c}</code>`)}.`,
    );
  }
  return markup`${parts.map((p, i) => markup`${i > 0 ? ' ' : ''}${p}`)}`;
}

/**
 * A table in a focusable, labelled region (it scrolls sideways from the keyboard too). Cells carry
 * their column's name, which the stylesheet shows when a phone stacks the rows.
 */
function table(
  caption: string,
  headings: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<Html | string>>,
): Html {
  const body = rows.map(
    (cells) =>
      markup`<tr>${cells.map((cell, i) => markup`<td data-label="${headings[i]}">${cell}</td>`)}</tr>\n`,
  );
  return markup`<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0"><table class="inputs">
<caption class="vh">${caption}</caption>
<thead><tr>${headings.map((h) => markup`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>
${body}</tbody>
</table></div>`;
}

function inputsTable(caption: string, inputs: readonly PackageInput[]): Html | string {
  if (inputs.length === 0) return '';
  const rows = inputs.map((i) => {
    const repeated = i.repeated ? markup` <span class="muted">(repeatable)</span>` : '';
    const optional = i.inLine ? '' : markup` <span class="muted">(optional, not in the line)</span>`;
    const value = i.value !== undefined ? markup`<code>${i.value}</code>` : '';
    return [
      markup`<code>${i.name}</code>${repeated}`,
      markup`${i.kind}${optional}`,
      value,
      yesNo(i.required),
      yesNo(i.secret),
      about(i),
    ];
  });
  return table(caption, ['Input', 'Kind', 'Value', 'Required', 'Secret', 'About'], rows);
}

function transportOf(pkg: Json): Html {
  const transport = isObject(pkg.transport) ? pkg.transport : {};
  const url = text(transport.url);
  const at = url !== undefined ? markup` at <code>${url}</code>` : '';
  return markup`<p>Transport: <code>${text(transport.type) ?? 'unknown'}</code>${at}</p>`;
}

function packageCard(pkg: Json, index: number): Html {
  const run = runLineOf(pkg);
  const what = `package ${index + 1}`;
  let how: Html;
  if (run.download !== undefined) {
    const { url, sha256 } = run.download;
    const href = externalHref(url);
    const where =
      href !== undefined
        ? markup`<a href="${href}" rel="nofollow noopener noreferrer">the MCP bundle</a>`
        : 'the MCP bundle';
    how = markup`<p>Download ${where} and open it in a client that installs <code>.mcpb</code> files.</p>
${copyable(`run-${index}`, url, `download URL of ${what}`)}
${sha256 !== undefined ? markup`<p>SHA-256: <code>${sha256}</code></p>` : ''}`;
  } else {
    how = copyable(`run-${index}`, run.command ?? '', `command line of ${what}`);
  }
  const version = text(pkg.version);
  const hint = text(pkg.runtimeHint);
  return markup`<article class="card package" aria-labelledby="package-${index}">
<h3 id="package-${index}">${text(pkg.registryType) ?? 'unknown'} <code>${text(pkg.identifier) ?? ''}</code>${version !== undefined ? markup` <span class="muted">${version}</span>` : ''}</h3>
${how}
${transportOf(pkg)}
${hint !== undefined ? markup`<p class="muted">Runner from the package's runtime hint: <code>${hint}</code>.</p>` : ''}
${inputsTable(`Inputs of ${what}`, run.inputs)}
</article>`;
}

function remoteInputsTable(caption: string, inputs: readonly RemoteInput[]): Html | string {
  if (inputs.length === 0) return '';
  const rows = inputs.map((i) => [
    markup`<code>${i.name}</code>`,
    markup`<code>${i.value ?? `{${i.name}}`}</code>`,
    yesNo(i.required),
    yesNo(i.secret),
    about(i),
  ]);
  return table(caption, ['Name', 'Value', 'Required', 'Secret', 'About'], rows);
}

function remoteCard(remote: RemoteConnection, index: number): Html {
  const what = `remote ${index + 1}`;
  const headers =
    remote.headerLines.length > 0
      ? markup`<h4>Headers</h4>
${copyable(`remote-${index}-headers`, remote.headerLines.join('\n'), `headers of ${what}`)}
${remoteInputsTable(`Headers of ${what}`, remote.headers)}`
      : '';
  const variables =
    remote.variables.length > 0
      ? markup`<h4>Variables</h4>
<p class="muted">Replace each <code>{variable}</code> in the URL or a header with your value.</p>
${remoteInputsTable(`Variables of ${what}`, remote.variables)}`
      : '';
  return markup`<article class="card remote" aria-labelledby="remote-${index}">
<h3 id="remote-${index}"><code>${remote.type}</code> remote</h3>
${copyable(`remote-${index}-url`, remote.url, `URL of ${what}`)}
${headers}
${variables}
</article>`;
}

/** "Run it locally" (one card per package) and "Connect" (one per remote), when the server has any. */
export function connectionSections(server: Json): Html {
  const packages = objects(server.packages);
  const remotes = objects(server.remotes);
  const run =
    packages.length > 0
      ? markup`<section aria-labelledby="run">
<h2 id="run">Run it locally</h2>
<p class="muted">The command a client builds from each package. Replace every <code>{placeholder}</code> with your value.</p>
${packages.map(packageCard)}
</section>`
      : '';
  const connect =
    remotes.length > 0
      ? markup`<section aria-labelledby="connect">
<h2 id="connect">Connect to a hosted server</h2>
${remotes.map((r, i) => remoteCard(remoteConnectionOf(r), i))}
</section>`
      : '';
  return markup`${run}
${connect}`;
}

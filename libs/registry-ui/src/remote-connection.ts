import { Json, isObject, objects, strings, text } from './server-document';

/** How a client connects to one of a server's `remotes`: its transport, URL template and headers. */
export interface RemoteConnection {
  /** `streamable-http` or `sse`. */
  type: string;
  /** The URL as published: `{variables}` are for the user to fill. */
  url: string;
  headers: RemoteInput[];
  /** The URL template's variables. */
  variables: RemoteInput[];
  /** The headers as `Name: value` lines, a `{Name}` placeholder where the user supplies the value. */
  headerLines: string[];
}

export interface RemoteInput {
  name: string;
  value?: string;
  required: boolean;
  secret: boolean;
  default?: string;
  choices: string[];
  description?: string;
}

function remoteInput(name: string, raw: Json): RemoteInput {
  const value = typeof raw.value === 'string' ? raw.value : undefined;
  const def = text(raw.default);
  const description = text(raw.description);
  return {
    name,
    required: raw.isRequired === true,
    secret: raw.isSecret === true,
    choices: strings(raw.choices),
    ...(value !== undefined ? { value } : {}),
    ...(def !== undefined ? { default: def } : {}),
    ...(description !== undefined ? { description } : {}),
  };
}

export function remoteConnectionOf(remote: Json): RemoteConnection {
  const headers: RemoteInput[] = [];
  const variables: RemoteInput[] = [];
  for (const raw of objects(remote.headers)) {
    const name = text(raw.name);
    if (name === undefined) continue;
    headers.push(remoteInput(name, raw));
    // A header's value may refer to variables of its own (`Bearer {token}`).
    if (isObject(raw.variables)) {
      for (const [v, def] of Object.entries(raw.variables))
        if (isObject(def)) variables.push(remoteInput(v, def));
    }
  }
  if (isObject(remote.variables)) {
    for (const [name, raw] of Object.entries(remote.variables)) {
      if (isObject(raw)) variables.push(remoteInput(name, raw));
    }
  }
  return {
    type: text(remote.type) ?? 'unknown',
    url: text(remote.url) ?? '',
    headers,
    variables,
    headerLines: headers.map((h) => `${h.name}: ${h.value ?? `{${h.name}}`}`),
  };
}

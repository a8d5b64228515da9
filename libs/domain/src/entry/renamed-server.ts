import { ServerJson } from '../server-json/server-json';

/**
 * A version's server.json under the entry's new name. The `name` key keeps its place, so the text the
 * entry renders and the text a read model rewrites (`renamedServerJsonText`) are the same bytes.
 */
export function renamedServer(server: ServerJson, name: string): ServerJson {
  return { ...server, name };
}

/**
 * `renamedServer` on the stored text of a server.json: what the read models do to the rows they keep.
 * The text was written by JSON.stringify of a parsed document, so parsing it and writing it again
 * gives the text back unchanged but for the name.
 */
export function renamedServerJsonText(serverJson: string, name: string): string {
  return JSON.stringify(renamedServer(JSON.parse(serverJson) as ServerJson, name));
}

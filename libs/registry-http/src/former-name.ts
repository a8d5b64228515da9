import type { ReadModel } from '@registry/application/ports';

/** Where a read of a renamed server's former name is sent: the same URL under the name it has now. */
export interface MovedTo {
  location: string;
}

/**
 * The redirect for a read of `name` that found nothing, when `name` is a name an entry was renamed
 * away from and no entry has taken since: a 308 to the same path (and query) under the entry's name.
 */
export async function formerNameRedirect(
  readModel: ReadModel,
  name: string,
  url: string,
): Promise<MovedTo | undefined> {
  const current = await readModel.renamedTo(name);
  return current === undefined ? undefined : { location: movedLocation(url, current) };
}

/** `url` (`/<version>/servers/<name>/...?query`) with the server name's segment replaced by `name`. */
export function movedLocation(url: string, name: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const segments = path.split('/');
  const at = segments.indexOf('servers');
  if (at < 0 || at + 1 >= segments.length) throw new Error(`not a server path: ${path}`);
  segments[at + 1] = encodeURIComponent(name);
  return segments.join('/') + (q < 0 ? '' : url.slice(q));
}

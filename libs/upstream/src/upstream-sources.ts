import type { MirroredVersion } from '@registry/domain/entry';
import type { UpstreamPosition } from '@registry/domain/upstream';
import type { UpstreamBatch, UpstreamSource } from '@registry/application/ports/upstream-source.port';

/** One way of reading an upstream (the discovered source subscribes to webhooks itself). */
export type UpstreamReader = Omit<UpstreamSource, 'subscribeWebhooks'>;
import { OutboundHttp } from '@registry/outbound-http';
import { mirroredVersionOf } from './mirrored-version';

const PAGE = 100;
/** A poll pass starts this long before the last one's newest change: changes committed late are not missed. */
export const POLL_OVERLAP_MS = 5_000;

/** GETs JSON from the upstream, refusing any answer but 200 with a message naming the URL and status. */
export async function getJson<T>(http: OutboundHttp, url: string): Promise<T> {
  const response = await http.get(url, { headers: { accept: 'application/json' } });
  if (response.status !== 200) {
    throw new Error(`GET ${url} answered ${response.status}: ${response.text().slice(0, 200)}`);
  }
  try {
    return response.json<T>();
  } catch {
    throw new Error(`GET ${url} answered something that is not JSON`);
  }
}

interface ChangePage {
  changes: Array<{
    type: string;
    data: { sequence: number; server?: unknown; previous?: unknown; current?: unknown; servers?: unknown[] };
  }>;
  metadata: { nextAfter: number; head: number };
}

/** Follows a registry like this one by its change feed: every change, in log order. */
export class FeedUpstreamSource implements UpstreamReader {
  readonly mode = 'feed';

  async open(): Promise<void> {}

  constructor(
    private readonly http: OutboundHttp,
    readonly url: string,
    private readonly changesUrl: string,
    private readonly entryMetaKey: string | undefined,
  ) {}

  async next(position: UpstreamPosition | undefined): Promise<UpstreamBatch> {
    const after = position?.mode === 'feed' ? position.after : 0;
    const page = await getJson<ChangePage>(this.http, `${this.changesUrl}?after=${after}&limit=${PAGE}`);
    const versions: MirroredVersion[] = [];
    for (const change of page.changes) {
      // A latest move names the version losing the flag, then the one gaining it; a rename every
      // version under the new name (the first one seen moves the mirror's entry).
      const { server, previous, current, servers } = change.data;
      for (const response of [server, previous, current, ...(Array.isArray(servers) ? servers : [])]) {
        if (response !== undefined && response !== null) {
          versions.push({
            ...mirroredVersionOf(response, this.entryMetaKey),
            upstreamSequence: change.data.sequence,
          });
        }
      }
    }
    const nextAfter = page.metadata.nextAfter;
    return {
      versions,
      position: { mode: 'feed', after: nextAfter },
      caughtUp: nextAfter >= page.metadata.head,
    };
  }
}

interface ServerList {
  servers: unknown[];
  metadata?: { nextCursor?: string };
}

/**
 * Follows a registry by `GET /v0/servers?updated_since=` polling, as an aggregator follows the
 * official registry: a first full pass (deleted versions included), then passes over what changed
 * since the newest change the last pass saw, less an overlap.
 */
export class PollUpstreamSource implements UpstreamReader {
  readonly mode = 'poll';

  async open(): Promise<void> {}

  constructor(
    private readonly http: OutboundHttp,
    readonly url: string,
    private readonly entryMetaKey: string | undefined,
  ) {}

  async next(position: UpstreamPosition | undefined): Promise<UpstreamBatch> {
    const at = position?.mode === 'poll' ? position : { mode: 'poll' as const };
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (at.updatedSince !== undefined) query.set('updated_since', at.updatedSince);
    else query.set('include_deleted', 'true');
    if (at.cursor !== undefined) query.set('cursor', at.cursor);
    const page = await getJson<ServerList>(this.http, `${this.url}/v0/servers?${query.toString()}`);
    const versions = page.servers.map((item) => mirroredVersionOf(item, this.entryMetaKey));
    // Within a page, in publication order: an entry's versions arrive as they were published.
    versions.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
    let maxSeen = at.maxSeen;
    for (const v of versions) if (maxSeen === undefined || v.updatedAt > maxSeen) maxSeen = v.updatedAt;
    const cursor = page.metadata?.nextCursor;
    if (cursor !== undefined && cursor !== '') {
      return {
        versions,
        position: { ...at, cursor, ...(maxSeen !== undefined ? { maxSeen } : {}) },
        caughtUp: false,
      };
    }
    const updatedSince =
      maxSeen !== undefined ? new Date(Date.parse(maxSeen) - POLL_OVERLAP_MS).toISOString() : at.updatedSince;
    return {
      versions,
      position: {
        mode: 'poll',
        ...(updatedSince !== undefined ? { updatedSince } : {}),
        ...(maxSeen !== undefined ? { maxSeen } : {}),
      },
      caughtUp: true,
    };
  }
}

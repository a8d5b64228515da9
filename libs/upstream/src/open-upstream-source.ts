import type { UpstreamBatch, UpstreamSource } from '@registry/application/ports/upstream-source.port';
import type { UpstreamPosition } from '@registry/domain/upstream';
import { OutboundHttp } from '@registry/outbound-http';
import { FeedUpstreamSource, PollUpstreamSource, UpstreamReader, getJson } from './upstream-sources';

export interface UpstreamSourceOptions {
  /** The upstream's base URL (`https://registry.modelcontextprotocol.io`). */
  url: string;
  mode: 'auto' | 'feed' | 'poll';
}

interface RegistryCard {
  extensionNamespace?: string;
  extensions?: Record<string, { url?: string }>;
}

/**
 * The upstream as its registry card says: the change feed when it offers one (`auto`, `feed`),
 * `updated_since` polling otherwise (`auto`, `poll`). An upstream that cannot be reached is asked
 * again later (the mirror's loop retries `open`); only an answer decides: a card without a change
 * feed, or no card at all (404), means polling. `feed` never falls back to polling.
 */
export class DiscoveredUpstreamSource implements UpstreamSource {
  readonly url: string;
  private source: UpstreamReader | undefined;
  private subscriptionsUrl: string | undefined;
  // The upstream is the operator's choice, not a publisher's: it may be a registry on the operator's
  // own network, so the private-address guard (meant for publisher-chosen hosts) does not apply.
  private readonly http = new OutboundHttp({
    allowPrivateAddresses: true,
    timeoutMs: 30_000,
    maxBodyBytes: 32 * 1024 * 1024,
  });

  constructor(private readonly options: UpstreamSourceOptions) {
    this.url = options.url.replace(/\/+$/, '');
  }

  get mode(): 'feed' | 'poll' {
    if (this.source === undefined) throw new Error('the upstream source is not open yet');
    return this.source.mode;
  }

  async open(): Promise<void> {
    if (this.source !== undefined) return;
    const cardUrl = `${this.url}/.well-known/mcp-registry`;
    let card: RegistryCard | undefined;
    if (this.options.mode !== 'poll') {
      const response = await this.http.get(cardUrl, { headers: { accept: 'application/json' } });
      if (response.status === 200) card = await getJson<RegistryCard>(this.http, cardUrl);
      else if (response.status !== 404 && response.status !== 410) {
        throw new Error(`GET ${cardUrl} answered ${response.status}; asking again later`);
      }
    }
    const entryMetaKey =
      card?.extensionNamespace !== undefined ? `${card.extensionNamespace}/entry` : undefined;
    const changes = card?.extensions?.['changes']?.url;
    const subscriptions = card?.extensions?.['subscriptions']?.url;
    if (subscriptions !== undefined) this.subscriptionsUrl = new URL(subscriptions, cardUrl).toString();
    if (changes !== undefined) {
      this.source = new FeedUpstreamSource(
        this.http,
        this.url,
        new URL(changes, cardUrl).toString(),
        entryMetaKey,
      );
    } else if (this.options.mode === 'feed') {
      throw new Error(
        `MCP_REGISTRY_UPSTREAM_MODE=feed, but ${this.url} offers no change feed in a registry card`,
      );
    } else {
      this.source = new PollUpstreamSource(this.http, this.url, entryMetaKey);
    }
  }

  async subscribeWebhooks(
    endpoint: string,
    token: string | undefined,
  ): Promise<{ subscriptionId: string; secret: string } | { refused: string }> {
    await this.open();
    if (this.subscriptionsUrl === undefined)
      return { refused: `${this.url} offers no webhook subscriptions` };
    let bearer = token;
    if (bearer === undefined) {
      // Without MCP_REGISTRY_UPSTREAM_TOKEN, an upstream that allows anonymous login still lets us in.
      const login = await this.http.post(`${this.url}/v0/auth/none`, '', {
        headers: { accept: 'application/json' },
      });
      if (login.status !== 200) {
        return {
          refused: `no MCP_REGISTRY_UPSTREAM_TOKEN, and ${this.url} allows no anonymous login (${login.status})`,
        };
      }
      bearer = (login.json<{ registry_token?: string }>().registry_token ?? '').trim();
    }
    const response = await this.http.post(
      this.subscriptionsUrl,
      JSON.stringify({ url: endpoint, description: `mirror at ${endpoint}` }),
      {
        headers: {
          authorization: `Bearer ${bearer}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
      },
    );
    if (response.status !== 201) {
      return {
        refused: `${this.subscriptionsUrl} answered ${response.status}: ${response.text().slice(0, 200)}`,
      };
    }
    const created = response.json<{ id?: string; secret?: string }>();
    if (typeof created.id !== 'string' || typeof created.secret !== 'string') {
      return { refused: `${this.subscriptionsUrl} answered no subscription id and secret` };
    }
    return { subscriptionId: created.id, secret: created.secret };
  }

  async next(position: UpstreamPosition | undefined): Promise<UpstreamBatch> {
    await this.open();
    return this.source!.next(position);
  }
}

import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntryRepository } from '../entries/entry-repository';
import { isFeedChangeType, renderNamespaceChange, renderServerChange } from '@registry/domain/changes';
import { EventEnvelope, ServerEntryState, applyEvents, isServerEntryEventType } from '@registry/domain/entry';
import { FeedChangeType } from '@registry/domain/subscription/subscription-events';
import { EVENT_STORE, EventStore } from '../ports';
import { REGISTRY_SETTINGS, RegistrySettings } from '../projection/read-your-writes';

/** One change of the feed, rendered: `json` is the whole change object's text. */
export interface RenderedChange {
  /** The event's global log position (the change's `data.sequence`). */
  sequence: number;
  eventId: string;
  streamId: string;
  name: string;
  type: FeedChangeType;
  version?: string;
  /** For a rename: the name the entry had. A subscription to either name receives the change. */
  previousName?: string;
  json: string;
}

export interface ChangePage {
  changes: RenderedChange[];
  /** The position of the last event scanned (skipped ones included): the next page's `after`. */
  nextAfter: number;
  head: number;
}

/**
 * Folded entries kept between pages and batches. The feed's readers move through the log in order,
 * so an entry changed again within the last few thousand entries written is one step from its state.
 */
const STATE_CACHE_LIMIT = 4_096;
/**
 * Events read from the log per step of a page. A page rarely needs many more events than changes
 * (an entry's creation is the only server event that is no change).
 */
const SCAN_STEP = 200;
/**
 * At most this many events are scanned for one page, so a long run of events that are no changes
 * (subscriptions) costs a request bounded work; the page then holds fewer changes and a
 * `nextAfter` below `head`, and the client goes on from there.
 */
const MAX_SCANNED_PER_PAGE = 5_000;

/**
 * Reads the public change feed: committed server changes in log order, each rendered from the
 * entry's state right after its event, as the read model rendered that version at that moment, and
 * namespace claims' changes of status. The subscription registry's events, the claims' other
 * events (checks, keys) and entries' creations are skipped.
 */
@Injectable()
export class ChangeFeedReader {
  /** Entries folded up to the last event rendered of each, least recently used first. */
  private readonly states = new Map<string, ServerEntryState>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REGISTRY_SETTINGS) private readonly settings: RegistrySettings,
    /** The writer's entries, in processes that write: a worker tailing the log finds its states there. */
    @Optional() private readonly entries?: EntryRepository,
  ) {}

  /** At most `limit` changes after log position `after`. */
  async read(after: number, limit: number): Promise<ChangePage> {
    const changes: RenderedChange[] = [];
    let nextAfter = after;
    let scanned = 0;
    while (changes.length < limit && scanned < MAX_SCANNED_PER_PAGE) {
      const step = Math.min(SCAN_STEP, MAX_SCANNED_PER_PAGE - scanned);
      const events = await this.store.readFrom(nextAfter, step);
      if (events.length === 0) break;
      // Stop at the event of the limit-th change, so that the next page starts right after it.
      let end = events.length;
      let wanted = limit - changes.length;
      for (let i = 0; i < events.length; i++) {
        if (isFeedChangeType(events[i]!.type) && --wanted === 0) {
          end = i + 1;
          break;
        }
      }
      const taken = end === events.length ? events : events.slice(0, end);
      changes.push(...(await this.render(taken)));
      nextAfter = taken.at(-1)!.position;
      scanned += taken.length;
      if (events.length < step) break; // the end of the log
    }
    // Read last, so that the head is never behind what the page shows.
    const head = await this.store.headPosition();
    return { changes, nextAfter, head };
  }

  /**
   * Renders the changes of a batch of log events in position order (other events are skipped). With
   * `wanted`, every server event still moves the reader's folded states on (so the next change of an
   * entry is one step from them, not a read of its stream), but only the wanted ones are rendered.
   */
  async render(
    events: readonly EventEnvelope[],
    wanted: (event: EventEnvelope) => boolean = () => true,
  ): Promise<RenderedChange[]> {
    const rendered: RenderedChange[] = [];
    for (const event of events) {
      if (event.type === 'namespace.claim-status-changed') {
        const change = wanted(event) ? renderNamespaceChange(event) : undefined;
        if (change !== undefined) {
          rendered.push({
            sequence: event.position,
            eventId: event.eventId,
            streamId: event.streamId,
            name: change.name,
            type: event.type,
            json: change.json,
          });
        }
        continue;
      }
      if (!isServerEntryEventType(event.type)) continue;
      const state = await this.stateAfter(event);
      if (!wanted(event)) continue;
      const change = renderServerChange(state, event, this.settings.metaNamespace);
      if (change === undefined) continue;
      rendered.push({
        sequence: event.position,
        eventId: event.eventId,
        streamId: event.streamId,
        name: state.name,
        type: change.type,
        ...(change.version !== undefined ? { version: change.version } : {}),
        ...(change.previousName !== undefined ? { previousName: change.previousName } : {}),
        json: change.json,
      });
    }
    return rendered;
  }

  /**
   * The entry's state right after `event`: the cached state when it is the event's predecessor (a
   * reader moving through the log), otherwise folded from the stream, from the cached state when it
   * is older and from the start when it is newer (another reader went further).
   */
  private async stateAfter(event: EventEnvelope): Promise<ServerEntryState> {
    const cached = this.states.get(event.streamId);
    const known = cached?.streamVersion ?? 0;
    const live = this.entries?.peek(event.streamId);
    let state: ServerEntryState | undefined;
    if (cached !== undefined && known === event.streamVersion) {
      state = cached;
    } else if (known === event.streamVersion - 1) {
      // Nothing cached and the entry's creation is the same case: no stream to read.
      state = applyEvents(cached, [event]);
    } else if (live?.streamVersion === event.streamVersion) {
      // A worker tailing the log in the process that wrote the event: the writer's entry is that state.
      state = live;
    } else {
      const base = cached !== undefined && cached.streamVersion < event.streamVersion ? cached : undefined;
      const stream = await this.store.readStream(event.streamId, base?.streamVersion ?? 0);
      const before = stream.filter((e) => e.streamVersion < event.streamVersion);
      if (before.length !== event.streamVersion - 1 - (base?.streamVersion ?? 0)) {
        throw new Error(
          `the stream of ${event.streamId} does not lead to version ${event.streamVersion} (position ${event.position})`,
        );
      }
      state = applyEvents(applyEvents(base, before), [event]);
    }
    if (state === undefined) throw new Error(`no entry ${event.streamId} after position ${event.position}`);
    this.remember(state);
    return state;
  }

  private remember(state: ServerEntryState): void {
    this.states.delete(state.entryId);
    this.states.set(state.entryId, state);
    if (this.states.size > STATE_CACHE_LIMIT) this.states.delete(this.states.keys().next().value!);
  }
}

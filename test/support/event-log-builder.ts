import { randomUUID } from 'node:crypto';
import {
  DecisionContext,
  EventEnvelope,
  PendingEvent,
  ServerEntryState,
  applyEvent,
  NamespaceStanding,
  decideEdit,
  decideNamespaceStanding,
  decideOwnershipCheck,
  decidePublish,
  decideRename,
  decideStatusChange,
} from '@registry/domain/entry';
import { ServerJson, ServerStatus } from '@registry/domain/server-json/server-json';

/**
 * Builds a realistic event log in memory by running the domain's own decisions, for read model and
 * projector tests that need events without a store. Time advances one second per decision.
 */
export class EventLogBuilder {
  readonly events: EventEnvelope[] = [];
  private readonly entries = new Map<string, ServerEntryState>();
  private readonly ids = new Map<string, string>();
  private clock = Date.parse('2025-06-01T00:00:00.000Z');

  private ctx(): DecisionContext {
    this.clock += 1000;
    return {
      now: new Date(this.clock),
      newId: () => randomUUID(),
      actor: { method: 'test', subject: 'builder' },
    };
  }

  private commit(name: string, pending: PendingEvent[]): this {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = randomUUID();
      this.ids.set(name, id);
    }
    let state = this.entries.get(id);
    for (const p of pending) {
      const envelope: EventEnvelope = {
        ...p,
        streamId: id,
        streamVersion: (state?.streamVersion ?? 0) + 1,
        position: this.events.length + 1,
      };
      state = applyEvent(state, envelope);
      this.events.push(envelope);
    }
    this.entries.set(id, state!);
    return this;
  }

  publish(name: string, version: string, extra: Partial<ServerJson> = {}): this {
    const server: ServerJson = { name, version, description: `${name} server`, ...extra };
    const state = this.stateOf(name);
    return this.commit(name, decidePublish(state, { server, origin: 'publish' }, this.ctx()));
  }

  status(name: string, version: string | undefined, status: ServerStatus, statusMessage?: string): this {
    const state = this.stateOf(name)!;
    return this.commit(
      name,
      decideStatusChange(
        state,
        {
          version: version ?? { all: true },
          status,
          ...(statusMessage !== undefined ? { statusMessage } : {}),
        },
        this.ctx(),
      ),
    );
  }

  edit(name: string, version: string, description: string): this {
    const state = this.stateOf(name)!;
    const current = state.versions.get(version)!.server;
    return this.commit(name, decideEdit(state, version, { ...current, description }, this.ctx()));
  }

  ownership(name: string, version: string, outcome: 'verified' | 'failed', failures: string[] = []): this {
    const state = this.stateOf(name)!;
    return this.commit(name, decideOwnershipCheck(state, { version, outcome, failures }, this.ctx()));
  }

  /** The entry's namespace standing, as the verifier records it (undefined: no claim speaks for it). */
  standing(name: string, standing: Omit<NamespaceStanding, 'since'> | undefined): this {
    const state = this.stateOf(name)!;
    const ctx = this.ctx();
    const full = standing === undefined ? undefined : { ...standing, since: ctx.now.toISOString() };
    return this.commit(name, decideNamespaceStanding(state, full, ctx));
  }

  /** Moves the entry to `newName`; `name` is free afterwards (a later publish of it starts a new entry). */
  rename(name: string, newName: string): this {
    const state = this.stateOf(name)!;
    this.commit(name, decideRename(state, newName, this.ctx()));
    this.ids.set(newName, this.ids.get(name)!);
    this.ids.delete(name);
    return this;
  }

  stateOf(name: string): ServerEntryState | undefined {
    const id = this.ids.get(name);
    return id === undefined ? undefined : this.entries.get(id);
  }

  idOf(name: string): string | undefined {
    return this.ids.get(name);
  }
}

/** A small mixed history: several servers, semver and not, status changes, edits, a deleted latest. */
export function sampleLog(): EventLogBuilder {
  return new EventLogBuilder()
    .publish('io.github.alice/weather', '1.0.0')
    .publish('io.github.alice/weather', '1.2.0')
    .publish('io.github.alice/weather', '1.1.0')
    .publish('com.example/Tools', '2024.1')
    .publish('com.example/Tools', '2024.2')
    .publish('io.github.bob/files', '0.1.0', {
      remotes: [{ type: 'streamable-http', url: 'https://files.example.com/mcp' }],
    })
    .publish('io.github.bob/files', '0.2.0-beta.1')
    .status('io.github.alice/weather', '1.2.0', 'deleted', 'broken build')
    .status('com.example/Tools', undefined, 'deprecated', 'use com.example/tools2')
    .edit('io.github.bob/files', '0.1.0', 'edited description')
    .publish('io.github.carol/search', '1.0.0')
    .status('io.github.carol/search', '1.0.0', 'deleted')
    .ownership('io.github.alice/weather', '1.1.0', 'failed', [
      'npm package weather-mcp no longer names this server',
    ])
    .ownership('io.github.alice/weather', '1.1.0', 'failed', [
      'npm package weather-mcp no longer names this server',
    ])
    .ownership('com.example/Tools', '2024.2', 'verified')
    .standing('com.example/Tools', CLAIM_OF_EXAMPLE)
    .standing('io.github.bob/files', { ...CLAIM_OF_BOB, status: 'verified' })
    .standing('com.example/Tools', { ...CLAIM_OF_EXAMPLE, status: 'grace' })
    .standing('io.github.bob/files', undefined);
}

const CLAIM_OF_EXAMPLE = {
  claimId: '0190a000-0000-7000-8000-00000000c1a1',
  namespace: 'com.example',
  method: 'dns',
  status: 'verified',
} as const;
const CLAIM_OF_BOB = {
  claimId: '0190a000-0000-7000-8000-00000000c1a2',
  namespace: 'io.github.bob',
  method: 'github',
} as const;

import {
  EntryCreated,
  EntryRenamed,
  EventEnvelope,
  LatestVersionChanged,
  NamespaceStandingChanged,
  OwnershipChecked,
  VersionEdited,
  VersionPublished,
  VersionStatusChanged,
  isServerEntryEventType,
  ownershipOf,
  statusChangeTimes,
  renderServerResponse,
  rfc3339ToMicros,
  renamedServerJsonText,
} from '@registry/domain/entry';
import { StreamDocument, VersionDocument } from './read-model-collections';
import { versionSearchFields } from './read-model-search';

export interface VersionRef {
  name: string;
  version: string;
}

const keyOf = (name: string, version: string): string => `${name}\u0000${version}`;

/**
 * One batch's projection, in memory: the streams and versions the batch touches are loaded first
 * (inside the transaction), events change them here, and the changed documents are written back in
 * one bulk write. Same rules as the SQLite read model, row for row: an event is applied only when
 * its stream version is the entry's next, updates of absent versions change nothing, and a version's
 * response is rendered from its final state.
 */
export class BatchProjection {
  private readonly streams = new Map<string, StreamDocument>();
  private readonly versions = new Map<string, VersionDocument>();
  private readonly changedStreams = new Set<string>();
  private readonly changedVersions = new Set<string>();
  /** Versions a rename moved away from their key (deleted there before the batch's writes). */
  private readonly movedAway = new Map<string, VersionRef>();
  /** Former names the batch changed: the entry a name redirects to, or null when it no longer does. */
  private readonly formerNames = new Map<string, string | null>();

  constructor(private readonly metaNamespace: string) {}

  /** The entries a batch reads: every stream it names. */
  static streamIds(events: EventEnvelope[]): string[] {
    return [...new Set(events.map((e) => e.streamId))];
  }

  load(streams: StreamDocument[]): void {
    for (const s of streams) {
      this.streams.set(s._id, {
        _id: s._id,
        name: s.name,
        version: s.version,
        ...(s.standing !== undefined ? { standing: s.standing } : {}),
      });
    }
  }

  /** The entries whose every version a batch renders again (their namespace standing changed). */
  static restatedServerIds(events: EventEnvelope[]): string[] {
    return [
      ...new Set(events.filter((e) => e.type === 'server.namespace-standing-changed').map((e) => e.streamId)),
    ];
  }

  /** The entries a batch renames: every version of theirs moves, so all are loaded. */
  static renamedServerIds(events: EventEnvelope[]): string[] {
    return [...new Set(events.filter((e) => e.type === 'server.renamed').map((e) => e.streamId))];
  }

  /** The versions a batch may read, once its streams are loaded (names of new entries come from the batch). */
  versionRefs(events: EventEnvelope[]): VersionRef[] {
    const names = new Map<string, string>();
    for (const [id, s] of this.streams) names.set(id, s.name);
    const refs = new Map<string, VersionRef>();
    const add = (name: string | undefined, version: string | null | undefined) => {
      if (name !== undefined && version !== null && version !== undefined) {
        refs.set(keyOf(name, version), { name, version });
      }
    };
    for (const e of events) {
      if (e.type === 'server.entry.created' && !names.has(e.streamId)) {
        names.set(e.streamId, (e.data as EntryCreated['data']).name);
      }
      const name = names.get(e.streamId);
      if (e.type === 'server.latest-version.changed') {
        const d = e.data as LatestVersionChanged['data'];
        add(name, d.previous);
        add(name, d.current);
      } else if ('version' in e.data && typeof e.data.version === 'string') {
        add(name, e.data.version);
      }
    }
    return [...refs.values()];
  }

  loadVersions(docs: VersionDocument[]): void {
    for (const d of docs) this.versions.set(keyOf(d.name, d.version), { ...d });
  }

  /** Applies `event` if it is its entry's next; false for a re-delivery; throws on a gap. */
  apply(event: EventEnvelope): boolean {
    // Other streams of the log (the subscription registry) are no server's: skipped, not a gap.
    if (!isServerEntryEventType(event.type)) return false;
    const current = this.streams.get(event.streamId)?.version ?? 0;
    if (event.streamVersion <= current) return false;
    if (event.streamVersion !== current + 1) {
      throw new Error(
        `read model has ${event.streamId} at version ${current} and was handed version ${event.streamVersion}: a gap`,
      );
    }
    this.project(event);
    const stream = this.streams.get(event.streamId);
    if (event.streamVersion > 1 && stream !== undefined) {
      stream.version = event.streamVersion;
      this.changedStreams.add(event.streamId);
    }
    return true;
  }

  private project(event: EventEnvelope): void {
    switch (event.type) {
      case 'server.entry.created': {
        if (this.streams.has(event.streamId))
          throw new Error(`read model already has entry ${event.streamId}`);
        const name = (event.data as EntryCreated['data']).name;
        this.streams.set(event.streamId, { _id: event.streamId, name, version: 1 });
        this.changedStreams.add(event.streamId);
        this.formerNames.set(name, null);
        return;
      }
      case 'server.version.published': {
        const d = event.data as VersionPublished['data'];
        const name = this.nameOf(event.streamId);
        this.put({
          name,
          nameLower: name.toLowerCase(),
          version: d.version,
          serverId: event.streamId,
          versionId: d.versionId,
          status: d.status,
          statusMessage: d.statusMessage ?? null,
          statusChangedAt: d.statusChangedAt,
          publishedAt: d.publishedAt,
          publishedAtMicros: rfc3339ToMicros(d.publishedAt),
          updatedAt: d.updatedAt,
          updatedAtMicros: rfc3339ToMicros(d.updatedAt),
          isLatest: false,
          serverJson: JSON.stringify(d.server),
          ownership: null,
          response: '',
        });
        return;
      }
      case 'server.version.status-changed': {
        const d = event.data as VersionStatusChanged['data'];
        this.change(event.streamId, d.version, (row) => {
          const times = statusChangeTimes(row.status, row.statusChangedAt, d);
          row.statusChangedAt = times.statusChangedAt;
          row.updatedAt = times.updatedAt;
          row.updatedAtMicros = rfc3339ToMicros(times.updatedAt);
          row.status = d.status;
          row.statusMessage = d.statusMessage ?? null;
        });
        return;
      }
      case 'server.version.edited': {
        const d = event.data as VersionEdited['data'];
        this.change(event.streamId, d.version, (row) => {
          row.serverJson = JSON.stringify(d.server);
          row.updatedAt = d.editedAt;
          row.updatedAtMicros = rfc3339ToMicros(d.editedAt);
        });
        return;
      }
      case 'server.version.ownership-checked': {
        const d = event.data as OwnershipChecked['data'];
        this.change(event.streamId, d.version, (row) => (row.ownership = ownershipOf(d)));
        return;
      }
      case 'server.latest-version.changed': {
        const d = event.data as LatestVersionChanged['data'];
        this.nameOf(event.streamId); // as in SQLite: an unknown entry is an error even with nothing to flag
        if (d.previous !== null) this.change(event.streamId, d.previous, (row) => (row.isLatest = false));
        if (d.current !== null) this.change(event.streamId, d.current, (row) => (row.isLatest = true));
        return;
      }
      case 'server.namespace-standing-changed': {
        const d = event.data as NamespaceStandingChanged['data'];
        const stream = this.streams.get(event.streamId);
        if (stream === undefined) throw new Error(`read model has no entry ${event.streamId}`);
        if (d.standing === null) delete stream.standing;
        else stream.standing = d.standing;
        this.changedStreams.add(event.streamId);
        // Every version shows the standing (restatedServerIds had them all loaded).
        for (const [key, row] of this.versions)
          if (row.serverId === event.streamId) this.changedVersions.add(key);
        return;
      }
      case 'server.renamed':
        this.rename(event.streamId, event.data as EntryRenamed['data']);
        return;
      default:
        // Event types this projection does not show (future ones) still advance the checkpoint.
        return;
    }
  }

  /** As in SQLite: every version moves to the new name (its server.json's name, updatedAt). */
  private rename(serverId: string, d: EntryRenamed['data']): void {
    const stream = this.streams.get(serverId);
    if (stream === undefined) throw new Error(`read model has no entry ${serverId}`);
    for (const [key, row] of [...this.versions]) {
      if (row.serverId !== serverId) continue;
      this.versions.delete(key);
      this.changedVersions.delete(key);
      this.movedAway.set(key, { name: row.name, version: row.version });
      row.name = d.name;
      row.nameLower = d.name.toLowerCase();
      row.serverJson = renamedServerJsonText(row.serverJson, d.name);
      row.updatedAt = d.renamedAt;
      row.updatedAtMicros = rfc3339ToMicros(d.renamedAt);
      this.put(row);
    }
    this.formerNames.set(d.name, null);
    this.formerNames.set(stream.name, serverId);
    stream.name = d.name;
    this.changedStreams.add(serverId);
  }

  private nameOf(serverId: string): string {
    const stream = this.streams.get(serverId);
    if (stream === undefined) throw new Error(`read model has no entry ${serverId}`);
    return stream.name;
  }

  private put(row: VersionDocument): void {
    const key = keyOf(row.name, row.version);
    this.versions.set(key, row);
    this.changedVersions.add(key);
  }

  /** Like SQLite's UPDATE: a version the read model does not have is left alone. */
  private change(serverId: string, version: string, edit: (row: VersionDocument) => void): void {
    const key = keyOf(this.nameOf(serverId), version);
    const row = this.versions.get(key);
    if (row === undefined) return;
    edit(row);
    this.changedVersions.add(key);
  }

  /** The versions to delete before the writes: those a rename moved to another name. */
  versionsToDelete(): VersionRef[] {
    return [...this.movedAway.values()];
  }

  /** Former names to store (`serverId`) or forget (null), for the read API's redirects. */
  formerNamesToWrite(): Array<{ name: string; serverId: string | null }> {
    return [...this.formerNames].map(([name, serverId]) => ({ name, serverId }));
  }

  /** The changed streams, to write back. */
  streamsToWrite(): StreamDocument[] {
    return [...this.changedStreams].map((id) => this.streams.get(id)!);
  }

  /** The changed versions with their response rendered from their final state. */
  versionsToWrite(): VersionDocument[] {
    return [...this.changedVersions].map((key) => {
      const row = this.versions.get(key)!;
      row.response = renderServerResponse(
        row.serverJson,
        {
          status: row.status,
          statusChangedAt: row.statusChangedAt,
          ...(row.statusMessage !== null ? { statusMessage: row.statusMessage } : {}),
          publishedAt: row.publishedAt,
          updatedAt: row.updatedAt,
          isLatest: row.isLatest,
        },
        {
          serverId: row.serverId,
          versionId: row.versionId,
          ...(row.ownership !== null ? { packageOwnership: row.ownership } : {}),
          ...(this.streams.get(row.serverId)?.standing !== undefined
            ? { namespace: this.streams.get(row.serverId)!.standing! }
            : {}),
        },
        this.metaNamespace,
      );
      row.search = versionSearchFields(row.name, row.serverJson);
      return row;
    });
  }
}

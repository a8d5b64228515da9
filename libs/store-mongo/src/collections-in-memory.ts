import { EventEnvelope } from '@registry/domain/entry';
import { BatchProjection } from './batch-projection';
import { StreamDocument, VersionDocument } from './read-model-collections';

const keyOf = (name: string, version: string): string => `${name}\u0000${version}`;

/**
 * What MongoReadModel.applyInSession does around BatchProjection, with maps for collections: load
 * what the batch touches (every version of an entry renamed or restated), apply, delete the moved
 * versions, write back, store the former names. For specs, which then check the projection rules
 * against the SQLite read model without a server (the MongoDB suites need a mongod).
 */
export class CollectionsInMemory {
  readonly streams = new Map<string, StreamDocument>();
  readonly versions = new Map<string, VersionDocument>();
  readonly formerNames = new Map<string, string>();

  constructor(private readonly metaNamespace: string) {}

  apply(events: EventEnvelope[]): void {
    const projection = new BatchProjection(this.metaNamespace);
    const ids = BatchProjection.streamIds(events);
    projection.load(
      ids.flatMap((id) => (this.streams.has(id) ? [structuredClone(this.streams.get(id)!)] : [])),
    );
    const refs = projection.versionRefs(events);
    projection.loadVersions(
      refs.flatMap((r) => {
        const doc = this.versions.get(keyOf(r.name, r.version));
        return doc === undefined ? [] : [structuredClone(doc)];
      }),
    );
    const whole = new Set([
      ...BatchProjection.renamedServerIds(events),
      ...BatchProjection.restatedServerIds(events),
    ]);
    projection.loadVersions(
      [...this.versions.values()].filter((v) => whole.has(v.serverId)).map((v) => structuredClone(v)),
    );
    for (const e of events) projection.apply(e);
    for (const v of projection.versionsToDelete()) this.versions.delete(keyOf(v.name, v.version));
    for (const s of projection.streamsToWrite()) this.streams.set(s._id, structuredClone(s));
    for (const v of projection.versionsToWrite())
      this.versions.set(keyOf(v.name, v.version), structuredClone(v));
    for (const { name, serverId } of projection.formerNamesToWrite()) {
      if (serverId === null) this.formerNames.delete(name);
      else this.formerNames.set(name, serverId);
    }
  }

  renamedTo(name: string): string | undefined {
    const serverId = this.formerNames.get(name);
    return serverId === undefined ? undefined : this.streams.get(serverId)?.name;
  }

  /** In list order: name, then version, compared byte-wise (the simple collation). */
  responses(): string[] {
    const bytes = (s: string) => Buffer.from(s, 'utf8');
    return [...this.versions.values()]
      .sort(
        (a, b) =>
          Buffer.compare(bytes(a.name), bytes(b.name)) || Buffer.compare(bytes(a.version), bytes(b.version)),
      )
      .map((v) => v.response);
  }
}

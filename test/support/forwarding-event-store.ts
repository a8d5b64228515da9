import { AppendRequest, AppendResult, ClaimScope, EventStore } from '@registry/application/ports';
import { EventEnvelope } from '@registry/domain/entry';

/**
 * An event store that hands every call to a real one: tests extend it to count or record the calls
 * they care about, and the store underneath stays real.
 */
export class ForwardingEventStore implements EventStore {
  constructor(readonly inner: EventStore) {}
  append(request: AppendRequest): Promise<AppendResult> {
    return this.inner.append(request);
  }
  readStream(streamId: string, afterVersion = 0): Promise<EventEnvelope[]> {
    return this.inner.readStream(streamId, afterVersion);
  }
  readFrom(afterPosition: number, limit: number): Promise<EventEnvelope[]> {
    return this.inner.readFrom(afterPosition, limit);
  }
  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }
  claimHolder(scope: ClaimScope, key: string): Promise<string | undefined> {
    return this.inner.claimHolder(scope, key);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventEnvelope } from '@registry/domain/entry';
import { EventPublisher, RelayCheckpointStore } from '../ports';
import { OutboxRelay } from './outbox-relay';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

function envelope(position: number): EventEnvelope {
  return {
    eventId: `e${position}`,
    type: 'server.entry.created',
    streamId: `s${position % 3}`,
    streamVersion: Math.ceil(position / 3),
    position,
    occurredAt: '2025-01-01T00:00:00.000Z',
    actor: { method: 'test', subject: 'relay' },
    schemaVersion: 1,
    data: { name: 'x/y' },
  };
}

/** The relay's view of a log: readFrom over an array that tests append to. */
class ArrayLog {
  readonly events: EventEnvelope[] = [];
  append(count: number): void {
    for (let i = 0; i < count; i++) this.events.push(envelope(this.events.length + 1));
  }
  async readFrom(after: number, limit: number): Promise<EventEnvelope[]> {
    return this.events.filter((e) => e.position > after).slice(0, limit);
  }
}

class RecordingPublisher implements EventPublisher {
  readonly batches: number[][] = [];
  failures = 0;
  async publish(events: EventEnvelope[]): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('bus down');
    }
    this.batches.push(events.map((e) => e.position));
  }
  async close(): Promise<void> {}
  get published(): number[] {
    return this.batches.flat();
  }
}

class MemoryCheckpoint implements RelayCheckpointStore {
  position = 0;
  saves = 0;
  async load(): Promise<number> {
    return this.position;
  }
  async save(position: number): Promise<void> {
    this.saves++;
    this.position = position;
  }
}

async function until(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('OutboxRelay', () => {
  it('publishes batches in log order after the checkpoint, then saves the checkpoint', async () => {
    const log = new ArrayLog();
    const publisher = new RecordingPublisher();
    const checkpoint = new MemoryCheckpoint();
    checkpoint.position = 2;
    log.append(7);
    const relay = new OutboxRelay(log, publisher, checkpoint, { batchSize: 3, logger: quiet });
    assert.equal(await relay.relayOnce(), 3);
    assert.equal(await relay.relayOnce(), 2);
    assert.equal(await relay.relayOnce(), 0);
    assert.deepEqual(publisher.batches, [
      [3, 4, 5],
      [6, 7],
    ]);
    assert.equal(checkpoint.position, 7);
    assert.equal(relay.relayedPosition, 7);
  });

  it('publishes again after a failed checkpoint save (at-least-once), never skips', async () => {
    const log = new ArrayLog();
    const publisher = new RecordingPublisher();
    const checkpoint = new MemoryCheckpoint();
    log.append(2);
    const relay = new OutboxRelay(
      log,
      publisher,
      {
        load: () => checkpoint.load(),
        save: async (p) => {
          if (checkpoint.saves++ === 0) throw new Error('store down');
          checkpoint.position = p;
        },
      },
      { logger: quiet },
    );
    await assert.rejects(relay.relayOnce(), /store down/);
    assert.equal(await relay.relayOnce(), 2);
    assert.deepEqual(publisher.published, [1, 2, 1, 2]);
    assert.equal(checkpoint.position, 2);
  });

  it('runs passes one at a time however many callers ask', async () => {
    const log = new ArrayLog();
    const publisher = new RecordingPublisher();
    log.append(4);
    const relay = new OutboxRelay(log, publisher, new MemoryCheckpoint(), { batchSize: 2, logger: quiet });
    const counts = await Promise.all([relay.relayOnce(), relay.relayOnce(), relay.relayOnce()]);
    assert.deepEqual(counts, [2, 2, 0]);
    assert.deepEqual(publisher.published, [1, 2, 3, 4]);
  });

  it('loops: drains, sleeps until woken, backs off after failures, and stops', async () => {
    const log = new ArrayLog();
    const publisher = new RecordingPublisher();
    const checkpoint = new MemoryCheckpoint();
    const relay = new OutboxRelay(log, publisher, checkpoint, {
      batchSize: 2,
      pollMs: 60_000,
      retryBackoffMs: 5,
      logger: quiet,
    });
    log.append(5);
    relay.start();
    await until(() => checkpoint.position === 5);
    // Asleep for a minute unless woken.
    log.append(1);
    relay.wake();
    await until(() => checkpoint.position === 6);
    publisher.failures = 2;
    log.append(1);
    relay.wake();
    await until(() => checkpoint.position === 7);
    await relay.stop();
    assert.deepEqual(publisher.published, [1, 2, 3, 4, 5, 6, 7]);
  });

  it('reloads the checkpoint when started again, in case another relay moved it', async () => {
    const log = new ArrayLog();
    const publisher = new RecordingPublisher();
    const checkpoint = new MemoryCheckpoint();
    log.append(2);
    const relay = new OutboxRelay(log, publisher, checkpoint, { pollMs: 60_000, logger: quiet });
    relay.start();
    await until(() => checkpoint.position === 2);
    await relay.stop();
    log.append(2);
    checkpoint.position = 4; // another relay published 3 and 4 meanwhile
    log.append(1);
    relay.start();
    await until(() => checkpoint.position === 5);
    await relay.stop();
    assert.deepEqual(publisher.published, [1, 2, 5]);
  });
});

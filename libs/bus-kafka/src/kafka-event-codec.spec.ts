import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventEnvelope } from '@registry/domain/entry';
import { KafkaMessage } from 'kafkajs';
import {
  EVENT_HEADERS,
  fromKafkaMessage,
  toKafkaMessage,
  UndecodableEventMessage,
} from './kafka-event-codec';

const event: EventEnvelope = {
  eventId: '4b0c6a8e-0000-4000-8000-000000000001',
  type: 'server.entry.created',
  streamId: '7f7f7f7f-0000-4000-8000-000000000002',
  streamVersion: 1,
  position: 42,
  occurredAt: '2020-01-01T00:00:00.000Z',
  actor: { method: 'github-oidc', subject: 'octo' },
  schemaVersion: 1,
  data: { name: 'io.github.octo/server' },
};

function received(value: string | null, offset = '7'): KafkaMessage {
  return {
    key: null,
    value: value === null ? null : Buffer.from(value),
    timestamp: '0',
    attributes: 0,
    offset,
    headers: {},
  } as KafkaMessage;
}

describe('Kafka event codec', () => {
  it('keys a message by stream id, carries the envelope as JSON and the routing headers', () => {
    const message = toKafkaMessage(event);
    assert.equal(message.key, event.streamId);
    assert.deepEqual(JSON.parse(String(message.value)), event);
    assert.deepEqual(message.headers, {
      [EVENT_HEADERS.eventId]: event.eventId,
      [EVENT_HEADERS.type]: event.type,
      [EVENT_HEADERS.position]: '42',
      [EVENT_HEADERS.streamVersion]: '1',
    });
    assert.equal(
      message.timestamp,
      undefined,
      'broker time, not occurredAt: retention must not see old events',
    );
  });

  it('decodes what it encodes', () => {
    assert.deepEqual(fromKafkaMessage(received(String(toKafkaMessage(event).value))), event);
  });

  it('refuses messages that are not event envelopes, naming the offset', () => {
    for (const value of [null, 'not json', '{"eventId":"x"}', '[]']) {
      assert.throws(
        () => fromKafkaMessage(received(value, '99')),
        (e: unknown) => e instanceof UndecodableEventMessage && /offset 99/.test(e.message),
      );
    }
  });
});

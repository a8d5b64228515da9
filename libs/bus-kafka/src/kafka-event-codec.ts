import { EventEnvelope } from '@registry/domain/entry';
import { IHeaders, KafkaMessage, Message } from 'kafkajs';

/** Headers each event message carries, so tools can route and inspect without parsing the value. */
export const EVENT_HEADERS = {
  eventId: 'event-id',
  type: 'event-type',
  position: 'event-position',
  streamVersion: 'stream-version',
} as const;

/** A message value that is not an event envelope: a bug or a foreign producer on our topic. */
export class UndecodableEventMessage extends Error {
  constructor(
    readonly offset: string,
    reason: string,
  ) {
    super(`message at offset ${offset} is not a registry event: ${reason}`);
    this.name = 'UndecodableEventMessage';
  }
}

/** Key = stream id (the entry UUID), so every event of an entry lands on one partition, in order. */
export function toKafkaMessage(event: EventEnvelope): Message {
  const headers: IHeaders = {
    [EVENT_HEADERS.eventId]: event.eventId,
    [EVENT_HEADERS.type]: event.type,
    [EVENT_HEADERS.position]: String(event.position),
    [EVENT_HEADERS.streamVersion]: String(event.streamVersion),
  };
  // No timestamp from occurredAt: imported events can be years old, and time-based retention would
  // delete them as soon as they were written.
  return { key: event.streamId, value: JSON.stringify(event), headers };
}

export function fromKafkaMessage(message: KafkaMessage): EventEnvelope {
  if (message.value === null) throw new UndecodableEventMessage(message.offset, 'no value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    throw new UndecodableEventMessage(message.offset, error instanceof Error ? error.message : String(error));
  }
  if (!isEnvelope(parsed)) throw new UndecodableEventMessage(message.offset, 'not an event envelope');
  return parsed;
}

function isEnvelope(value: unknown): value is EventEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.eventId === 'string' &&
    typeof e.type === 'string' &&
    typeof e.streamId === 'string' &&
    Number.isInteger(e.streamVersion) &&
    Number.isInteger(e.position) &&
    typeof e.occurredAt === 'string' &&
    typeof e.schemaVersion === 'number' &&
    typeof e.actor === 'object' &&
    e.actor !== null &&
    'data' in e
  );
}

export * from './kafka-client';
export * from './kafka-event-codec';
export * from './kafka-event-publisher';
export * from './kafka-event-feed';
export * from './kafka-feed-subscription';
export * from './kafka-topic';
export * from './kafka-health.indicator';

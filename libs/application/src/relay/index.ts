export * from './outbox-relay';
export * from './polling-event-feed';

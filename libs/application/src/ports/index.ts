export * from './event-store.port';
export * from './event-feed.port';
export * from './read-model.port';
export * from './package-ownership.port';
export * from './job-queue.port';
export * from './webhook-sender.port';
export * from './delivery-store.port';
export * from './secret-sealer.port';

export * from './event-store.port';
export * from './event-feed.port';
export * from './read-model.port';
export * from './package-ownership.port';
export * from './job-queue.port';

export * from './sqlite-event-store';
export * from './sqlite-event-feed';
export * from './sqlite-read-model';
export * from './live-read-model';
export * from './read-model-files';
export * from './sqlite-store';
export * from './sqlite-relay-checkpoint';
export * from './sqlite-delivery-store';

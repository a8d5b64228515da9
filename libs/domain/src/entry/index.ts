export * from './registry-events';
export * from './registry-errors';
export * from './server-entry';
export * from './entry-decisions';
export * from './entry-messages';
export * from './server-response';
export * from './mirror-decisions';

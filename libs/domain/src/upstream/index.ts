export * from './upstream-events';
export * from './upstream-filter';

export * from './jwt-key';
export * from './registry-runtime';
export * from './registry-logger';

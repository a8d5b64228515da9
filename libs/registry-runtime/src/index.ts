export * from './jwt-key';
export * from './registry-runtime';

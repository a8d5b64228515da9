export * from './server-change';

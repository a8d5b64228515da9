export * from './change-feed-reader';

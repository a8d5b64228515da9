export * from './search-words';
export * from './search-cursor';
export * from './search-fields';

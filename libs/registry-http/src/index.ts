export * from './registry-http.module';
export * from './registry-problem';
export * from './authority';
export * from './read-routes';

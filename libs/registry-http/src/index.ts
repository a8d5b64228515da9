export * from './registry-http.module';
export * from './registry-problem';
export * from './authority';

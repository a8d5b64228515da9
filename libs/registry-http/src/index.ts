export * from './registry-http.module';
export * from './registry-problem';
export * from './authority';
export * from './read-routes';
export * from './publish-route';
export * from './write-request';
export * from './extension-path';
export * from './registry-card.controller';

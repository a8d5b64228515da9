export * from './registry-config';
export * from './config-error';
export * from './load-config';

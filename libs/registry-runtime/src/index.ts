export * from './jwt-key';
export * from './registry-runtime';
export * from './registry-logger';
export * from './registry-engines';
export * from './registry-infrastructure.module';
export * from './engines-health.indicator';
export * from './registry-processes';

export * from './mirror-settings';
export * from './upstream-state-repository';
export * from './upstream-mirror';

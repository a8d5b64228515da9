export * from './mirrored-version';
export * from './upstream-sources';
export * from './open-upstream-source';

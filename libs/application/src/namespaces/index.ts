export * from './namespace-settings';
export * from './namespace-registry-repository';
export * from './namespace-claims';
export * from './namespace-verifier';
export * from './namespace-gate';
export * from './publisher-keys';
export * from './namespace-standings';

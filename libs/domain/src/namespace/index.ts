export * from './namespace-events';
export * from './namespace-registry';
export * from './namespace-decisions';
export * from './namespace-messages';
export * from './namespace-coverage';
export * from './claim-schedule';

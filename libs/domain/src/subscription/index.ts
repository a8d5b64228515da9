export * from './subscription-events';
export * from './subscription-registry';
export * from './subscription-decisions';
export * from './subscription-messages';
export * from './subscription-filter';
export * from './delivery-schedule';

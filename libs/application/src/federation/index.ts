export * from './federation-settings';
export * from './federation-monitor';
export * from './subscription-registry-repository';
export * from './subscription-commands';
export * from './subscription-deliveries';
export * from './delivery-queue';
export * from './delivery-dispatcher';
export * from './federation-worker';

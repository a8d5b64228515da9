export * from './ownership-queues';
export * from './package-ownership-reverifier';

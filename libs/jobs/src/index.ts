export * from './bullmq-job-queue';
export * from './bullmq-job-id';
export * from './redis-readiness';
export * from './redis-health.indicator';

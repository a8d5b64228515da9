import { InProcessJobQueue } from '@registry/application/jobs/in-process-job-queue';
import { jobQueueContract } from './job-queue.contract';

jobQueueContract('in-process (embedded)', {
  setUp: async () => undefined,
  open: async () => new InProcessJobQueue(),
  dispose: async () => undefined,
});

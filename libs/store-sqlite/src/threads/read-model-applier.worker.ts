import { workerData } from 'node:worker_threads';
import type { FeedBatch } from '@registry/application/ports';
import { SqliteReadModel } from '../sqlite-read-model';
import { serveCalls } from './worker-host';

// The read model's projection thread: applies feed batches (rendering responses, writing rows and
// the checkpoint) off the event loop that serves requests. Each call names the file to apply to, the
// one the serving thread reads, so both always agree across a replay's switch.

export interface ApplyCall {
  file: string;
  /** The FeedBatch as JSON text: copied across as bytes, cheaper than cloning its object graph. */
  batch: string;
}

const { metaNamespace } = workerData as { metaNamespace: string };
let open: SqliteReadModel | undefined;

serveCalls<ApplyCall, void>(
  ({ file, batch }) => {
    if (open?.file !== file) {
      open?.close();
      open = new SqliteReadModel(file, metaNamespace, { mustExist: true });
    }
    open.applySync(JSON.parse(batch) as FeedBatch);
  },
  () => open?.close(),
);

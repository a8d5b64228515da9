import { workerData } from 'node:worker_threads';
import { AppendOutcome, EventLogWriter, WireAppend, openEventLog } from '../event-log-writer';
import { serveCalls } from './worker-host';

// The event log's writer thread: owns the writing connection, so a commit's fsync blocks this thread
// instead of the event loop serving requests. Each call commits one batch of appends.

const db = openEventLog((workerData as { file: string }).file);
const writer = new EventLogWriter(db);

serveCalls<WireAppend[], AppendOutcome[]>(
  (requests) => writer.commit(requests),
  () => db.close(),
);

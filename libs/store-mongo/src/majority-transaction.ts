import { setTimeout as sleep } from 'node:timers/promises';
import {
  ClientSession,
  CollationOptions,
  Db,
  MongoClient,
  MongoServerError,
  TransactionOptions,
  WriteConcern,
} from 'mongodb';

/**
 * Every multi-document write runs with these: `snapshot` reads (one consistent view for the whole
 * transaction) and a `majority` commit, so a resolved promise means the change survives the loss of
 * the primary. Reads must go to the primary: transactions cannot read from secondaries.
 */
export const TRANSACTION_OPTIONS: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: new WriteConcern('majority'),
  readPreference: 'primary',
};

/** Binary (byte-wise UTF-8) comparison: the order SQLite's BINARY collation gives, so lists page alike. */
export const SIMPLE_COLLATION: CollationOptions = { locale: 'simple' };

/**
 * Runs `work` in one transaction with `session.withTransaction`, which aborts on any error, retries
 * the whole callback on a `TransientTransactionError` (a WriteConflict with a concurrent transaction)
 * and retries the commit on `UnknownTransactionCommitResult`, for up to 120 s.
 *
 * The driver retries at once; under contention (every append writes the same counter document) that
 * is a busy loop, so later attempts first wait a short, growing, jittered pause. Waiting before the
 * first operation costs nothing on the server: a transaction starts with its first command.
 *
 * `work` may run several times, so it must derive everything from what it reads in the session.
 */
export async function inMajorityTransaction<T>(
  client: MongoClient,
  work: (session: ClientSession) => Promise<T>,
): Promise<T> {
  return client.withSession(async (session) => {
    let attempt = 0;
    return session.withTransaction(async (txn) => {
      if (attempt > 0) await sleep(retryPauseMs(attempt));
      attempt += 1;
      return work(txn);
    }, TRANSACTION_OPTIONS);
  });
}

function retryPauseMs(attempt: number): number {
  const ceiling = Math.min(100, 2 ** Math.min(attempt, 7));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** The server's code for a duplicate key on a unique index. */
export const DUPLICATE_KEY = 11000;
const NAMESPACE_EXISTS = 48;

/**
 * Which unique index a write broke, by index name, or undefined when `error` is not a duplicate key.
 * `insertOne` errors carry `keyPattern`; `insertMany` errors (MongoBulkWriteError) do not, as the
 * driver copies only code and message of each write error, so the index name is also read from the
 * server's message ("E11000 duplicate key error collection: db.events index: <name> dup key: ...").
 */
export function duplicateKeyIndex(
  error: unknown,
  indexes: ReadonlyArray<{ name: string; key: Record<string, 1 | -1> }>,
): string | undefined {
  if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) return undefined;
  const pattern: unknown = error.keyPattern;
  if (pattern !== null && typeof pattern === 'object') {
    const fields = Object.keys(pattern).join(',');
    const byPattern = indexes.find((i) => Object.keys(i.key).join(',') === fields);
    if (byPattern !== undefined) return byPattern.name;
  }
  const named = /index: (\S+) dup key/.exec(error.message)?.[1];
  return indexes.find((i) => i.name === named)?.name ?? named ?? 'unknown';
}

/** Creates a collection that has no secondary index (createIndexes would create the others). */
export async function ensureCollection(db: Db, name: string): Promise<void> {
  try {
    await db.createCollection(name);
  } catch (error: unknown) {
    if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
  }
}

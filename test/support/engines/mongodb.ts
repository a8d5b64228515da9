import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { MongoClient } from 'mongodb';

/**
 * MongoDB for the MongoDB adapters' suites. No mongod can run on the development machines and the
 * pure-JavaScript look-alikes accept duplicates on unique indexes and keep aborted transactions
 * (see /work/shared/design/ENGINES.md), so there is no fallback: the suites run against
 *   - MONGODB_URI, a replica set (transactions need one), or
 *   - MONGOMS_SYSTEM_BINARY, a mongod binary started as a single-node replica set by
 *     mongodb-memory-server-core (that binary only: nothing is downloaded),
 * and otherwise are reported as skipped, saying how to run them.
 */
export interface MongoEngine {
  uri: string;
  stop(): Promise<void>;
}

export const MONGO_SKIP =
  'MongoDB suites skipped: set MONGODB_URI (a replica set) or MONGOMS_SYSTEM_BINARY (a mongod binary) to run them';

let announcedSkip = false;

/** Decided synchronously, for the contract suites' harness factories; prints the reason once. */
export function mongoSkipReason(): string | undefined {
  if (nonEmpty(process.env.MONGODB_URI)) return undefined;
  const binary = process.env.MONGOMS_SYSTEM_BINARY;
  if (nonEmpty(binary) && existsSync(binary)) return undefined;
  const reason = nonEmpty(binary)
    ? `${MONGO_SKIP} (MONGOMS_SYSTEM_BINARY=${binary} does not exist)`
    : MONGO_SKIP;
  if (!announcedSkip) {
    announcedSkip = true;
    shout(reason);
  }
  return reason;
}

export async function startMongo(): Promise<MongoEngine | { skip: string }> {
  const skip = mongoSkipReason();
  if (skip !== undefined) return { skip };
  const uri = process.env.MONGODB_URI;
  if (nonEmpty(uri)) {
    const setName = await replicaSetName(uri);
    if (setName === undefined) {
      throw new Error(
        `MONGODB_URI (${redact(uri)}) is not a replica set: the MongoDB stores need transactions`,
      );
    }
    shout(`MongoDB suites run against MONGODB_URI=${redact(uri)} (replica set ${setName})`);
    return { uri, stop: async () => undefined };
  }
  const systemBinary = process.env.MONGOMS_SYSTEM_BINARY!;
  // Loaded only here, so a run without MongoDB never touches mongodb-memory-server-core.
  const { MongoMemoryReplSet } = await import('mongodb-memory-server-core');
  const replSet = await MongoMemoryReplSet.create({
    binary: { systemBinary },
    // wiredTiger: the in-memory test engine of older mongod versions has no transactions.
    replSet: { count: 1, storageEngine: 'wiredTiger' },
  });
  await replSet.waitUntilRunning();
  const started = replSet.getUri();
  shout(
    `MongoDB suites run against a single-node replica set from MONGOMS_SYSTEM_BINARY=${systemBinary} (${started})`,
  );
  return {
    uri: started,
    stop: async () => {
      await replSet.stop();
    },
  };
}

/** One engine per test file, started on first use; `stopSharedMongo` in a top-level `after`. */
let shared: Promise<MongoEngine> | undefined;

export function sharedMongo(): Promise<MongoEngine> {
  shared ??= startMongo().then((started) => {
    if ('skip' in started) throw new Error(started.skip);
    return started;
  });
  return shared;
}

export async function stopSharedMongo(): Promise<void> {
  if (shared === undefined) return;
  const engine = await shared.catch(() => undefined);
  shared = undefined;
  await engine?.stop();
}

/** A database name no other test uses (MongoDB allows 63 characters, no `.`, `/`, `$` or spaces). */
export function freshDatabaseName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Drops test databases, so a run against a shared MONGODB_URI leaves nothing behind. */
export async function dropDatabases(uri: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const client = await MongoClient.connect(uri);
  try {
    for (const name of names) await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}

async function replicaSetName(uri: string): Promise<string | undefined> {
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    const hello = await client.db('admin').command({ hello: 1 });
    return typeof hello.setName === 'string' ? hello.setName : undefined;
  } finally {
    await client.close();
  }
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/** Credentials in a connection string stay out of test logs. */
function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

function shout(message: string): void {
  const bar = '='.repeat(Math.min(100, message.length));
  console.warn(`\n${bar}\n${message}\n${bar}\n`);
}

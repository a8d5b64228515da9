import type { HealthIndicatorService } from '@nestjs/terminus';
import { Document, MongoClient } from 'mongodb';
import type { RegistryHealthIndicator } from '@registry/http-kit';

export interface MongoHealthOptions {
  /** A check slower than this is "down" (the probe module has its own, usually longer, bound). */
  timeoutMs?: number;
}

/**
 * `/readyz`'s MongoDB check: a `ping` answered in time, by a replica set member that is writable
 * primary. A standalone server is reported down, because the stores' transactions need a replica set.
 */
export function mongoHealthIndicator(
  client: MongoClient,
  options: MongoHealthOptions = {},
): RegistryHealthIndicator {
  const timeoutMs = options.timeoutMs ?? 2_000;
  return {
    key: 'mongodb',
    async check(health: HealthIndicatorService) {
      const session = health.check('mongodb');
      try {
        const admin = client.db('admin');
        await withTimeout(admin.command({ ping: 1 }), timeoutMs, 'ping');
        const hello = await withTimeout(admin.command({ hello: 1 }), timeoutMs, 'hello');
        const problem = replicaSetProblem(hello);
        if (problem !== undefined) return session.down({ message: problem });
        return session.up({ replicaSet: String(hello.setName) });
      } catch (error: unknown) {
        return session.down({ message: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}

function replicaSetProblem(hello: Document): string | undefined {
  if (typeof hello.setName !== 'string') {
    return 'not a replica set member: the MongoDB stores need a replica set for transactions';
  }
  if (hello.isWritablePrimary !== true) return `no writable primary in replica set ${hello.setName}`;
  return undefined;
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`MongoDB ${what} got no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

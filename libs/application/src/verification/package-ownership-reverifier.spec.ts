import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { RegistryError } from '@registry/domain/entry';
import { ServerJson } from '@registry/domain/server-json/server-json';
import { SqliteEventStore, SqliteReadModel } from '@registry/store-sqlite';
import { EventLogBuilder } from '@test/support/event-log-builder';
import { RecordOwnershipCheckHandler } from '../commands/record-ownership-check';
import { EntryRepository } from '../entries/entry-repository';
import { EntryWriter } from '../entries/entry-writer';
import { InProcessJobQueue } from '../jobs/in-process-job-queue';
import { EVENT_STORE, JOB_QUEUE, PACKAGE_OWNERSHIP, PackageOwnershipCheck, READ_MODEL } from '../ports';
import { CLOCK, ID_GENERATOR, systemIds } from '../system/system.ports';
import { OWNERSHIP_CHECK_QUEUE } from './ownership-queues';
import { OWNERSHIP_REVERIFIER_SETTINGS, PackageOwnershipReverifier } from './package-ownership-reverifier';

const NS = 'io.github.test-registry';
const NOW = new Date('2025-07-01T00:00:00.000Z');
const npm = (identifier: string): Partial<ServerJson> => ({
  packages: [{ registryType: 'npm', identifier, version: '1.0.0', transport: { type: 'stdio' } }],
});
const TRANSIENT =
  "NPM upstream error fetching metadata for package 'w' (status: 503). Likely transient, retry later";
const NOT_YOURS =
  "NPM package 'f' version '1.0.0' ownership validation failed. Expected mcpName 'x', got 'y'";

/** The package registries, scripted per server name: each answer is used once, the last one for good. */
class ScriptedRegistries implements PackageOwnershipCheck {
  readonly calls: string[] = [];
  private readonly answers = new Map<string, Array<string[] | Error>>();

  answer(name: string, ...answers: Array<string[] | Error>): void {
    this.answers.set(name, answers);
  }

  async verify(server: ServerJson): Promise<Array<{ message: string }>> {
    this.calls.push(`${server.name}@${server.version}`);
    const queue = this.answers.get(server.name) ?? [];
    const next = queue.length > 1 ? queue.shift() : queue[0];
    if (next instanceof Error) throw next;
    return (next ?? []).map((message) => ({ message }));
  }
}

async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

@Module({})
class ReverifierTestModule {}

describe('PackageOwnershipReverifier (in-process queue, SQLite store and read model)', () => {
  let dir: string;
  let log: EventLogBuilder;
  let store: SqliteEventStore;
  let readModel: SqliteReadModel;
  let jobs: InProcessJobQueue;
  let registries: ScriptedRegistries;
  let app: INestApplicationContext;
  let reverifier: PackageOwnershipReverifier;
  let seeded = 0;
  let projected = 0;

  /** Appends the builder's events to the store (claiming names as publish does) and projects them. */
  async function seed(): Promise<void> {
    for (const event of log.events.slice(seeded)) {
      const claims =
        event.type === 'server.entry.created'
          ? [{ op: 'claim' as const, scope: 'name' as const, key: (event.data as { name: string }).name }]
          : [];
      await store.append({
        streamId: event.streamId,
        expectedVersion: event.streamVersion - 1,
        events: [event],
        claims,
      });
    }
    seeded = log.events.length;
    await project();
  }

  async function project(): Promise<void> {
    const events = await store.readFrom(projected, 10_000);
    if (events.length === 0) return;
    await readModel.apply({ events, checkpoint: { log: events.at(-1)!.position } });
    projected = events.at(-1)!.position;
  }

  /** The ownership checks recorded in the log, as `name@version outcome [failures]`. */
  async function recorded(): Promise<string[]> {
    const names = new Map<string, string>();
    const out: string[] = [];
    for (const e of await store.readFrom(0, 100_000)) {
      if (e.type === 'server.entry.created') names.set(e.streamId, (e.data as { name: string }).name);
      if (e.type !== 'server.version.ownership-checked') continue;
      const d = e.data as { version: string; outcome: string; failures: string[] };
      out.push(
        `${names.get(e.streamId)}@${d.version} ${d.outcome}${d.failures.length ? ` ${d.failures.join('|')}` : ''}`,
      );
    }
    return out.sort();
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reverifier-'));
    log = new EventLogBuilder()
      .publish('io.github.alice/weather', '1.0.0', npm('w'))
      .publish('io.github.alice/weather', '1.1.0', npm('w'))
      .publish('io.github.bob/files', '0.1.0', npm('f'))
      .publish('com.example/remote', '1.0.0', {
        remotes: [{ type: 'streamable-http', url: 'https://r.example.com' }],
      })
      .publish('io.github.carol/gone', '1.0.0', npm('g'))
      .status('io.github.carol/gone', '1.0.0', 'deleted');
    store = new SqliteEventStore(join(dir, 'events.db'));
    readModel = new SqliteReadModel(join(dir, 'read.db'), NS);
    jobs = new InProcessJobQueue();
    registries = new ScriptedRegistries();
    registries.answer('io.github.bob/files', [NOT_YOURS]);
    seeded = 0;
    projected = 0;
    app = await NestFactory.createApplicationContext(
      {
        module: ReverifierTestModule,
        imports: [CqrsModule.forRoot()],
        providers: [
          { provide: EVENT_STORE, useValue: store },
          { provide: READ_MODEL, useValue: readModel },
          { provide: JOB_QUEUE, useValue: jobs },
          { provide: PACKAGE_OWNERSHIP, useValue: registries },
          { provide: CLOCK, useValue: { now: () => NOW } },
          { provide: ID_GENERATOR, useValue: systemIds },
          { provide: OWNERSHIP_REVERIFIER_SETTINGS, useValue: { checkAttempts: 3, checkBackoffMs: 5 } },
          EntryRepository,
          EntryWriter,
          RecordOwnershipCheckHandler,
          PackageOwnershipReverifier,
        ],
      },
      { logger: false },
    );
    reverifier = app.get(PackageOwnershipReverifier);
  });

  afterEach(async () => {
    await jobs.close();
    await app.close();
    await store.close();
    readModel.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the scheduled sweep checks every server's latest visible version with packages, past one page", async () => {
    for (let i = 0; i < 101; i++)
      log.publish(`io.github.filler/s-${String(i).padStart(3, '0')}`, '2.0.0', npm(`s${i}`));
    await seed();
    reverifier.startWorkers();
    await reverifier.scheduleSweep(3_600_000);
    await eventually('103 outcomes are recorded', async () => (await recorded()).length === 103);

    assert.equal(registries.calls.length, 103, 'one check per server, none twice');
    assert.ok(registries.calls.includes('io.github.alice/weather@1.1.0'), 'the latest version');
    assert.ok(registries.calls.includes('io.github.filler/s-100@2.0.0'), 'the second page too');
    assert.ok(!registries.calls.includes('io.github.alice/weather@1.0.0'), 'not older versions');
    assert.ok(!registries.calls.some((c) => c.startsWith('io.github.carol/')), 'not deleted servers');
    assert.ok(
      !registries.calls.some((c) => c.startsWith('com.example/remote')),
      'not servers without packages',
    );
    const outcomes = await recorded();
    assert.ok(outcomes.includes('io.github.alice/weather@1.1.0 verified'));
    assert.ok(outcomes.includes(`io.github.bob/files@0.1.0 failed ${NOT_YOURS}`));

    await project();
    const bob = JSON.parse((await readModel.getVersion('io.github.bob/files', '0.1.0', false))!) as {
      _meta: Record<string, { packageOwnership?: { status: string; failures?: string[] } }>;
    };
    assert.deepEqual(bob._meta[`${NS}/entry`]?.packageOwnership, {
      status: 'failed',
      checkedAt: NOW.toISOString(),
      failures: [NOT_YOURS],
    });
  });

  it('a sweep that finds nothing changed records nothing; a changed outcome is recorded', async () => {
    await seed();
    reverifier.startWorkers();
    assert.equal(await reverifier.sweep(), 2);
    await eventually('two outcomes', async () => (await recorded()).length === 2);

    // An outcome is in the log a moment before its job ends, and a sweep is de-duplicated against
    // jobs still running: sweep again until a new round of checks has run.
    const sweepUntil = async (what: string, done: () => boolean | Promise<boolean>): Promise<void> => {
      let lastSweep = 0;
      await eventually(what, async () => {
        if (await done()) return true;
        if (Date.now() - lastSweep >= 50) {
          lastSweep = Date.now();
          await reverifier.sweep();
        }
        return false;
      });
    };
    await sweepUntil('checked again', () => registries.calls.length >= 4);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await recorded()).length, 2, 'an unchanged outcome is not news');

    registries.answer('io.github.bob/files', []);
    await sweepUntil('bob verified', async () =>
      (await recorded()).includes('io.github.bob/files@0.1.0 verified'),
    );
  });

  it('an inconclusive registry answer is retried, and never recorded as a failure', async () => {
    await seed();
    registries.answer('io.github.alice/weather', [TRANSIENT], []);
    reverifier.startWorkers();
    await reverifier.requestCheck('io.github.alice/weather');
    await eventually('alice verified', async () =>
      (await recorded()).includes('io.github.alice/weather@1.1.0 verified'),
    );
    assert.deepEqual(registries.calls, ['io.github.alice/weather@1.1.0', 'io.github.alice/weather@1.1.0']);

    // Inconclusive on every try: dead-lettered, nothing recorded; the next sweep tries again.
    registries.answer('io.github.bob/files', [TRANSIENT]);
    await reverifier.requestCheck('io.github.bob/files');
    await eventually(
      'a dead letter',
      async () => (await jobs.deadLetters(OWNERSHIP_CHECK_QUEUE)).length === 1,
    );
    const [dead] = await jobs.deadLetters(OWNERSHIP_CHECK_QUEUE);
    assert.equal(dead?.jobId, 'io.github.bob/files@0.1.0');
    assert.equal(dead?.attempts, 3);
    assert.match(dead?.error ?? '', /could not confirm ownership: .*Likely transient/);
    assert.ok(!(await recorded()).some((r) => r.startsWith('io.github.bob/')));

    registries.answer('io.github.bob/files', []);
    await reverifier.sweep();
    await eventually('bob verified', async () =>
      (await recorded()).includes('io.github.bob/files@0.1.0 verified'),
    );
    assert.deepEqual(await jobs.deadLetters(OWNERSHIP_CHECK_QUEUE), []);
  });

  it('a check that throws is retried with backoff, then dead-lettered with its error', async () => {
    await seed();
    registries.answer('io.github.bob/files', new Error('socket hang up'));
    reverifier.startWorkers();
    await reverifier.requestCheck('io.github.bob/files', '0.1.0');
    await eventually(
      'a dead letter',
      async () => (await jobs.deadLetters(OWNERSHIP_CHECK_QUEUE)).length === 1,
    );
    assert.deepEqual(await jobs.deadLetters(OWNERSHIP_CHECK_QUEUE), [
      {
        jobId: 'io.github.bob/files@0.1.0',
        data: { name: 'io.github.bob/files', version: '0.1.0' },
        error: 'socket hang up',
        attempts: 3,
      },
    ]);
  });

  it('requestCheck enqueues the latest version now; unknown or deleted servers are not found', async () => {
    await seed();
    reverifier.startWorkers();
    assert.equal(await reverifier.requestCheck('io.github.bob/files'), 'io.github.bob/files@0.1.0');
    await eventually('bob recorded', async () => (await recorded()).length === 1);
    for (const [name, version] of [
      ['io.github.nobody/x', 'latest'],
      ['io.github.carol/gone', 'latest'],
      ['io.github.alice/weather', '9.9.9'],
    ] as const) {
      await assert.rejects(
        reverifier.requestCheck(name, version),
        (e: unknown) => e instanceof RegistryError && e.kind === 'not-found',
      );
    }
  });

  it('skips a version that was deleted after it was queued', async () => {
    await seed();
    await reverifier.check({ name: 'io.github.carol/gone', version: '1.0.0' }, { attempt: 1, jobId: 'x' });
    assert.deepEqual(registries.calls, []);
    assert.deepEqual(await recorded(), []);
  });
});

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { renderVersionResponse } from '@registry/domain/changes';
import { EventEnvelope, rfc3339ToMicros } from '@registry/domain/entry';
import { sampleLog } from '@test/support/event-log-builder';
import type { ProjectedReadModel, ReadModelHarness } from './read-model.contract';

const OLD = 'io.github.alice/weather';
const NEW = 'com.example/weather';

function batchOf(events: EventEnvelope[]) {
  return { events, checkpoint: { log: events.at(-1)?.position ?? 0 } };
}

/** Every document, in list order. */
async function all(model: ProjectedReadModel): Promise<string[]> {
  return (await model.listServers({ limit: 1_000, includeDeleted: true })).items;
}

/** The registry's `_meta` namespace, read off a rendered response's `<ns>/entry` key. */
function metaNamespaceOf(response: string): string {
  const meta = (JSON.parse(response) as { _meta: Record<string, unknown> })._meta;
  return Object.keys(meta)
    .find((k) => k.endsWith('/entry'))!
    .slice(0, -'/entry'.length);
}

/**
 * The rename cases of the ReadModel contract (registered inside its describe, `opened` being the model
 * its beforeEach opened, which each case closes): rows move to the new name with the bytes the entry
 * renders, the former name redirects until an entry takes it, and the outcome is the same however the
 * log is cut into batches.
 */
export function readModelRenameCases(harness: ReadModelHarness, opened: () => ProjectedReadModel): void {
  it('moves a renamed entry with every version, rendered as the entry renders them', async () => {
    const model = opened();
    const log = sampleLog().rename(OLD, NEW);
    await model.apply(batchOf(log.events));
    const state = log.stateOf(NEW)!;
    const ns = metaNamespaceOf((await model.getVersion(NEW, 'latest', true))!);
    for (const version of state.versions.keys()) {
      assert.equal(await model.getVersion(NEW, version, true), renderVersionResponse(state, version, ns));
      assert.equal(await model.getVersion(OLD, version, true), undefined);
    }
    assert.equal((await model.listVersions(NEW, true)).length, 3);
    assert.deepEqual(await model.listVersions(OLD, true), []);
    assert.equal(await model.getVersion(NEW, 'latest', false), renderVersionResponse(state, '1.1.0', ns));
    assert.equal(await model.getByServerId(state.entryId, false), renderVersionResponse(state, '1.1.0', ns));
    // updated_since sees every moved version (its server.json changed).
    const renamedAt = (log.events.at(-1)!.data as { renamedAt: string }).renamedAt;
    const since = await model.listServers({
      limit: 100,
      includeDeleted: true,
      updatedSinceMicros: rfc3339ToMicros(renamedAt) - 1,
    });
    assert.equal(since.items.length, 3);
    await harness.close(model);
  });

  it('redirects a former name until another entry takes it, and follows renames back', async () => {
    const model = opened();
    const log = sampleLog().rename(OLD, NEW);
    await model.apply(batchOf(log.events));
    assert.equal(await model.renamedTo(OLD), NEW);
    assert.equal(await model.renamedTo(NEW), undefined);
    assert.equal(await model.renamedTo('io.github.nobody/never'), undefined);
    const applied = log.events.length;
    log.rename(NEW, 'com.example/weather2');
    await model.apply(batchOf(log.events.slice(applied)));
    assert.equal(
      await model.renamedTo(OLD),
      'com.example/weather2',
      'a chain of renames ends at the name now',
    );
    assert.equal(await model.renamedTo(NEW), 'com.example/weather2');
    const second = log.events.length;
    log.publish(OLD, '9.0.0');
    await model.apply(batchOf(log.events.slice(second)));
    assert.equal(await model.renamedTo(OLD), undefined, 'the name is taken again');
    assert.ok(await model.getVersion(OLD, '9.0.0', false));
    const third = log.events.length;
    log.rename('com.example/weather2', NEW);
    await model.apply(batchOf(log.events.slice(third)));
    assert.equal(await model.renamedTo(NEW), undefined, 'renamed back: the name is held again');
    assert.equal(await model.renamedTo('com.example/weather2'), NEW);
    await harness.close(model);
  });

  it('ends the same whether the renames come in one batch or one event at a time, with re-deliveries', async () => {
    const log = sampleLog()
      .publish(OLD, '2.0.0')
      .rename(OLD, NEW)
      .status(NEW, '1.0.0', 'deprecated', 'moved')
      .publish(OLD, '0.1.0')
      .rename(NEW, 'com.example/weather2');
    const whole = opened();
    await whole.apply(batchOf(log.events));
    const expected = await all(whole);
    await harness.close(whole);
    const stepwise = await harness.open();
    for (let i = 0; i < log.events.length; i += 2) {
      await stepwise.apply(batchOf(log.events.slice(Math.max(0, i - 1), i + 2)));
    }
    assert.deepEqual(await all(stepwise), expected);
    assert.equal(await stepwise.renamedTo(NEW), 'com.example/weather2');
    assert.equal(await stepwise.renamedTo(OLD), undefined);
    await harness.close(stepwise);
  });
}

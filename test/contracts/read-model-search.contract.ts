import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ServerSearchQuery } from '@registry/application/ports';
import { decodeSearchCursor, searchWords } from '@registry/application/search';
import { EventEnvelope } from '@registry/domain/entry';
import { EventLogBuilder } from '@test/support/event-log-builder';
import type { ProjectedReadModel, ReadModelHarness } from './read-model.contract';

function batchOf(events: EventEnvelope[]) {
  return { events, checkpoint: { log: events.at(-1)?.position ?? 0 } };
}

const npm = (identifier: string) => ({
  registryType: 'npm',
  identifier,
  version: '1.0.0',
  transport: { type: 'stdio' as const },
});

/** Servers whose words sit in different fields, a few versions, a deprecated and a deleted one. */
function searchLog(): EventLogBuilder {
  return new EventLogBuilder()
    .publish('io.github.alice/weather', '1.0.0', { description: 'Forecasts for any city' })
    .publish('io.github.alice/weather', '1.1.0', {
      title: 'Alice Weather',
      description: 'Forecasts for any city',
      packages: [npm('@alice/weather-mcp')],
    })
    .publish('io.github.bob/almanac', '0.1.0', { description: 'Tides, moons and the weather of old' })
    .publish('io.github.carol/tools', '2.0.0', {
      description: 'Sundry tools',
      remotes: [{ type: 'streamable-http', url: 'https://mcp.climate-hub.example/mcp' }],
    })
    .publish('io.github.dave/radar', '1.0.0', {
      title: 'Rain radar',
      description: 'Radar images',
      packages: [npm('@dave/storm-watch')],
    })
    .status('io.github.dave/radar', '1.0.0', 'deprecated', 'see radar2')
    .publish('io.github.erin/gone', '1.0.0', { description: 'A weather service that was removed' })
    .status('io.github.erin/gone', '1.0.0', 'deleted');
}

const query = (text: string, extra: Partial<ServerSearchQuery> = {}): ServerSearchQuery => ({
  words: searchWords(text),
  limit: 30,
  includeDeleted: false,
  versions: 'latest',
  ...extra,
});

const keysOf = (items: string[]) =>
  items.map((d) => {
    const { server } = JSON.parse(d) as { server: { name: string; version: string } };
    return `${server.name}@${server.version}`;
  });

async function found(model: ProjectedReadModel, text: string, extra: Partial<ServerSearchQuery> = {}) {
  return keysOf((await model.searchServers(query(text, extra))).items);
}

/** Every hit of a search, page by page (`limit` each) through nextCursor. */
async function paged(model: ProjectedReadModel, q: ServerSearchQuery): Promise<string[]> {
  const out: string[] = [];
  for (let after: ServerSearchQuery['after']; ;) {
    const page = await model.searchServers({ ...q, ...(after !== undefined ? { after } : {}) });
    out.push(...keysOf(page.items));
    if (page.nextCursor === undefined) return out;
    assert.equal(page.items.length, q.limit, 'nextCursor only when the page is full');
    after = decodeSearchCursor(page.nextCursor);
    assert.ok(after !== undefined, 'a cursor the registry made decodes');
  }
}

/** What a set of searches answers, to compare two read models. */
async function answers(model: ProjectedReadModel): Promise<string[][]> {
  const queries = [
    query('weather'),
    query('weather', { versions: 'all', includeDeleted: true }),
    query('forecasts city'),
    query('radar', { status: 'deprecated' }),
    query('weather', { status: 'deleted', versions: 'all' }),
  ];
  return Promise.all(queries.map(async (q) => keysOf((await model.searchServers(q)).items)));
}

/**
 * The full-text search cases of the ReadModel contract (registered inside its describe, `opened`
 * being the model its beforeEach opened, which each case closes). Whole words only: every store
 * matches those, while matching a prefix of the last word is SQLite's alone.
 */
export function readModelSearchCases(harness: ReadModelHarness, opened: () => ProjectedReadModel): void {
  it('search: ranks a name match above a description match, and finds title, identifiers and hosts', async () => {
    const model = opened();
    await model.apply(batchOf(searchLog().events));
    const weather = await found(model, 'weather');
    assert.equal(weather[0], 'io.github.alice/weather@1.1.0', weather.join(' '));
    assert.deepEqual(weather.slice(1), ['io.github.bob/almanac@0.1.0']);
    assert.deepEqual(await found(model, 'rain'), ['io.github.dave/radar@1.0.0'], 'title');
    assert.deepEqual(await found(model, 'storm-watch'), ['io.github.dave/radar@1.0.0'], 'package identifier');
    assert.deepEqual(await found(model, 'climate-hub'), ['io.github.carol/tools@2.0.0'], 'remote host');
    assert.deepEqual(await found(model, 'mcp.climate-hub.example'), ['io.github.carol/tools@2.0.0']);
    assert.deepEqual(
      await found(model, 'io.github.bob/almanac'),
      ['io.github.bob/almanac@0.1.0'],
      'a whole name',
    );
    assert.deepEqual(
      await found(model, 'TIDES Moons'),
      ['io.github.bob/almanac@0.1.0'],
      'every word, any case',
    );
    assert.deepEqual(await found(model, 'tides weather radar'), []);
    assert.deepEqual(await found(model, 'nowhere'), []);
    assert.deepEqual(await found(model, '?!'), [], 'no words, no hits');
    await harness.close(model);
  });

  it('search: latest versions by default, every version on request, deleted ones hidden unless asked', async () => {
    const model = opened();
    await model.apply(batchOf(searchLog().events));
    assert.deepEqual((await found(model, 'forecasts', { versions: 'all' })).sort(), [
      'io.github.alice/weather@1.0.0',
      'io.github.alice/weather@1.1.0',
    ]);
    assert.ok(!(await found(model, 'removed')).length);
    assert.deepEqual(await found(model, 'removed', { includeDeleted: true }), ['io.github.erin/gone@1.0.0']);
    assert.deepEqual(await found(model, 'removed', { status: 'deleted' }), ['io.github.erin/gone@1.0.0']);
    assert.deepEqual(await found(model, 'radar', { status: 'deprecated' }), ['io.github.dave/radar@1.0.0']);
    assert.deepEqual(await found(model, 'radar', { status: 'active' }), []);
    assert.deepEqual(await found(model, 'weather', { status: 'active' }), [
      'io.github.alice/weather@1.1.0',
      'io.github.bob/almanac@0.1.0',
    ]);
    await harness.close(model);
  });

  it('search: pages through every hit once, in rank order, whatever the page size', async () => {
    const model = opened();
    const log = searchLog();
    for (let i = 0; i < 7; i++)
      log.publish(`io.github.many/server-${i}`, '1.0.0', { description: 'weather too' });
    await model.apply(batchOf(log.events));
    const all = keysOf((await model.searchServers(query('weather', { versions: 'all', limit: 100 }))).items);
    assert.equal(all.length, 10);
    for (const limit of [1, 2, 3, 10]) {
      assert.deepEqual(
        await paged(model, query('weather', { versions: 'all', limit })),
        all,
        `limit ${limit}`,
      );
    }
    await harness.close(model);
  });

  it('search: follows edits, status changes and renames', async () => {
    const model = opened();
    const log = searchLog();
    await model.apply(batchOf(log.events));
    const before = log.events.length;
    log
      .edit('io.github.alice/weather', '1.1.0', 'Hurricane tracking')
      .status('io.github.dave/radar', '1.0.0', 'active')
      .rename('io.github.bob/almanac', 'io.github.bob/ephemeris');
    await model.apply(batchOf(log.events.slice(before)));
    assert.deepEqual(await found(model, 'hurricane'), ['io.github.alice/weather@1.1.0']);
    assert.deepEqual(await found(model, 'city'), [], 'the edited-away words of the latest');
    assert.deepEqual(await found(model, 'city', { versions: 'all' }), ['io.github.alice/weather@1.0.0']);
    assert.deepEqual(await found(model, 'radar', { status: 'active' }), ['io.github.dave/radar@1.0.0']);
    assert.deepEqual(await found(model, 'ephemeris'), ['io.github.bob/ephemeris@0.1.0']);
    assert.deepEqual(await found(model, 'almanac', { versions: 'all', includeDeleted: true }), []);
    await harness.close(model);
  });

  it('search: answers alike however the log was cut into batches, after a restart, and after a rebuild', async () => {
    const log = searchLog()
      .publish('io.github.alice/weather', '1.2.0', { description: 'Storm warnings' })
      .edit('io.github.alice/weather', '1.0.0', 'First weather release')
      .rename('io.github.carol/tools', 'io.github.carol/weather-tools')
      .status('io.github.alice/weather', '1.2.0', 'deleted');
    const whole = opened();
    await whole.apply(batchOf(log.events));
    const expected = await answers(whole);
    assert.ok(
      expected.every((hits) => hits.length > 0),
      JSON.stringify(expected),
    );
    let one = await harness.open();
    for (const event of log.events) await one.apply(batchOf([event]));
    assert.deepEqual(await answers(one), expected, 'one event per batch');
    one = await harness.reopen(one);
    assert.deepEqual(await answers(one), expected, 'after a restart');
    await harness.close(one);
    if (harness.rebuild !== undefined) {
      const rebuilt = await harness.rebuild(log.events);
      assert.deepEqual(await answers(rebuilt), expected, 'rebuilt from the log');
      await harness.close(rebuilt);
    }
    await harness.close(whole);
  });
}

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DELIVERY_QUEUE } from '@registry/application';
import {
  STATUS_REASONS,
  SubscriptionStatusChanged,
  VERIFICATION_EVENT_TYPE,
} from '@registry/domain/subscription';
import { ReceivedWebhook } from '@test/support/fakes/webhook-receiver';
import { DeliveryRig, RETENTION_MS, changesOf, jittered } from './delivery-rig';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PUBLISHED = { types: ['server.version.published' as const] };

const isChange = (r: ReceivedWebhook): boolean =>
  ((r.json as { type?: string } | undefined)?.type ?? '').startsWith('server.');

/**
 * The delivery path of issue 8 on real components (SQLite log and delivery store, the Standard
 * Webhooks sender, a loopback receiver) with time in the test's hands: the retry schedule and its
 * jitter, Retry-After, 410, redirects, per-entry order, pausing, and the subscription's own states.
 */
describe('DeliveryDispatcher: the retry schedule, the endpoint answers and per-entry order', () => {
  let rig: DeliveryRig;
  beforeEach(() => {
    rig = DeliveryRig.open();
  });
  afterEach(() => rig.close());

  it('retries a 503 after 5 s, 5 min, ... (each +5 % with the fixed jitter), dead-letters the 8th failure, marks the subscription failing; a success makes it active', async () => {
    const receiver = await rig.receiver();
    const { subscriptionId: id } = await rig.subscribe(receiver, PUBLISHED);
    receiver.respondWith((r) => (isChange(r) ? { status: 503, body: 'down for maintenance' } : undefined));
    const sequence = await rig.publish('io.github.fed/alpha', '1.0.0');
    await rig.settle();
    const { deliveryId } = await rig.deliveryOf(id, sequence);
    const attemptTimes = [rig.now];

    const schedule = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
    for (const [i, step] of schedule.entries()) {
      const record = await rig.deliveryOf(id, sequence);
      assert.equal(record.state, 'scheduled');
      assert.equal(record.attempts.length, i + 1);
      const job = rig.jobsOf(deliveryId).at(-1)!;
      assert.equal(job.options.delayMs, jittered(step), `the delay before attempt ${i + 2}`);
      assert.ok(Math.abs(job.options.delayMs! - step) <= step * 0.1, 'within ±10 % of the schedule');
      assert.equal(record.nextAttemptAt, new Date(rig.now + jittered(step)).toISOString());
      rig.advance(jittered(step) - 1);
      await rig.settle();
      assert.equal(changesOf(receiver).length, i + 1, 'nothing is sent before it is due');
      rig.advance(1);
      await rig.settle();
      attemptTimes.push(rig.now);
    }

    const dead = await rig.deliveryOf(id, sequence);
    assert.equal(dead.state, 'dead');
    assert.equal(dead.nextAttemptAt, null);
    assert.deepEqual(
      dead.attempts.map((a) => [a.attempt, a.at, a.outcome, a.status, a.responseSnippet]),
      attemptTimes.map((t, i) => [i + 1, new Date(t).toISOString(), 'failed', 503, 'down for maintenance']),
    );
    assert.equal(rig.jobsOf(deliveryId).length, 8, 'one job per attempt, none after the last');
    assert.deepEqual(rig.jobs.waiting(DELIVERY_QUEUE), []);
    const sent = changesOf(receiver);
    assert.equal(sent.length, 8);
    assert.equal(new Set(sent.map((s) => s.request.headers['webhook-id'])).size, 1, 'the same webhook-id');
    assert.ok(sent[0]!.request.verified, sent[0]!.request.verificationError);

    const failing = await rig.subscription(id);
    assert.equal(failing.status, 'failing');
    assert.match(failing.statusReason, /8 attempts failed; last error: HTTP 503/);
    const logged = (await rig.statusEvents(id)).at(-1)!;
    assert.equal((logged.data as SubscriptionStatusChanged['data']).status, 'failing');
    assert.equal(logged.occurredAt, new Date(rig.now).toISOString());

    receiver.respondWith(undefined);
    const retried = await rig.deliveryApi.retry(rig.owner, id, deliveryId);
    assert.equal(retried.state, 'scheduled');
    await rig.settle();
    const delivered = await rig.deliveryOf(id, sequence);
    assert.equal(delivered.state, 'delivered');
    assert.deepEqual(delivered.attempts.at(-1)!.attempt, 9, 'a retry by hand continues the numbering');
    const active = await rig.subscription(id);
    assert.equal(active.status, 'active');
    assert.equal(active.statusReason, STATUS_REASONS.deliveredAgain);
  });

  it('stretches the next attempt to a Retry-After of 120 s, and never shortens the schedule for a smaller one', async () => {
    const receiver = await rig.receiver();
    const { subscriptionId: id } = await rig.subscribe(receiver, PUBLISHED);
    receiver.replies.push({ status: 503, headers: { 'retry-after': '120' } });
    const first = await rig.publish('io.github.fed/beta', '1.0.0');
    await rig.settle();
    const record = await rig.deliveryOf(id, first);
    const job = rig.jobsOf(record.deliveryId).at(-1)!;
    assert.ok(job.options.delayMs! >= 120 * SECOND, `delay ${job.options.delayMs}`);
    assert.equal(job.options.delayMs, 120 * SECOND, 'the endpoint named its time: no jitter on it');
    rig.advance(jittered(5 * SECOND));
    await rig.settle();
    assert.equal(changesOf(receiver).length, 1, 'not retried on the 5 s step');
    rig.advance(120 * SECOND - jittered(5 * SECOND));
    await rig.settle();
    assert.equal((await rig.deliveryOf(id, first)).state, 'delivered');
    assert.equal(changesOf(receiver).length, 2);

    receiver.replies.push({ status: 429, headers: { 'retry-after': '1' } });
    const second = await rig.publish('io.github.fed/beta', '1.1.0');
    await rig.settle();
    const short = rig.jobsOf((await rig.deliveryOf(id, second)).deliveryId).at(-1)!;
    assert.equal(short.options.delayMs, jittered(5 * SECOND));
  });

  it('prunes finished deliveries once they are older than the retention, and keeps unfinished ones', async () => {
    const receiver = await rig.receiver();
    const { subscriptionId: id } = await rig.subscribe(receiver, PUBLISHED);
    const delivered = await rig.publish('io.github.fed/old', '1.0.0');
    await rig.settle();
    assert.equal((await rig.deliveryOf(id, delivered)).state, 'delivered');
    receiver.respondWith((r) => (isChange(r) ? { status: 503 } : undefined));
    const retrying = await rig.publish('io.github.fed/other', '1.0.0');
    await rig.settle();

    rig.advance(RETENTION_MS - HOUR);
    assert.equal(await rig.worker.prune(), 0, 'not old enough yet');
    rig.advance(2 * HOUR);
    assert.ok((await rig.worker.prune()) >= 1);
    await assert.rejects(rig.deliveryOf(id, delivered), /no delivery/);
    assert.equal((await rig.deliveryOf(id, retrying)).state, 'scheduled', 'an unfinished delivery stays');
  });

  it('disables the subscription on a 410, with the reason in the log, and queues nothing more for it', async () => {
    const receiver = await rig.receiver();
    const { subscriptionId: id } = await rig.subscribe(receiver, PUBLISHED);
    receiver.respondWith((r) => (isChange(r) ? { status: 410 } : undefined));
    const sequence = await rig.publish('io.github.fed/gamma', '1.0.0');
    await rig.settle();

    const record = await rig.deliveryOf(id, sequence);
    assert.equal(record.state, 'dead');
    assert.deepEqual(
      record.attempts.map((a) => [a.outcome, a.status]),
      [['gone', 410]],
    );
    assert.equal(rig.jobsOf(record.deliveryId).length, 1, 'no retry after 410');
    const disabled = await rig.subscription(id);
    assert.equal(disabled.status, 'disabled');
    const logged = (await rig.statusEvents(id)).at(-1)!.data as SubscriptionStatusChanged['data'];
    assert.equal(logged.status, 'disabled');
    assert.equal(logged.reason, STATUS_REASONS.gone);
    assert.match(logged.reason, /410/);

    await rig.publish('io.github.fed/gamma', '1.1.0');
    rig.advance(HOUR);
    await rig.settle();
    assert.equal(changesOf(receiver).length, 1);
    const { items } = await rig.deliveries.list(id, { limit: 10 });
    assert.deepEqual(
      items.filter((d) => d.type !== VERIFICATION_EVENT_TYPE).map((d) => d.sequence),
      [sequence],
      'a disabled subscription is given no delivery',
    );
  });

  it('never follows a redirect: a 302 is a failure naming the Location, and the receiver sees one request', async () => {
    const receiver = await rig.receiver();
    const { subscriptionId: id } = await rig.subscribe(receiver, PUBLISHED);
    const before = receiver.requests.length;
    receiver.respondWith((r) =>
      isChange(r) ? { status: 302, headers: { location: '/moved-here' } } : undefined,
    );
    const sequence = await rig.publish('io.github.fed/delta', '1.0.0');
    await rig.settle();

    assert.equal(receiver.requests.length - before, 1, 'exactly one request: the redirect was not followed');
    assert.ok(receiver.requests.every((r) => r.path !== '/moved-here'));
    const record = await rig.deliveryOf(id, sequence);
    assert.equal(record.state, 'scheduled');
    const [attempt] = record.attempts;
    assert.equal(attempt!.outcome, 'failed');
    assert.equal(attempt!.status, 302);
    assert.equal(attempt!.error, `redirect to http://127.0.0.1:${receiver.port}/moved-here (not followed)`);
    assert.equal(rig.jobsOf(record.deliveryId).at(-1)!.options.delayMs, jittered(5 * SECOND));
  });

  it("holds a later change of an entry while an earlier one is retried, lets other entries' changes go, then sends it", async () => {
    const receiver = await rig.receiver();
    const { subscriptionId: id } = await rig.subscribe(receiver, PUBLISHED);
    receiver.replies.push({ status: 503 });
    const a1 = await rig.publish('io.github.fed/a', '1.0.0');
    await rig.settle();
    const a2 = await rig.publish('io.github.fed/a', '2.0.0');
    const b1 = await rig.publish('io.github.fed/b', '1.0.0');
    await rig.settle();

    const sentSequences = () => changesOf(receiver).map((c) => c.change.data.sequence);
    assert.deepEqual(sentSequences(), [a1, b1], "B's change went out; A's second did not");
    const held = await rig.deliveryOf(id, a2);
    assert.equal(held.state, 'held');
    assert.deepEqual(rig.jobsOf(held.deliveryId), [], 'a held delivery has no job');
    assert.equal((await rig.deliveryOf(id, b1)).state, 'delivered');

    rig.advance(jittered(5 * SECOND));
    await rig.settle();
    assert.deepEqual(sentSequences(), [a1, b1, a1, a2]);
    for (const sequence of [a1, a2, b1])
      assert.equal((await rig.deliveryOf(id, sequence)).state, 'delivered');
    assert.equal((await rig.deliveryOf(id, a2)).attempts.length, 1);
  });

  it('verifies a new URL at once, while the handshake to the old URL is still being retried', async () => {
    const broken = await rig.receiver();
    broken.answerHandshake = false;
    broken.respondWith(() => ({ status: 503 }));
    const { subscription } = await rig.commands.create(rig.owner, { url: broken.url, filter: {} });
    await rig.settle();
    assert.equal((await rig.subscription(subscription.subscriptionId)).status, 'pending');
    assert.equal(broken.requests.length, 1, 'the first handshake failed and waits 5 s for its retry');

    const fixed = await rig.receiver();
    await rig.commands.update(rig.owner, subscription.subscriptionId, { url: fixed.url });
    await rig.settle();
    assert.equal((await rig.subscription(subscription.subscriptionId)).status, 'active');
    assert.ok(fixed.requests.length >= 1, 'the new URL got its handshake without waiting');
  });

  it("parks a paused subscription's deliveries, and sends them in order after it is resumed and verified again", async () => {
    const receiver = await rig.receiver();
    const { subscriptionId: id } = await rig.subscribe(receiver, PUBLISHED);
    await rig.commands.update(rig.owner, id, { status: 'paused' });
    await rig.settle();
    const a1 = await rig.publish('io.github.fed/a', '1.0.0');
    const a2 = await rig.publish('io.github.fed/a', '1.1.0');
    const b1 = await rig.publish('io.github.fed/b', '1.0.0');
    await rig.settle();
    rig.advance(HOUR);
    await rig.settle();
    assert.deepEqual(changesOf(receiver), [], 'nothing goes to a paused subscription');
    assert.equal((await rig.deliveryOf(id, a1)).state, 'scheduled');
    assert.equal((await rig.deliveryOf(id, a1)).attempts.length, 0, 'parked, not attempted');
    assert.equal((await rig.deliveryOf(id, a2)).state, 'held');

    const handshakesBefore = receiver.requests.length;
    const resumed = await rig.commands.update(rig.owner, id, { status: 'active' });
    assert.equal(resumed.status, 'pending', 'resuming asks the endpoint again');
    await rig.settle();
    assert.equal((await rig.subscription(id)).status, 'active');
    const handshake = receiver.requests[handshakesBefore]!;
    assert.equal((handshake.json as { type: string }).type, 'registry.subscription.verification');
    const sent = changesOf(receiver).map((c) => c.change.data.sequence);
    assert.deepEqual(
      [...sent].sort((x, y) => x - y),
      [a1, a2, b1],
    );
    assert.ok(sent.indexOf(a1) < sent.indexOf(a2), `per-entry order: ${sent.join(', ')}`);
    for (const sequence of [a1, a2, b1])
      assert.equal((await rig.deliveryOf(id, sequence)).state, 'delivered');
  });

  it('disables a failing subscription once its failures have lasted five days', async () => {
    const receiver = await rig.receiver();
    const { subscriptionId: id } = await rig.subscribe(receiver, PUBLISHED);
    receiver.respondWith((r) => (isChange(r) ? { status: 500 } : undefined));
    await rig.publish('io.github.fed/e', '1.0.0');
    await rig.settle();
    for (let waiting = rig.jobs.waiting(DELIVERY_QUEUE); waiting.length > 0;) {
      rig.now = Math.min(...waiting.map((j) => j.dueAt));
      await rig.settle();
      waiting = rig.jobs.waiting(DELIVERY_QUEUE);
    }
    const failing = await rig.subscription(id);
    assert.equal(failing.status, 'failing');
    const since = Date.parse(failing.failingSince!);
    assert.equal(since, rig.now);

    rig.now = since + 4 * DAY;
    await rig.publish('io.github.fed/e', '1.1.0');
    await rig.publish('io.github.fed/f', '1.0.0');
    await rig.settle();
    assert.equal((await rig.subscription(id)).status, 'failing', 'four days of failures are not enough');

    rig.now = since + 5 * DAY;
    await rig.settle();
    const disabled = await rig.subscription(id);
    assert.equal(disabled.status, 'disabled');
    assert.equal(disabled.statusReason, STATUS_REASONS.failingTooLong(5));
    const logged = (await rig.statusEvents(id)).at(-1)!;
    assert.equal(logged.occurredAt, new Date(since + 5 * DAY).toISOString());

    const sent = changesOf(receiver).length;
    rig.advance(DAY);
    await rig.settle();
    assert.equal(changesOf(receiver).length, sent, 'nothing more is sent to a disabled subscription');
  });
});

import { BenchSettings } from '../bench-settings';
import { LoadResult, ServerTarget, runLoad, warmUp } from '../load/http-load';
import { processCpuSeconds } from '../load/process-cpu';
import { BenchChild } from '../processes/bench-child';
import { PacedPublisherResult } from '../processes/paced-publisher';
import { ReceiptBatch, ReceiversReady } from '../processes/webhook-receivers';
import { DeliveryPhase, FederationResult, deliveryFigures } from '../report/federation-figures';
import { FEDERATION_FILTER, createSubscriptions, deleteSubscriptions } from './federation-subscriptions';
import { anonymousToken, publishPlan } from './publish-scenario';

/** Version majors of the bulk publish loads (2 and 3 are the publish scenarios'), and of the paced streams. */
const BULK_ALONE_MAJOR = 4;
const BULK_DELIVERING_MAJOR = 5;
const PACED_MAJORS = { alone: 1, underLoad: 2 };

type Control = (path: string, body?: unknown) => Promise<unknown>;

function controlOf(port: number): Control {
  return async (path, body) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  };
}

function withoutCpu(run: LoadResult): LoadResult {
  const { cpuUsPerRequest: _shared, ...rest } = run;
  return rest;
}

/** CPU seconds of a process between two calls, or undefined off Linux. */
function cpuMeter(pid: number | undefined): () => number | undefined {
  const before = processCpuSeconds(pid);
  return () => {
    const after = processCpuSeconds(pid);
    return before !== undefined && after !== undefined ? after - before : undefined;
  };
}

/** Polls the receivers until `count` changes came in since the last take, or `seconds` passed; returns how many did. */
async function waitFor(control: Control, count: number, seconds: number): Promise<number> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const { received } = (await control('/progress')) as { received: number };
    if (received >= count || Date.now() > until) return received;
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface PhaseContext {
  registry: ServerTarget;
  receivers: BenchChild<ReceiversReady>;
  control: Control;
  settings: BenchSettings;
}

/**
 * One phase: the paced stream (in its own process) for warm-up + measured seconds, optionally beside
 * the bulk publish load, then a drain until every owed delivery is in (or the drain time ends).
 */
async function deliveryPhase(
  ctx: PhaseContext,
  label: string,
  major: number,
  bulk: boolean,
): Promise<DeliveryPhase> {
  const f = ctx.settings.federation;
  const warmupSeconds = ctx.settings.warmupSeconds;
  const token = await anonymousToken(ctx.registry.url);
  const registryCpu = cpuMeter(ctx.registry.pid);
  const receiverCpu = cpuMeter(ctx.receivers.pid);
  const started = Date.now();
  const paced = BenchChild.start<PacedPublisherResult>('paced-publisher.js', {
    env: {
      BENCH_REGISTRY_URL: ctx.registry.url,
      BENCH_TOKEN: token,
      BENCH_RATE: String(f.rate),
      BENCH_WARMUP_SECONDS: String(warmupSeconds),
      BENCH_SECONDS: String(f.seconds),
      BENCH_MAJOR: String(major),
    },
    timeoutMs: (warmupSeconds + f.seconds) * 1000 + 60_000,
  });
  const load = bulk
    ? runLoad(
        ctx.registry,
        publishPlan(token, ctx.settings.servers, BULK_DELIVERING_MAJOR),
        ctx.settings.publishConnections,
        warmupSeconds + f.seconds,
      )
    : undefined;
  const publisher = await paced;
  await publisher.stop();
  const bulkResult = load !== undefined ? withoutCpu(await load) : undefined;
  const { publishes } = publisher.ready;
  const owed = publishes.filter((p) => p.status === 200).length * f.subscriptions;
  const received = await waitFor(ctx.control, owed, f.drainSeconds);
  const wall = (Date.now() - started) / 1000;
  const registrySeconds = registryCpu();
  const receiverSeconds = receiverCpu();
  const batch = (await ctx.control('/take')) as ReceiptBatch;
  const phase = deliveryFigures(label, publishes, batch.receipts, f.subscriptions, f.rate);
  let completeAfterSeconds: number | undefined;
  if (received < owed) {
    // The rest is still queued in the registry: let it arrive before the next phase, so that phase
    // measures its own deliveries, and say how long the whole phase took to deliver.
    await waitFor(ctx.control, owed - received, f.settleSeconds);
    const rest = (await ctx.control('/take')) as ReceiptBatch;
    const all = deliveryFigures(
      label,
      publishes,
      [...batch.receipts, ...rest.receipts],
      f.subscriptions,
      f.rate,
    );
    if (all.missing === 0) {
      const firstSend = Math.min(...publishes.map((p) => p.sentAt));
      const lastReceipt = Math.max(...rest.receipts.map((r) => r[2]));
      completeAfterSeconds = (lastReceipt - firstSend) / 1000;
    }
  }
  return {
    ...phase,
    ...(completeAfterSeconds !== undefined ? { completeAfterSeconds } : {}),
    ...(registrySeconds !== undefined ? { registryCores: registrySeconds / wall } : {}),
    ...(receiverSeconds !== undefined ? { receiverCores: receiverSeconds / wall } : {}),
    ...(registrySeconds !== undefined && !bulk && phase.delivered > 0
      ? { registryCpuUsPerDelivery: (registrySeconds * 1e6) / phase.delivered }
      : {}),
    ...(bulkResult !== undefined ? { bulk: bulkResult } : {}),
  };
}

/**
 * Issue 8's delivery benchmark. On the registry under benchmark (which runs the federation worker):
 * the bulk publish load alone first, with no subscription; then `subscriptions` subscriptions
 * through the HTTP API, each to a loopback receiver in a separate process, all verified; then a
 * steady paced stream of publishes, each delivered to every subscription, timed from the publish
 * request's send to each receiver's receipt, alone and again beside the bulk publish load, whose
 * rate is compared with the one measured before the subscriptions existed.
 */
export async function runFederationScenario(
  registry: ServerTarget,
  settings: BenchSettings,
  log: (message: string) => void,
): Promise<FederationResult> {
  const f = settings.federation;
  const token = await anonymousToken(registry.url);
  const plan = publishPlan(token, settings.servers, BULK_ALONE_MAJOR);
  log(`federation: ${settings.publishConnections}-client publishes alone, no subscriptions`);
  await warmUp(registry, plan, settings.publishConnections, settings.warmupSeconds);
  const publishAlone = withoutCpu(
    await runLoad(registry, plan, settings.publishConnections, settings.seconds),
  );

  const receivers = await BenchChild.start<ReceiversReady>('webhook-receivers.js', {
    env: {
      BENCH_RECEIVER_PORTS: String(Math.min(f.receiverPorts, f.subscriptions)),
      BENCH_VERIFY_EVERY: String(f.verifyEvery),
    },
  });
  try {
    const control = controlOf(receivers.ready.control);
    log(`federation: ${f.subscriptions} subscriptions on ${receivers.ready.ports.length} receiver ports`);
    const created = await createSubscriptions(
      registry.url,
      await anonymousToken(registry.url),
      receivers.ready,
      f.subscriptions,
      control,
    );
    const ctx: PhaseContext = { registry, receivers, control, settings };
    log(`federation: ${f.rate} publishes/s to ${f.subscriptions} subscriptions`);
    const alone = await deliveryPhase(ctx, 'paced publishes alone', PACED_MAJORS.alone, false);
    log(`federation: the same beside ${settings.publishConnections}-client publishes`);
    const underLoad = await deliveryPhase(
      ctx,
      `beside ${settings.publishConnections}-client publishes`,
      PACED_MAJORS.underLoad,
      true,
    );
    const { receipts: _none, ...signatures } = (await control('/take')) as ReceiptBatch;
    await deleteSubscriptions(registry.url, await anonymousToken(registry.url), created.ids);
    return {
      subscriptions: f.subscriptions,
      receiverPorts: receivers.ready.ports.length,
      rate: f.rate,
      seconds: f.seconds,
      warmupSeconds: settings.warmupSeconds,
      filter: JSON.stringify(FEDERATION_FILTER),
      secondsToActive: created.secondsToActive,
      publishAlone,
      phases: [alone, underLoad],
      signatures,
    };
  } finally {
    await receivers.stop();
  }
}

import { BENCH_NAMESPACE_EXTENSION } from '../dataset/bench-registry-env';
import { BENCH_NAMESPACE } from '../dataset/synthetic-server';
import { PACED_PREFIX } from '../processes/paced-publisher';
import { ReceiversReady } from '../processes/webhook-receivers';

const SUBSCRIPTIONS = `/v0.1/x/${BENCH_NAMESPACE_EXTENSION}/subscriptions`;

/**
 * Only the paced stream's servers, and only their publications: one delivery per publish and
 * subscription (the 2,000 deliveries/s at 20 publishes/s), while the bulk publish load on the
 * dataset's servers is matched against every filter and delivered to nobody.
 */
export const FEDERATION_FILTER = {
  names: [`${BENCH_NAMESPACE}/${PACED_PREFIX}-*`],
  types: ['server.version.published'],
};

export interface CreatedSubscriptions {
  ids: string[];
  secrets: string[];
  /** From the first POST until the last one reads `active` (verified by its endpoint). */
  secondsToActive: number;
}

async function call(
  registryUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${registryUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/**
 * Subscribes receiver path i for i < count through the HTTP API, hands the secrets to the receivers,
 * and waits until every subscription has passed its signed handshake and reads `active`. One at a
 * time: every subscription change is an append to the single subscription-registry stream.
 */
export async function createSubscriptions(
  registryUrl: string,
  token: string,
  receivers: ReceiversReady,
  count: number,
  control: (path: string, body?: unknown) => Promise<unknown>,
  timeoutMs = 60_000,
): Promise<CreatedSubscriptions> {
  const started = Date.now();
  const ids: string[] = [];
  const secrets: string[] = [];
  for (let i = 0; i < count; i++) {
    const port = receivers.ports[i % receivers.ports.length]!;
    const res = await call(registryUrl, token, 'POST', SUBSCRIPTIONS, {
      url: `http://127.0.0.1:${port}/hooks/${i}`,
      description: `bench receiver ${i}`,
      filter: FEDERATION_FILTER,
    });
    const created = res.json as { id?: string; secret?: string } | undefined;
    if (res.status !== 201 || created?.id === undefined || created.secret === undefined) {
      throw new Error(`POST ${SUBSCRIPTIONS} answered ${res.status}: ${JSON.stringify(res.json)}`);
    }
    ids.push(created.id);
    secrets.push(created.secret);
  }
  await control('/secrets', { secrets });
  const wanted = new Set(ids);
  for (;;) {
    const res = await call(registryUrl, token, 'GET', SUBSCRIPTIONS);
    const listed =
      (res.json as { subscriptions?: Array<{ id: string; status: string }> }).subscriptions ?? [];
    const notActive = listed.filter((s) => wanted.has(s.id) && s.status !== 'active');
    if (res.status === 200 && notActive.length === 0 && listed.length >= count) break;
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `${notActive.length} of ${count} subscriptions not active after ${timeoutMs} ms: ` +
          JSON.stringify(notActive.slice(0, 3)),
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { ids, secrets, secondsToActive: (Date.now() - started) / 1000 };
}

/** Leaves the registry as it found it, for whatever runs after. */
export async function deleteSubscriptions(registryUrl: string, token: string, ids: string[]): Promise<void> {
  for (const id of ids) {
    const res = await call(registryUrl, token, 'DELETE', `${SUBSCRIPTIONS}/${id}`);
    if (res.status !== 204) throw new Error(`DELETE subscription ${id} answered ${res.status}`);
  }
}

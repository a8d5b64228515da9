import assert from 'node:assert/strict';

/** The extension prefix of the test registries (MCP_REGISTRY_META_NAMESPACE=io.github.test-registry). */
export const TEST_EXTENSION = '/v0.1/x/io.github.test-registry';

export interface ClaimDiagnosisView {
  code: string;
  message: string;
  checked: string;
  expected?: string;
  seen?: string;
}

/** A namespace claim as the claim API answers it. */
export interface ClaimView {
  id: string;
  namespace: string;
  method: string;
  status: 'pending' | 'verified' | 'grace' | 'revoked' | 'failed';
  reason: string;
  challenge?: string;
  expiresAt?: string;
  graceEndsAt?: string;
  lastCheckedAt?: string;
  proof: Record<string, unknown> & { covers: string[] };
  diagnosis?: ClaimDiagnosisView;
  keys: Array<{ id: string; name: string; prefix: string; lastUsedAt: string | null; revokedAt?: string }>;
}

export interface ApiAnswer<T = unknown> {
  status: number;
  text: string;
  json: T;
}

/**
 * The claim endpoints of a registry at `baseUrl`, called over real HTTP with `token`, as a publisher
 * (or its CI) calls them.
 */
export class NamespaceClaimsClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
    readonly prefix = TEST_EXTENSION,
  ) {}

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    token: string | undefined = this.token,
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json: json as T };
  }

  /** Claims a namespace; fails the test unless the answer is 201. */
  async claim(body: { namespace: string; method: string; githubToken?: string }): Promise<ClaimView> {
    const res = await this.call<ClaimView>('POST', `${this.prefix}/namespaces`, body);
    assert.equal(res.status, 201, res.text);
    return res.json;
  }

  async get(id: string): Promise<ClaimView> {
    const res = await this.call<ClaimView>('GET', `${this.prefix}/namespaces/${id}`);
    assert.equal(res.status, 200, res.text);
    return res.json;
  }

  async list(): Promise<ClaimView[]> {
    const res = await this.call<{ namespaces: ClaimView[] }>('GET', `${this.prefix}/namespaces`);
    assert.equal(res.status, 200, res.text);
    return res.json.namespaces;
  }

  /** Checks the proof now, as the owner's `verify` does; answers the claim as the check left it. */
  async verify(id: string, body: { githubToken?: string } = {}): Promise<ClaimView> {
    const res = await this.call<ClaimView>('POST', `${this.prefix}/namespaces/${id}/verify`, body);
    assert.equal(res.status, 200, res.text);
    return res.json;
  }

  /** Mints a publisher key; answers the key in clear text (shown once) and its id. */
  async mintKey(id: string, name: string): Promise<{ key: string; id: string }> {
    const res = await this.call<{ key: string; id: string }>('POST', `${this.prefix}/namespaces/${id}/keys`, {
      name,
    });
    assert.equal(res.status, 201, res.text);
    return res.json;
  }

  /** The registry token a publisher key is exchanged for, or the status of the refusal. */
  async exchange(key: string): Promise<{ status: number; token?: string }> {
    const res = await this.call<{ registry_token?: string }>(
      'POST',
      `${this.prefix}/auth/api-key`,
      { key },
      undefined,
    );
    return { status: res.status, token: res.json?.registry_token };
  }

  /** Waits (bounded) until the claim's answer satisfies `ok`, polling every 50 ms; fails with the last answer. */
  async until(id: string, ok: (claim: ClaimView) => boolean, what: string, ms = 15_000): Promise<ClaimView> {
    const deadline = Date.now() + ms;
    for (;;) {
      const claim = await this.get(id);
      if (ok(claim)) return claim;
      if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(claim)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until the claim has the status. */
  untilStatus(id: string, status: ClaimView['status'], ms = 15_000): Promise<ClaimView> {
    return this.until(id, (c) => c.status === status, `claim ${id} to be ${status}`, ms);
  }
}

import { ParsedArgs, stringFlag } from '../args/parse-args';
import { CliContext } from '../cli-context';
import { CliError } from '../cli-error';
import { requireToken } from '../credentials/token-store';
import { extensionPrefix } from '../registry-http/extension-prefix';
import { RegistryClient, resolveRegistryUrl } from '../registry-http/registry-client';

export const CLAIM_METHODS = ['dns', 'http', 'github'] as const;
export type ClaimMethod = (typeof CLAIM_METHODS)[number];

/** What to put where, as the registry words it for the claim's method. */
export interface ProofView {
  type?: string;
  name?: string;
  value?: string;
  url?: string;
  body?: string;
  account?: string;
  requirements?: string;
  covers?: string[];
}

export interface DiagnosisView {
  code: string;
  message: string;
  checked: string;
  expected?: string;
  seen?: string;
}

export interface PublisherKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt?: string;
}

export interface ClaimView {
  id: string;
  namespace: string;
  method: string;
  status: string;
  reason: string;
  challenge?: string;
  proof: ProofView;
  createdAt: string;
  statusChangedAt: string;
  expiresAt?: string;
  graceEndsAt?: string;
  verifiedAt?: string;
  lastCheckedAt?: string;
  lastProvenAt?: string;
  diagnosis?: DiagnosisView;
  keys: PublisherKeyView[];
}

export interface CreatedKeyView extends PublisherKeyView {
  /** The secret: the registry shows it once, in this answer. */
  key: string;
}

/**
 * The namespace-claim endpoints (`/v0.1/x/<ns>/namespaces`) of the registry the stored login is for,
 * called with its registry token.
 */
export class NamespaceApi {
  private constructor(
    private readonly registry: RegistryClient,
    private readonly token: string,
    private readonly prefix: string,
  ) {}

  /** Needs a login (`requireToken`); `--registry` overrides where its token came from. */
  static async open(args: ParsedArgs, ctx: CliContext): Promise<NamespaceApi> {
    const stored = await requireToken(ctx.homeDir, ctx.now());
    const registry = new RegistryClient(
      resolveRegistryUrl(stringFlag(args, 'registry'), ctx.env, stored.registry || undefined),
    );
    return new NamespaceApi(registry, stored.token, await extensionPrefix(registry));
  }

  get baseUrl(): string {
    return this.registry.baseUrl;
  }

  async claim(namespace: string, method: ClaimMethod, githubToken?: string): Promise<ClaimView> {
    const body = { namespace, method, ...(githubToken !== undefined ? { githubToken } : {}) };
    return claimOf(await this.send('POST', '/namespaces', 'namespace claim', body));
  }

  async list(): Promise<ClaimView[]> {
    const answer = (await this.send('GET', '/namespaces', 'listing namespace claims')) as
      { namespaces?: unknown } | undefined;
    if (!Array.isArray(answer?.namespaces)) throw malformed('listing namespace claims', 'a namespaces list');
    return answer.namespaces.map(claimOf);
  }

  async get(id: string): Promise<ClaimView> {
    return claimOf(await this.send('GET', claimPath(id), 'reading the namespace claim'));
  }

  async verify(id: string, githubToken?: string): Promise<ClaimView> {
    const body = githubToken !== undefined ? { githubToken } : {};
    return claimOf(await this.send('POST', `${claimPath(id)}/verify`, 'verification', body));
  }

  async release(id: string): Promise<void> {
    await this.send('DELETE', claimPath(id), 'release');
  }

  async listKeys(id: string): Promise<PublisherKeyView[]> {
    const answer = (await this.send('GET', `${claimPath(id)}/keys`, 'listing publisher keys')) as
      { keys?: unknown } | undefined;
    if (!Array.isArray(answer?.keys)) throw malformed('listing publisher keys', 'a keys list');
    return answer.keys as PublisherKeyView[];
  }

  async createKey(id: string, name: string | undefined): Promise<CreatedKeyView> {
    const body = name !== undefined ? { name } : {};
    const answer = (await this.send('POST', `${claimPath(id)}/keys`, 'key creation', body)) as
      Partial<CreatedKeyView> | undefined;
    if (typeof answer?.key !== 'string' || typeof answer.id !== 'string') {
      throw malformed('key creation', 'the new key');
    }
    return answer as CreatedKeyView;
  }

  async revokeKey(id: string, keyId: string): Promise<void> {
    await this.send('DELETE', `${claimPath(id)}/keys/${encodeURIComponent(keyId)}`, 'key revocation');
  }

  private send(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    action: string,
    body?: unknown,
  ): Promise<unknown> {
    return this.registry.send({ method, path: `${this.prefix}${path}`, body, token: this.token, action });
  }
}

function claimPath(id: string): string {
  return `/namespaces/${encodeURIComponent(id)}`;
}

/** The registry's claim view, with the fields every printout relies on checked. */
function claimOf(answer: unknown): ClaimView {
  const claim = answer as Partial<ClaimView> | undefined;
  if (
    typeof claim?.id !== 'string' ||
    typeof claim.namespace !== 'string' ||
    typeof claim.status !== 'string' ||
    typeof claim.proof !== 'object' ||
    claim.proof === null
  ) {
    throw malformed('namespace claim', 'a claim');
  }
  return { ...claim, keys: Array.isArray(claim.keys) ? claim.keys : [] } as ClaimView;
}

function malformed(action: string, what: string): CliError {
  return new CliError(`${action} failed: the registry answered without ${what}`);
}

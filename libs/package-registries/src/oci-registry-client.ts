import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { OutboundResponse } from '@registry/outbound-http';
import { jsonField, parseJson } from './official-formatting';
import { METADATA_MAX_BYTES } from './package-registry-options';
import { OciReference } from './oci-reference';
import { UpstreamClient } from './upstream-client';

const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];
const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  ...INDEX_TYPES,
].join(', ');
/** go-containerregistry resolves an index to the child for its default platform. */
const DEFAULT_PLATFORM = { os: 'linux', architecture: 'amd64' };

/** How fetching an image failed, classified as the official validator classifies transport errors. */
export type OciFetchFailure =
  | { kind: 'status'; status: number; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'other'; message: string };

export type ImageConfigOutcome =
  | { stage: 'ok'; config: unknown }
  | { stage: 'image'; failure: OciFetchFailure }
  | { stage: 'config'; failure: OciFetchFailure };

export interface OciRegistryTarget {
  /** Base URL of the registry API, e.g. https://ghcr.io. */
  baseUrl: string;
  /** 'user:secret' or a bare token; undefined reads anonymously, as the official registry does. */
  credential?: string;
  /** Absolute time (ms) by which the whole image fetch must finish. */
  deadline: number;
}

/**
 * A minimal OCI distribution (registry API v2) reader: the /v2/ challenge, the token exchange
 * advertised in WWW-Authenticate, the manifest (an image index resolves to linux/amd64, like
 * go-containerregistry's remote.Image) and the config blob, verified against its digest.
 */
export class OciRegistryClient {
  constructor(private readonly upstream: UpstreamClient) {}

  async imageConfig(
    ref: OciReference,
    identifier: string,
    target: OciRegistryTarget,
  ): Promise<ImageConfigOutcome> {
    const auth = await this.authorize(ref, target);
    if (isFetchFailure(auth)) return { stage: 'image', failure: auth };

    const manifestUrl = (reference: string): string =>
      `${target.baseUrl}/v2/${ref.repository}/manifests/${reference}`;
    let manifest = await this.getVerified(
      manifestUrl(ref.reference),
      auth.header,
      target,
      ref.digest,
      identifier,
    );
    if (isFetchFailure(manifest)) return { stage: 'image', failure: manifest };

    if (isIndex(manifest.response, manifest.document)) {
      const child = pickPlatform(manifest.document);
      if (child === undefined) {
        const message = `no child with platform ${DEFAULT_PLATFORM.os}/${DEFAULT_PLATFORM.architecture} in index ${identifier}`;
        return { stage: 'image', failure: { kind: 'other', message } };
      }
      manifest = await this.getVerified(manifestUrl(child), auth.header, target, child, identifier);
      if (isFetchFailure(manifest)) return { stage: 'image', failure: manifest };
    }

    const configDigest = jsonField(jsonField(manifest.document, 'config'), 'digest');
    if (typeof configDigest !== 'string' || configDigest === '') {
      return {
        stage: 'image',
        failure: { kind: 'other', message: `manifest for ${identifier} has no config` },
      };
    }
    const blobUrl = `${target.baseUrl}/v2/${ref.repository}/blobs/${configDigest}`;
    const blob = await this.getVerified(blobUrl, auth.header, target, configDigest, identifier, 'blob');
    if (isFetchFailure(blob)) return { stage: 'config', failure: blob };
    return { stage: 'ok', config: blob.document };
  }

  /** The Authorization header to send, after the /v2/ challenge and any token exchange. */
  private async authorize(
    ref: OciReference,
    target: OciRegistryTarget,
  ): Promise<{ header?: string } | OciFetchFailure> {
    const pingUrl = `${target.baseUrl}/v2/`;
    const ping = await this.get(pingUrl, undefined, target);
    if (isFetchFailure(ping)) return ping;
    if (ping.status === 200) return {};
    if (ping.status !== 401) return statusFailure('GET', pingUrl, ping);

    const challenge = parseChallenge(ping.headers['www-authenticate'] ?? '');
    const basic = target.credential === undefined ? undefined : `Basic ${basicCredential(target.credential)}`;
    if (challenge?.scheme !== 'bearer') return { header: basic };

    const realm = challenge.params.realm ?? '';
    let tokenUrl: URL;
    try {
      tokenUrl = new URL(realm);
    } catch {
      return { kind: 'other', message: `malformed www-authenticate realm ${JSON.stringify(realm)}` };
    }
    if (challenge.params.service !== undefined)
      tokenUrl.searchParams.set('service', challenge.params.service);
    tokenUrl.searchParams.set('scope', `repository:${ref.repository}:pull`);
    const tokenResponse = await this.get(tokenUrl.toString(), basic, target);
    if (isFetchFailure(tokenResponse)) return tokenResponse;
    if (tokenResponse.status !== 200) return statusFailure('GET', tokenUrl.toString(), tokenResponse);
    const parsed = parseJson(tokenResponse.text());
    if ('error' in parsed)
      return { kind: 'other', message: `failed to parse token response: ${parsed.error}` };
    const token = jsonField(parsed.value, 'token') || jsonField(parsed.value, 'access_token');
    return { header: `Bearer ${typeof token === 'string' ? token : ''}` };
  }

  private async getVerified(
    url: string,
    authorization: string | undefined,
    target: OciRegistryTarget,
    expectedDigest: string | undefined,
    identifier: string,
    what: 'manifest' | 'blob' = 'manifest',
  ): Promise<{ response: OutboundResponse; document: unknown } | OciFetchFailure> {
    const response = await this.get(
      url,
      authorization,
      target,
      what === 'manifest' ? MANIFEST_ACCEPT : undefined,
    );
    if (isFetchFailure(response)) return response;
    if (response.status !== 200) return statusFailure('GET', url, response);
    if (expectedDigest?.startsWith('sha256:')) {
      const actual = 'sha256:' + createHash('sha256').update(response.body).digest('hex');
      if (actual !== expectedDigest || response.truncated) {
        const message =
          what === 'blob'
            ? `error verifying sha256 checksum after reading ${response.body.length} bytes; got "${actual}", want "${expectedDigest}"`
            : `manifest digest: "${actual}" does not match requested digest: "${expectedDigest}" for "${identifier}"`;
        return { kind: 'other', message };
      }
    }
    const parsed = parseJson(response.text());
    if ('error' in parsed) return { kind: 'other', message: parsed.error };
    return { response, document: parsed.value };
  }

  private async get(
    url: string,
    authorization: string | undefined,
    target: OciRegistryTarget,
    accept?: string,
  ): Promise<OutboundResponse | OciFetchFailure> {
    const remaining = target.deadline - Date.now();
    if (remaining <= 0) return { kind: 'timeout', message: `Get "${url}": context deadline exceeded` };
    const headers: Record<string, string> = {};
    if (authorization !== undefined) headers.Authorization = authorization;
    if (accept !== undefined) headers.Accept = accept;
    const outcome = await this.upstream.fetch(url, {
      headers,
      timeoutMs: remaining,
      maxBodyBytes: METADATA_MAX_BYTES,
    });
    if (outcome.failure) {
      return { kind: outcome.failure.timedOut ? 'timeout' : 'other', message: outcome.failure.message };
    }
    return outcome.response;
  }
}

function isFetchFailure(value: object): value is OciFetchFailure {
  return 'kind' in value && typeof value.kind === 'string';
}

function isIndex(response: OutboundResponse, document: unknown): boolean {
  const contentType = (response.headers['content-type'] ?? '').split(';')[0].trim();
  if (INDEX_TYPES.includes(contentType)) return true;
  const mediaType = jsonField(document, 'mediaType');
  if (typeof mediaType === 'string' && INDEX_TYPES.includes(mediaType)) return true;
  return Array.isArray(jsonField(document, 'manifests')) && jsonField(document, 'config') === undefined;
}

function pickPlatform(index: unknown): string | undefined {
  const manifests = jsonField(index, 'manifests');
  if (!Array.isArray(manifests)) return undefined;
  for (const entry of manifests) {
    const platform = jsonField(entry, 'platform');
    const digest = jsonField(entry, 'digest');
    if (
      typeof digest === 'string' &&
      jsonField(platform, 'os') === DEFAULT_PLATFORM.os &&
      jsonField(platform, 'architecture') === DEFAULT_PLATFORM.architecture
    ) {
      return digest;
    }
  }
  return undefined;
}

/** Renders a non-2xx answer like go-containerregistry's transport.Error. */
function statusFailure(method: string, url: string, response: OutboundResponse): OciFetchFailure {
  const statusText = STATUS_CODES[response.status] ?? '';
  const parsed = parseJson(response.text());
  const errors = 'value' in parsed ? jsonField(parsed.value, 'errors') : undefined;
  let detail: string;
  if (Array.isArray(errors) && errors.length > 0) {
    detail = errors
      .map((e) => `${String(jsonField(e, 'code') ?? '')}: ${String(jsonField(e, 'message') ?? '')}`)
      .join('; ');
  } else {
    const body = response.text().trim();
    detail = `unexpected status code ${response.status} ${statusText}${body === '' ? '' : ': ' + body}`;
  }
  return { kind: 'status', status: response.status, message: `${method} ${url}: ${detail}` };
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="...",service="...",scope="..."` (one challenge, as registries send). */
export function parseChallenge(header: string): Challenge | undefined {
  const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  const pattern = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (let m = pattern.exec(match[2]); m !== null; m = pattern.exec(match[2])) {
    params[m[1].toLowerCase()] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return { scheme: match[1].toLowerCase(), params };
}

function basicCredential(credential: string): string {
  const pair = credential.includes(':') ? credential : `token:${credential}`;
  return Buffer.from(pair, 'utf8').toString('base64');
}

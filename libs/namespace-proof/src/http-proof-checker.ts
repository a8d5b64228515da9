import type {
  NamespaceProofDiagnosis,
  NamespaceProofResult,
} from '@registry/application/ports/namespace-proof.port';
import { OutboundHttp, OutboundHttpError, OutboundResponse } from '@registry/outbound-http';
import { failed, printable, proven } from './proof-outcome';

export const HTTP_PROOF_PATH = '/.well-known/mcp-registry-verification';
/** The file holds one token: 1 KiB leaves room for a line ending and a stray comment, not a web page. */
export const HTTP_PROOF_MAX_BYTES = 1024;
export const HTTP_PROOF_TIMEOUT_MS = 10_000;
const SEEN_BODY_CHARS = 64;

export interface HttpProofCheckerOptions {
  /** false in production; tests set true to reach a loopback server. */
  allowPrivateAddresses: boolean;
  /** Default 10 s. */
  timeoutMs?: number;
  /** Where https://<domain> is served; tests answer for it from a plain-HTTP loopback server. */
  baseUrl?: (domain: string) => string;
}

/**
 * Node's codes for a TLS handshake that failed: the certificate (expired, self-signed, for another
 * name, from an unknown authority) or the protocol (a plain-HTTP server on port 443).
 */
const TLS_CODE = /CERT|^ERR_TLS_|^ERR_SSL_|^EPROTO$|SIGNATURE|^UNABLE_TO_/;

/**
 * Proves a domain by the file https://<domain>/.well-known/mcp-registry-verification holding the
 * token. Redirects are not followed: a redirect would let whoever controls the target answer for
 * the domain, and the proof is about the domain's own server.
 */
export class HttpProofChecker {
  private readonly http: OutboundHttp;
  private readonly baseUrl: (domain: string) => string;
  private readonly timeoutMs: number;

  constructor(options: HttpProofCheckerOptions) {
    this.timeoutMs = options.timeoutMs ?? HTTP_PROOF_TIMEOUT_MS;
    this.baseUrl = options.baseUrl ?? ((domain) => `https://${domain}`);
    this.http = new OutboundHttp({
      allowPrivateAddresses: options.allowPrivateAddresses,
      timeoutMs: this.timeoutMs,
      maxBodyBytes: HTTP_PROOF_MAX_BYTES,
      userAgent: 'mcp-registry/1.0 (namespace verification)',
    });
  }

  async check(domain: string, token: string): Promise<NamespaceProofResult> {
    const url = `${this.baseUrl(domain).replace(/\/+$/, '')}${HTTP_PROOF_PATH}`;
    const want = `Expected ${url} to answer 200 with the body "${token}"`;
    const diagnosis = (
      code: NamespaceProofDiagnosis['code'],
      seen: string,
      outcome: string,
    ): NamespaceProofDiagnosis => ({
      code,
      message: `${want}, but ${outcome}.`,
      checked: `GET ${url}`,
      expected: token,
      seen,
    });

    let response: OutboundResponse;
    try {
      response = await this.http.get(url, { headers: { accept: 'text/plain' } });
    } catch (error) {
      return this.unanswered(error, diagnosis);
    }

    const { status } = response;
    if (status >= 300 && status < 400) {
      const location = response.headers['location'];
      const seen = location === undefined ? `HTTP ${status} without Location` : printable(location, 200);
      return failed(
        diagnosis(
          'redirect',
          seen,
          `it redirects (HTTP ${status} to ${seen}) and redirects are not followed; serve the file at this very URL`,
        ),
      );
    }
    if (status !== 200) {
      // A server error or a rate limit says nothing about the file; a 404 or 403 does.
      const retryable = status >= 500 || status === 429;
      const fix = retryable
        ? 'the check is retried'
        : `publish the file so that it is served with status 200`;
      return failed(
        diagnosis('http-status', `HTTP ${status}`, `it answered HTTP ${status}; ${fix}`),
        retryable,
      );
    }
    if (response.truncated) {
      return failed(
        diagnosis(
          'too-large',
          `more than ${HTTP_PROOF_MAX_BYTES} bytes`,
          `the body is larger than ${HTTP_PROOF_MAX_BYTES} bytes; serve the token alone`,
        ),
      );
    }
    const body = response.text().trim();
    if (body === token) return proven(`GET ${url}`);
    const seen = body === '' ? '(empty body)' : `"${printable(body, SEEN_BODY_CHARS)}"`;
    return failed(
      diagnosis(
        'wrong-body',
        seen,
        `the body is ${seen}; make the file hold exactly the token of this claim, nothing else`,
      ),
    );
  }

  private unanswered(
    error: unknown,
    diagnosis: (
      code: NamespaceProofDiagnosis['code'],
      seen: string,
      outcome: string,
    ) => NamespaceProofDiagnosis,
  ): NamespaceProofResult {
    // A bad URL is the base URL option's fault, never the publisher's: no diagnosis to give.
    if (!(error instanceof OutboundHttpError) || error.code === 'bad-url') throw error;
    switch (error.code) {
      case 'timeout':
        return failed(
          diagnosis(
            'timeout',
            `no answer within ${this.timeoutMs} ms`,
            `no answer came within ${this.timeoutMs} ms; the check is retried`,
          ),
          true,
        );
      case 'private-address':
        return failed(
          diagnosis(
            'address-refused',
            printable(error.message, 200),
            'the host is not on a public address and the registry does not connect to private networks; serve it from a public address',
          ),
        );
      case 'too-large':
        return failed(
          diagnosis(
            'too-large',
            'response headers too large',
            'its response headers are too large; serve the file with ordinary headers',
          ),
        );
      default: {
        const code = causeCode(error);
        if (TLS_CODE.test(code)) {
          return failed(
            diagnosis(
              'tls',
              code,
              `the TLS connection failed (${code}); serve it over HTTPS with a valid certificate for the domain`,
            ),
          );
        }
        return failed(
          diagnosis(
            'connection',
            code,
            `the connection failed (${code}); the check is retried, and if it keeps failing make sure the host resolves and accepts HTTPS connections`,
          ),
          true,
        );
      }
    }
  }
}

/** The Node error code under an OutboundHttpError: ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED and the like. */
function causeCode(error: OutboundHttpError): string {
  const cause = error.cause as NodeJS.ErrnoException | undefined;
  return cause?.code ?? error.code;
}

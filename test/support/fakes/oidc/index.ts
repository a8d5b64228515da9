import { KeyObject, generateKeyPairSync } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';

export interface MintOptions {
  /** Header `kid`; the issuer's key id by default; `null` leaves it out. */
  kid?: string | null;
  /** Signs with this key instead of the issuer's (e.g. a key the JWKS does not list). */
  key?: KeyObject;
  alg?: string;
}

/**
 * An OpenID provider on 127.0.0.1: /.well-known/openid-configuration (discovery),
 * /.well-known/jwks (the path GitHub Actions' issuer serves, which is also the discovery jwks_uri),
 * and `mint(claims)` to sign ID tokens with its RS256 key. Serves both GitHub Actions OIDC and generic
 * OIDC tests. `issuerOverride` makes discovery claim a different issuer.
 */
export class FakeOidcIssuer {
  readonly keyId = 'fake-oidc-key-1';
  readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  issuerOverride: string | undefined;
  /** Requests seen, by path. */
  readonly requests: string[] = [];
  private server: Server | undefined;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    return this;
  }

  /** The issuer URL, `http://127.0.0.1:<port>`. */
  get issuer(): string {
    if (this.server === undefined) throw new Error('FakeOidcIssuer is not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Signs `claims` as an ID token of this issuer; the test sets iss, aud, exp and the rest. */
  mint(claims: Record<string, unknown>, options: MintOptions = {}): Promise<string> {
    const kid = options.kid === undefined ? this.keyId : options.kid;
    const header: { alg: string; typ: string; kid?: string } = { alg: options.alg ?? 'RS256', typ: 'JWT' };
    if (kid !== null) header.kid = kid;
    return new SignJWT(claims).setProtectedHeader(header).sign(options.key ?? this.privateKey);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://oidc.invalid').pathname;
    this.requests.push(path);
    if (path === '/.well-known/openid-configuration') {
      return send(res, 200, {
        issuer: this.issuerOverride ?? this.issuer,
        jwks_uri: `${this.issuer}/.well-known/jwks`,
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
      });
    }
    if (path === '/.well-known/jwks') {
      const jwk = this.publicKey.export({ format: 'jwk' });
      return send(res, 200, { keys: [{ ...jwk, kid: this.keyId, use: 'sig', alg: 'RS256' }] });
    }
    send(res, 404, { error: 'not found' });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

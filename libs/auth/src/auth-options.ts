/** Configuration of the auth library; built once from the registry config by the app. */
export interface AuthOptions {
  /** 64 hex characters: the Ed25519 seed of the registry's token key (official MCP_REGISTRY_JWT_PRIVATE_KEY). */
  jwtPrivateKeyHex: string;
  /** Registers POST auth/none; for local development and tests only, as in the official registry. */
  enableAnonymousAuth: boolean;
  /** 'https://api.github.com'; tests point it at a fake. */
  githubApiBaseUrl: string;
  /** 'https://token.actions.githubusercontent.com'; its keys are read from `<issuer>/.well-known/jwks`. */
  githubOidcIssuer: string;
  /** 'mcp-registry'; an empty audience disables GitHub OIDC login, as in the official registry. */
  githubOidcAudience: string;
  oidc: {
    enabled: boolean;
    issuer: string;
    clientId: string;
    /** Each object is a rule; every key of every rule must match a claim of the ID token. */
    extraClaims: Array<Record<string, unknown>>;
    editPermissions: string[];
    publishPermissions: string[];
  };
  /** 'host:port' list for DNS proofs; the system resolver when empty. */
  dnsResolvers: string[];
  /** Lets HTTP proofs reach loopback and private addresses: tests only. */
  outboundAllowPrivate: boolean;
  /** Injected clock; `() => new Date()` when absent. */
  now?: () => Date;
  /**
   * Base URL of the HTTP proof for a domain, without the `/.well-known/mcp-registry-auth` path.
   * Defaults to `https://<domain>`. Tests only: lets a loopback server over plain HTTP stand in for
   * the domain while the proof still names (and grants) the domain itself.
   */
  httpProofBaseUrl?: (domain: string) => string;
  /**
   * Namespaces (e.g. 'io.github.spammer') for which no token is issued unless the token also holds a
   * global '*' permission. The official registry keeps the same (empty) deny list in code.
   */
  blockedNamespaces?: string[];
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export type Clock = () => Date;

export function clockOf(options: Pick<AuthOptions, 'now'>): Clock {
  return options.now ?? (() => new Date());
}

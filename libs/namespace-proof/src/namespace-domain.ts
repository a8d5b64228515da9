import { parse } from 'tldts';

/** What a namespace claim is about: a domain (dns, http) or a GitHub account (github), or why it cannot be claimed. */
export type ClaimDomain = { ok: true; domain: string } | { ok: false; reason: string };
export type ClaimGitHubAccount = { ok: true; account: string } | { ok: false; reason: string };

/** A DNS label in letter-digit-hyphen form: what a hostname may carry, 1 to 63 characters. */
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_DOMAIN_LENGTH = 253;
/** GitHub logins and organisation names: letters, digits and hyphens, at most 39, never a leading hyphen. */
const GITHUB_ACCOUNT = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const GITHUB_PREFIX = 'io.github.';

/**
 * Hosts where anyone with push access to one repository serves the pages of a whole user or group,
 * a lower bar than the account itself; the official registry refuses them for domain proofs too.
 */
const SHARED_PAGES_HOSTS: ReadonlyArray<[suffix: string, reason: string]> = [
  [
    'github.io',
    'io.github.* namespaces belong to GitHub accounts and are proven with the github method, not dns or http',
  ],
  [
    'gitlab.io',
    'gitlab.io pages cannot prove a namespace with dns or http; claim a namespace of a domain you own instead',
  ],
];

/**
 * The domain a dns or http proof of `namespace` is about: the namespace reversed
 * (`com.example` -> `example.com`, `com.example.eu` -> `eu.example.com`). Refused: names that are
 * not hostnames, IP addresses, unknown top-level domains, public suffixes (`com`, `co.uk`, and
 * private suffixes such as `github.io` or `vercel.app`, where names belong to whoever signs up
 * first) and shared pages hosts.
 */
export function claimDomain(namespace: string): ClaimDomain {
  const refuse = (reason: string): ClaimDomain => ({ ok: false, reason });
  const labels = namespace.toLowerCase().split('.');
  if (labels.length < 2) {
    return refuse(`'${namespace}' is a single label; a namespace is a reversed domain such as com.example`);
  }
  if (!labels.every((label) => DNS_LABEL.test(label))) {
    return refuse(
      `'${namespace}' is not a reversed domain name: each part is letters, digits and inner hyphens, 1 to 63 characters`,
    );
  }
  const domain = labels.reverse().join('.');
  if (domain.length > MAX_DOMAIN_LENGTH) {
    return refuse(`the domain of '${namespace}' is longer than ${MAX_DOMAIN_LENGTH} characters`);
  }
  for (const [suffix, reason] of SHARED_PAGES_HOSTS) {
    if (domain === suffix || domain.endsWith(`.${suffix}`)) return refuse(reason);
  }
  // Private suffixes count as public: a namespace under vercel.app is the claimant's own
  // subdomain (myapp.vercel.app), while vercel.app itself belongs to no publisher.
  const parsed = parse(domain, { allowPrivateDomains: true, extractHostname: false });
  if (parsed.isIp === true) return refuse(`'${domain}' is an IP address, not a domain`);
  if (parsed.isIcann !== true && parsed.isPrivate !== true) {
    return refuse(`'${labels[labels.length - 1]}' is not a known top-level domain`);
  }
  if (parsed.domain === null || parsed.publicSuffix === domain) {
    return refuse(
      `'${domain}' is a public suffix: names under it belong to whoever registers them, so it cannot be claimed`,
    );
  }
  return { ok: true, domain };
}

/** The account of an `io.github.<account>` namespace, the only namespaces the github method proves. */
export function githubAccount(namespace: string): ClaimGitHubAccount {
  if (!namespace.toLowerCase().startsWith(GITHUB_PREFIX)) {
    return {
      ok: false,
      reason: `the github method proves io.github.<account> namespaces only, not '${namespace}'`,
    };
  }
  const account = namespace.slice(GITHUB_PREFIX.length);
  if (!GITHUB_ACCOUNT.test(account)) {
    return {
      ok: false,
      reason: `'${account}' is not a GitHub account name (letters, digits and hyphens, at most 39, not starting with a hyphen)`,
    };
  }
  return { ok: true, account };
}

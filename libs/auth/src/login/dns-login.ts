import { Inject, Injectable } from '@nestjs/common';
import { Resolver } from 'node:dns/promises';
import { AUTH_OPTIONS, AuthOptions, Clock, clockOf } from '../auth-options';
import { proveDomain } from '../proof/domain-proof-exchange';
import { SignedTimestampProof } from '../proof/signed-timestamp';
import { RegistryTokenResponse, RegistryTokenService } from '../token/registry-token.service';
import { issueToken } from './issue-token';

const LOOKUP_TIMEOUT_MS = 5_000;
const SELECTOR_TIMEOUT_MS = 2_000;
/** Where publishers often put the record by DKIM habit; the proof record belongs at the apex, like SPF. */
const COMMON_WRONG_SELECTORS = ['_mcp-auth', '_mcp-registry'];

const GO_DNS_ERRORS: Record<string, string> = {
  ENOTFOUND: 'no such host',
  ENODATA: 'no such host',
  ETIMEOUT: 'i/o timeout',
  ESERVFAIL: 'server misbehaving',
  ECONNREFUSED: 'connection refused',
};

/** TXT lookups against the configured resolvers (`host:port`), or the system's when none are set. */
@Injectable()
export class DnsTxtLookup {
  private readonly resolver: Resolver;
  private readonly selectorResolver: Resolver;

  constructor(@Inject(AUTH_OPTIONS) options: AuthOptions) {
    this.resolver = new Resolver({ timeout: LOOKUP_TIMEOUT_MS, tries: 1 });
    this.selectorResolver = new Resolver({ timeout: SELECTOR_TIMEOUT_MS, tries: 1 });
    if (options.dnsResolvers.length > 0) {
      this.resolver.setServers(options.dnsResolvers);
      this.selectorResolver.setServers(options.dnsResolvers);
    }
  }

  /** The strings of each TXT record joined, as Go's LookupTXT returns them; errors in Go's words. */
  async txt(name: string, quick = false): Promise<string[]> {
    const resolver = quick ? this.selectorResolver : this.resolver;
    try {
      const records = await resolver.resolveTxt(name);
      return records.map((chunks) => chunks.join(''));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
      const server = resolver.getServers()[0];
      const on = server === undefined ? '' : ` on ${/:\d+$/.test(server) ? server : `${server}:53`}`;
      throw new Error(`lookup ${name}${on}: ${GO_DNS_ERRORS[code] ?? code}`);
    }
  }
}

/** POST auth/dns: a signed timestamp checked against `v=MCPv1` TXT records of the domain itself. */
@Injectable()
export class DnsLogin {
  private readonly clock: Clock;

  constructor(
    @Inject(AUTH_OPTIONS) options: AuthOptions,
    private readonly lookup: DnsTxtLookup,
    private readonly tokens: RegistryTokenService,
  ) {
    this.clock = clockOf(options);
  }

  async exchange(proof: SignedTimestampProof): Promise<RegistryTokenResponse> {
    const proven = await proveDomain(proof, 'dns', this.clock(), (domain) => this.publishedKeys(domain));
    return issueToken(this.tokens, {
      authMethod: 'dns',
      authMethodSubject: proven.domain,
      permissions: proven.permissions,
    });
  }

  private async publishedKeys(domain: string): Promise<string[]> {
    let records: string[];
    try {
      records = await this.lookup.txt(domain);
    } catch (error) {
      throw new Error(`failed to lookup DNS TXT records: ${(error as Error).message}`);
    }
    if (!records.some(hasProofRecord)) {
      const misplaced = await this.findMisplacedRecord(domain);
      if (misplaced !== undefined) {
        throw new Error(
          `no MCPv1 TXT record at ${JSON.stringify(domain)}, but one was found at ${JSON.stringify(misplaced)} — ` +
            'MCP DNS auth requires the record at the apex domain, not under a selector',
        );
      }
    }
    return records;
  }

  private async findMisplacedRecord(domain: string): Promise<string | undefined> {
    const names = COMMON_WRONG_SELECTORS.map((selector) => `${selector}.${domain}`);
    const found = await Promise.all(
      names.map((name) =>
        this.lookup.txt(name, true).then(
          (records) => records.some(hasProofRecord),
          () => false,
        ),
      ),
    );
    return names.find((_, i) => found[i]);
  }
}

function hasProofRecord(record: string): boolean {
  return record.includes('v=MCPv1');
}

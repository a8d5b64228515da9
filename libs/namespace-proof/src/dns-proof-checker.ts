import { Resolver } from 'node:dns/promises';
import type { NamespaceProofResult } from '@registry/application/ports/namespace-proof.port';
import { failed, printableList, proven } from './proof-outcome';

/** The name under the claimed domain that carries the proof, apart from the domain's other TXT records. */
export const DNS_CHALLENGE_LABEL = '_mcp-registry-challenge';
export const DNS_RECORD_PREFIX = 'mcp-registry-verification=';
export const DNS_PROOF_TIMEOUT_MS = 5_000;

/** Enough of a stale token to tell it from the expected one, not a whole record to copy. */
const SEEN_RECORD_CHARS = DNS_RECORD_PREFIX.length + 16;
const SEEN_OTHER_CHARS = 64;

export interface DnsProofCheckerOptions {
  /** `host:port` resolvers (MCP_REGISTRY_DNS_RESOLVER); the system's resolver when empty. */
  resolvers: readonly string[];
  /** Per try; default 5 s. */
  timeoutMs?: number;
  /** Default 1: the verifier retries on its own schedule, so one slow server costs one timeout. */
  tries?: number;
}

type TxtAnswer =
  | { kind: 'records'; records: string[] }
  | { kind: 'nxdomain' }
  | { kind: 'nodata' }
  | { kind: 'timeout' }
  | { kind: 'error'; code: string };

/**
 * Proves a domain by a TXT record `mcp-registry-verification=<token>` at
 * `_mcp-registry-challenge.<domain>`. Any record there carrying the token proves it: during a
 * rotation the old and the new record stand side by side, as with ACME's dns-01 challenge.
 */
export class DnsProofChecker {
  private readonly resolver: Resolver;
  private readonly timeoutMs: number;

  constructor(options: DnsProofCheckerOptions) {
    this.timeoutMs = options.timeoutMs ?? DNS_PROOF_TIMEOUT_MS;
    this.resolver = new Resolver({ timeout: this.timeoutMs, tries: options.tries ?? 1 });
    if (options.resolvers.length > 0) this.resolver.setServers([...options.resolvers]);
  }

  async check(domain: string, token: string): Promise<NamespaceProofResult> {
    const challenge = `${DNS_CHALLENGE_LABEL}.${domain}`;
    const expected = `${DNS_RECORD_PREFIX}${token}`;
    const checked = `TXT ${challenge}`;
    const want = `Expected a TXT record "${expected}" at ${challenge}`;
    const answer = await this.txt(challenge);

    if (answer.kind === 'timeout') {
      return failed(
        {
          code: 'timeout',
          message: `${want}, but no DNS answer came within ${this.timeoutMs} ms; the check is retried, and if it keeps failing make sure the domain's name servers answer.`,
          checked,
          expected,
          seen: `no answer within ${this.timeoutMs} ms`,
        },
        true,
      );
    }
    if (answer.kind === 'error') {
      return failed(
        {
          code: 'dns-error',
          message: `${want}, but the lookup failed with ${answer.code} (a server failure or refusal, not an answer); the check is retried, and if it keeps failing the domain's DNS needs fixing.`,
          checked,
          expected,
          seen: answer.code,
        },
        true,
      );
    }

    const records = answer.kind === 'records' ? answer.records : [];
    if (records.includes(expected)) return proven(checked);
    const verification = records.filter(isVerificationRecord);
    if (verification.length > 0) return this.wrongToken(want, checked, expected, token, verification);

    // Nothing at the challenge name: a record at the domain itself is the commonest slip (the
    // habit of SPF and site verification), worth one more lookup to say so.
    const apexRecords = await this.verificationRecordsAt(domain);
    if (apexRecords.length > 0) {
      const current = apexRecords.some((record) => normalise(record) === expected);
      return failed({
        code: 'record-at-apex',
        message: `${want}, but found ${current ? 'it' : 'a verification record'} at ${domain} itself instead; ${current ? 'move it' : 'publish it'} under the ${DNS_CHALLENGE_LABEL} name.`,
        checked,
        expected,
        seen: `at ${domain}: ${printableList(apexRecords, SEEN_RECORD_CHARS)}`,
      });
    }
    if (answer.kind === 'nxdomain') {
      return failed({
        code: 'nxdomain',
        message: `${want}, but the name ${challenge} does not exist (NXDOMAIN); add the record and wait for it to reach the domain's name servers.`,
        checked,
        expected,
        seen: 'NXDOMAIN',
      });
    }
    const seen = records.length > 0 ? printableList(records, SEEN_OTHER_CHARS) : 'no TXT records';
    return failed({
      code: 'record-missing',
      message: `${want}, but found ${records.length > 0 ? `only other TXT records (${seen})` : 'no TXT record there'}; add the verification record.`,
      checked,
      expected,
      seen,
    });
  }

  /**
   * One stale record is a wrong token; several records none of which matches is `several-records`:
   * the publisher's fix is the same (publish the current token), but several stale records usually
   * mean an earlier claim or rotation left its records behind, and the code says so at a glance.
   */
  private wrongToken(
    want: string,
    checked: string,
    expected: string,
    token: string,
    verification: string[],
  ): NamespaceProofResult {
    const seen = printableList(verification, SEEN_RECORD_CHARS);
    // A record that only differs by quotes or spaces around it was pasted with them.
    const padded = verification.some((record) => normalise(record) === expected);
    const why = padded
      ? 'a record with this token that carries extra quotes or spaces'
      : verification.length === 1
        ? `a verification record with another token (${seen})`
        : `${verification.length} verification records, none with this token (${seen})`;
    const fix = padded
      ? 'publish the value exactly, without quotes or spaces'
      : verification.length === 1
        ? `replace it with the token of this claim (${token})`
        : 'add a record with the token of this claim, and remove the stale ones once it is verified';
    return failed({
      code: verification.length === 1 || padded ? 'wrong-token' : 'several-records',
      message: `${want}, but found ${why}; ${fix}.`,
      checked,
      expected,
      seen,
    });
  }

  private async verificationRecordsAt(name: string): Promise<string[]> {
    const answer = await this.txt(name);
    return answer.kind === 'records' ? answer.records.filter(isVerificationRecord) : [];
  }

  /** The TXT records of `name`, each record's strings joined (a long value is split into 255-byte chunks). */
  private async txt(name: string): Promise<TxtAnswer> {
    try {
      // The trailing dot makes the name absolute, so no search domain of the host is tried.
      const records = await this.resolver.resolveTxt(`${name}.`);
      return { kind: 'records', records: records.map((chunks) => chunks.join('')) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
      if (code === 'ENOTFOUND') return { kind: 'nxdomain' };
      if (code === 'ENODATA') return { kind: 'nodata' };
      if (code === 'ETIMEOUT') return { kind: 'timeout' };
      return { kind: 'error', code };
    }
  }
}

/** A record's value as a publisher meant it: without the quotes or spaces some DNS consoles keep. */
function normalise(record: string): string {
  return record
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();
}

function isVerificationRecord(record: string): boolean {
  return normalise(record).toLowerCase().startsWith(DNS_RECORD_PREFIX);
}

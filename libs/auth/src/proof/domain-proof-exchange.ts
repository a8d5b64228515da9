import { Permission, domainPermissions } from '../permissions/registry-permission';
import { ProofError, ProofPublicKey, parseProofRecords, verifyWithPublishedKeys } from './proof-key';
import { SignedTimestampProof, checkDomainAndTimestamp, decodeSignature } from './signed-timestamp';

export type DomainProofMethod = 'dns' | 'http';

/** Where the published keys of a domain are read: TXT records, or the well-known HTTP file. */
export type PublishedKeySource = (domain: string) => Promise<string[]>;

export interface ProvenDomain {
  method: DomainProofMethod;
  domain: string;
  permissions: Permission[];
}

const NO_KEY_MESSAGE: Record<DomainProofMethod, string> = {
  dns: 'no MCP public key found in DNS TXT records',
  http: 'no MCP public key found in HTTP response',
};

/**
 * The proof shared by DNS and HTTP login, in the official order: domain and timestamp, signature
 * encoding, published keys, signature. Every failure is a ProofError carrying the official text.
 */
export async function proveDomain(
  proof: SignedTimestampProof,
  method: DomainProofMethod,
  now: Date,
  publishedKeys: PublishedKeySource,
): Promise<ProvenDomain> {
  checkDomainAndTimestamp(proof.domain, proof.timestamp, now);
  const signature = decodeSignature(proof.signed_timestamp);
  let records: string[];
  try {
    records = await publishedKeys(proof.domain);
  } catch (error) {
    throw new ProofError(`failed to fetch keys: ${(error as Error).message}`);
  }
  const parsed = parseProofRecords(records);
  if (parsed.length === 0) throw new ProofError(NO_KEY_MESSAGE[method]);
  // With a single record, its own parse error says more than "no valid key".
  if (parsed.length === 1 && parsed[0]!.error !== undefined) throw parsed[0]!.error;
  const keys = parsed.flatMap((p): ProofPublicKey[] => (p.key === undefined ? [] : [p.key]));
  if (keys.length === 0) throw new ProofError('no valid MCP public key found');
  verifyWithPublishedKeys(keys, Buffer.from(proof.timestamp, 'utf8'), signature);
  return { method, domain: proof.domain, permissions: domainPermissions(proof.domain, method === 'dns') };
}

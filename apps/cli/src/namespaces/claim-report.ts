import { ClaimView, DiagnosisView, PublisherKeyView } from './namespace-api';

/** Label-value lines, the labels padded to one column. */
function fields(rows: Array<[string, string | undefined]>, indent = '  '): string[] {
  const shown = rows.filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '');
  const width = Math.max(0, ...shown.map(([label]) => label.length + 1));
  return shown.map(([label, value]) => `${indent}${`${label}:`.padEnd(width)}  ${value}`);
}

/**
 * What to put where to prove the claim, in the registry's own terms for its method; once verified,
 * what to keep in place, since the registry checks again.
 */
export function proofLines(claim: ClaimView): string[] {
  const { proof } = claim;
  const kept = claim.status === 'verified';
  const lines: string[] = [];
  if (claim.method === 'dns') {
    lines.push(
      kept
        ? 'Keep this DNS TXT record in place (the registry checks it again):'
        : 'Publish this DNS TXT record:',
      ...fields([
        ['Name', proof.name],
        ['Type', proof.type ?? 'TXT'],
        ['Value', proof.value],
      ]),
    );
  } else if (claim.method === 'http') {
    lines.push(
      kept
        ? 'Keep serving this text over HTTPS (the registry checks it again):'
        : 'Serve this text over HTTPS (status 200) at:',
      ...fields([
        ['URL', proof.url],
        ['Body', proof.body],
      ]),
    );
  } else if (claim.method === 'github') {
    lines.push(
      `${kept ? 'Keep' : 'Hold'} the right role on GitHub account ${proof.account ?? '?'}:`,
      ...fields([['Needs', proof.requirements]]),
    );
  } else {
    // A method this CLI does not know yet: every instruction the registry gave, as it gave it.
    lines.push(
      'Proof:',
      ...fields(
        Object.entries(proof)
          .filter(([key]) => key !== 'covers')
          .map(([key, value]): [string, string] => [key, String(value)]),
      ),
    );
  }
  if (proof.covers !== undefined && proof.covers.length > 0) {
    lines.push(`It proves: ${proof.covers.join(', ')}`);
  }
  return lines;
}

export function diagnosisLines(diagnosis: DiagnosisView): string[] {
  return [
    `Last check failed: ${diagnosis.message} (${diagnosis.code})`,
    ...fields([
      ['Checked', diagnosis.checked],
      ['Expected', diagnosis.expected],
      ['Seen', diagnosis.seen],
    ]),
  ];
}

function keyState(key: PublisherKeyView): string {
  if (key.revokedAt !== undefined) return `revoked ${key.revokedAt}`;
  return key.lastUsedAt === null ? 'never used' : `last used ${key.lastUsedAt}`;
}

export function keyLines(keys: readonly PublisherKeyView[]): string[] {
  const width = Math.max(0, ...keys.map((k) => k.name.length));
  return keys.map(
    (k) => `  ${k.id}  ${k.name.padEnd(width)}  ${k.prefix}…  created ${k.createdAt}, ${keyState(k)}`,
  );
}

/** `namespace status <id>` and the outcome of `verify`: everything the owner needs to act on. */
export function claimReport(claim: ClaimView): string {
  const lines = [
    `Claim ${claim.id}`,
    ...fields([
      ['Namespace', `${claim.namespace} (${claim.method})`],
      ['Status', `${claim.status} since ${claim.statusChangedAt}`],
      ['Reason', claim.reason],
      ['Proof due by', claim.expiresAt],
      ['Grace ends', claim.graceEndsAt],
      ['Verified', claim.verifiedAt],
      ['Last proven', claim.lastProvenAt],
      ['Last checked', claim.lastCheckedAt],
    ]),
  ];
  if (claim.status === 'grace' && claim.graceEndsAt !== undefined) {
    lines.push(`Publishing goes on until ${claim.graceEndsAt}; restore the proof before then.`);
  }
  if (claim.diagnosis !== undefined) lines.push('', ...diagnosisLines(claim.diagnosis));
  lines.push('', ...proofLines(claim));
  lines.push(
    '',
    claim.keys.length === 0 ? 'Publisher keys: none' : 'Publisher keys:',
    ...keyLines(claim.keys),
  );
  return lines.join('\n') + '\n';
}

/** `namespace status` without an id: one row per claim. */
export function claimTable(claims: readonly ClaimView[]): string {
  const header = ['ID', 'NAMESPACE', 'METHOD', 'STATUS', 'SINCE', 'KEYS'];
  const rows = claims.map((c) => [
    c.id,
    c.namespace,
    c.method,
    c.status,
    c.statusChangedAt,
    String(c.keys.filter((k) => k.revokedAt === undefined).length),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return (
    [header, ...rows]
      .map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

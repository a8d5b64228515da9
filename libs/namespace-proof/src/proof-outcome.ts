import type {
  NamespaceProofDiagnosis,
  NamespaceProofResult,
} from '@registry/application/ports/namespace-proof.port';

/**
 * A namespace no proof can be about (a public suffix, an io.github.* namespace asked of dns, a
 * malformed account). The claim API refuses these before a claim exists, so reaching a checker
 * with one is a caller's mistake, not a proof that failed.
 */
export class NamespaceRefusedError extends Error {
  constructor(
    readonly namespace: string,
    readonly reason: string,
  ) {
    super(`namespace '${namespace}' cannot be proven: ${reason}`);
    this.name = 'NamespaceRefusedError';
  }
}

export function proven(checked: string): NamespaceProofResult {
  return { outcome: 'proven', checked };
}

export function failed(diagnosis: NamespaceProofDiagnosis, retryable = false): NamespaceProofResult {
  return { outcome: 'failed', diagnosis, retryable };
}

/**
 * Characters that would let text a publisher controls (a TXT string, a web page, a Location header)
 * rewrite what a reader sees: control characters, zero-width and bidirectional overrides.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/** Outside text made safe to show: unsafe characters escaped, at most `max` characters kept. */
export function printable(text: string, max: number): string {
  const escaped = text.replace(
    UNSAFE_CHARACTERS,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const characters = Array.from(escaped);
  return characters.length <= max ? escaped : `${characters.slice(0, max).join('')}…`;
}

/** Several outside values, each made printable, quoted and joined, the list itself capped. */
export function printableList(values: readonly string[], each: number, most = 5): string {
  const shown = values.slice(0, most).map((value) => `"${printable(value, each)}"`);
  const more = values.length > most ? ` and ${values.length - most} more` : '';
  return `${shown.join(', ')}${more}`;
}

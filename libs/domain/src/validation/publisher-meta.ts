import { PUBLISHER_META_KEY } from '../server-json/server-json';
import { Fields, fieldsOf } from './decoded-fields';
import { goJsonByteLength } from './go-json';
import { ValidationIssue } from './validation-issue';

/**
 * `_meta` carries one publisher key, io.modelcontextprotocol.registry/publisher-provided, for
 * downstream registries; the registry's own `official` metadata lives beside the server.json in
 * responses, never inside it. Officially the publisher data may take at most 4 KB, measured as
 * the bytes of Go's json.Marshal of the decoded object; the publish service checks this after the
 * validator on every publish (not gated by EnableRegistryValidation, not made on edit, not reported
 * by /v0/validate) and answers HTTP 400.
 */

export const PUBLISHER_META_MAX_BYTES = 4 * 1024;
export const PUBLISHER_META_SIZE_REFERENCE = 'publisher-extension-size';

export function checkPublisherMetaSize(server: Fields): ValidationIssue[] {
  const meta = fieldsOf(server, '_meta');
  const provided = meta?.[PUBLISHER_META_KEY];
  if (provided === undefined || provided === null) return [];
  const size = goJsonByteLength(provided);
  if (size <= PUBLISHER_META_MAX_BYTES) return [];
  return [
    {
      type: 'semantic',
      path: `_meta.${PUBLISHER_META_KEY}`,
      message: `_meta.${PUBLISHER_META_KEY} extension exceeds 4KB limit (${size} bytes)`,
      severity: 'error',
      reference: PUBLISHER_META_SIZE_REFERENCE,
    },
  ];
}

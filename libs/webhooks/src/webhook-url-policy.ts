import { isIP } from 'node:net';
import { nonPublicAddressReason } from '@registry/outbound-http';

/** Longer URLs are refused: no receiver needs one, and they end up in every delivery record. */
const MAX_URL_LENGTH = 2048;

/**
 * Names that only ever mean "this machine" or "this site's network": `localhost` (RFC 6761), mDNS
 * `.local`, the ICANN-reserved private `.internal` (home of cloud metadata names) and `.home.arpa`.
 */
const LOCAL_NAME = /(^|\.)(localhost|local|internal|home\.arpa)$/;

/**
 * Why a subscription URL may not receive webhooks, or undefined when it may. It runs when a
 * subscription is created or its URL changed, so a publisher hears about a bad URL at once; the
 * outbound guard's connect-time DNS check still protects every delivery, since a name can
 * resolve to a private address later. With `allowPrivate` (tests, development) plain http and
 * local addresses pass too, like the outbound guard itself.
 */
export function checkWebhookUrl(url: string, allowPrivate: boolean): string | undefined {
  if (url.length > MAX_URL_LENGTH) return `URL is longer than ${MAX_URL_LENGTH} characters`;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return 'not a valid URL';
  }
  if (target.protocol !== 'https:' && !(allowPrivate && target.protocol === 'http:')) {
    return allowPrivate ? 'webhook URLs must use http or https' : 'webhook URLs must use https';
  }
  if (target.username !== '' || target.password !== '') {
    return 'credentials in the URL are not allowed (they would be sent to and logged by every hop)';
  }
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === '') return 'URL has no host';
  if (allowPrivate) return undefined;
  if (isIP(host) !== 0) {
    const reason = nonPublicAddressReason(host);
    return reason === undefined ? undefined : `refusing to deliver to ${host} (${reason})`;
  }
  const name = host.replace(/\.$/, '');
  if (LOCAL_NAME.test(name)) return `refusing to deliver to ${name} (a local name)`;
  // A single-label name resolves through the operator's search domains, i.e. inside its network.
  if (!name.includes('.')) return `refusing to deliver to ${name} (not a fully qualified domain name)`;
  return undefined;
}

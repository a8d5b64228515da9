import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { LookupFunction } from 'node:net';
import { nonPublicAddressReason } from './address-policy';
import { OutboundHttpError } from './outbound-http-error';

/**
 * A `lookup` for node:net that refuses a hostname when any address it resolves to is not public.
 * It runs at connect time, on the very addresses the socket will use, so a DNS answer that
 * changes between a check and the connection (DNS rebinding) cannot slip through.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) {
      callback(error, options.all ? [] : '', undefined);
      return;
    }
    for (const entry of addresses) {
      const reason = nonPublicAddressReason(entry.address);
      if (reason !== undefined) {
        const refusal = new OutboundHttpError(
          'private-address',
          `refusing to connect to ${hostname}: it resolves to ${entry.address} (${reason})`,
        );
        callback(refusal, options.all ? [] : '', undefined);
        return;
      }
    }
    if (options.all) {
      callback(null, addresses);
      return;
    }
    const first = addresses[0];
    if (first === undefined) {
      const notFound: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      notFound.code = 'ENOTFOUND';
      callback(notFound, '', undefined);
      return;
    }
    callback(null, first.address, first.family);
  });
};

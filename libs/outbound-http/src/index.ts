export { OutboundHttp } from './outbound-http';
export type {
  OutboundHttpOptions,
  OutboundKeepAlive,
  OutboundPostRequest,
  OutboundRequest,
  OutboundResponse,
} from './outbound-http';
export { OutboundHttpError } from './outbound-http-error';
export type { OutboundErrorCode } from './outbound-http-error';
export { nonPublicAddressReason } from './address-policy';

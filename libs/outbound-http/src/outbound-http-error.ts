export type OutboundErrorCode = 'bad-url' | 'private-address' | 'timeout' | 'network' | 'too-large';

/** Why an outbound request did not produce a response. HTTP error statuses are responses, never this. */
export class OutboundHttpError extends Error {
  readonly code: OutboundErrorCode;

  constructor(code: OutboundErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutboundHttpError';
    this.code = code;
  }
}

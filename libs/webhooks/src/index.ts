export { StandardWebhookSender, MAX_ANSWER_BYTES } from './standard-webhook-sender';
export type { StandardWebhookSenderOptions } from './standard-webhook-sender';
export { AesGcmSecretSealer } from './aes-gcm-secret-sealer';
export { checkWebhookUrl } from './webhook-url-policy';
export { responseSnippet, retryAfterMs, SNIPPET_BYTES } from './endpoint-answer';
export { webhookSignature } from './webhook-signature';

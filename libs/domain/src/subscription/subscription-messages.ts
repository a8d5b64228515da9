/** The registry's words for subscriptions: refusals, and the reasons a status-changed event carries. */
export const SUBSCRIPTION_MESSAGES = {
  notFound: 'Subscription not found',
  exists: (id: string) => `Subscription ${id} already exists`,
  limitReached: (max: number) =>
    `Subscription limit reached: an owner may hold at most ${max} subscriptions; delete one to add another`,
  invalidFilter: 'Invalid subscription filter',
  pauseDisabled: 'A disabled subscription cannot be paused; resume it (status active) first',
} as const;

export const STATUS_REASONS = {
  urlChanged: 'url changed: the new endpoint must confirm',
  resumed: 'resumed: endpoint must confirm again',
  paused: 'paused by the owner',
  verified: 'verified: the endpoint confirmed',
  deadLettered: (reason: string) => `a delivery was dead-lettered: ${reason}`,
  deliveredAgain: 'a delivery succeeded again',
  gone: 'endpoint answered 410 Gone: it asks not to be called again',
  failingTooLong: (days: number) => `no successful delivery for ${days} days`,
} as const;

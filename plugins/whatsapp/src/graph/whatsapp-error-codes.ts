/** The WhatsApp error codes the plugin acts on (Meta: "Cloud API error codes"). */
export const WhatsAppError = {
  /** More than 24 hours since the customer last wrote: only a template may go. */
  reEngagement: 131047,
  /** Not a WhatsApp number, blocked the business, too old a WhatsApp, ... */
  undeliverable: 131026,
  /** The Cloud API's throughput for this number is reached. */
  throughput: 130429,
  /** Too many messages to the same customer in a short time. */
  pairRateLimit: 131056,
  /** The template's body parameters do not match the count sent. */
  templateParameters: 132000,
  /** The template does not exist in that language (or is not approved). */
  templateMissing: 132001,
  /** The business account is restricted for a policy violation. */
  policy: 368,
  /** The access token expired or was revoked. */
  token: 190,
} as const;

/** What a reply outside the window fails with, whether the plugin or Meta refused it. */
export const WINDOW_CLOSED =
  'the 24-hour customer service window is closed: send an approved template';

/** Graph's codes for "try again soon": API busy, call-rate limits, temporary errors. */
export const TRANSIENT_CODES: ReadonlySet<number> = new Set([
  1, 2, 4, 17, 32, 613, 80007, 130429, 131000, 131056, 133004,
]);

/** Graph error codes the plugin acts on (Messenger Platform "Common Error Codes"). */
export const GraphCode = {
  /** Permission denied; on a send: outside the allowed window (2018278, Instagram 2534022). */
  OUTSIDE_WINDOW: 10,
  /** The person isn't available right now (blocked the Page, deactivated, …). */
  UNAVAILABLE: 551,
  /** Invalid or expired access token. */
  INVALID_TOKEN: 190,
} as const;

/** Rate limits: application (4), user (17), page (32), API (613), Messenger's per-thread (80006). */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([4, 17, 32, 613, 80006]);

/** Meta's own trouble, worth another try: unknown (1), service (2), temporary send failure (1200). */
export const TEMPORARY_CODES: ReadonlySet<number> = new Set([1, 2, 1200]);

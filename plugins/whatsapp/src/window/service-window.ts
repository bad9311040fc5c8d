/** WhatsApp's customer service window: free-form messages within 24 h of the customer's last. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Whether a free-form reply may go to a customer who last wrote at `lastCustomerMessageAt`
 * (ISO time, null: never). A minute is kept in hand: a reply that takes a while to reach Meta
 * would otherwise be accepted and then fail with 131047 after all.
 */
export function windowOpen(
  lastCustomerMessageAt: string | null,
  now: number = Date.now(),
): boolean {
  if (!lastCustomerMessageAt) return false;
  const at = Date.parse(lastCustomerMessageAt);
  return Number.isFinite(at) && now - at < SERVICE_WINDOW_MS - 60_000;
}

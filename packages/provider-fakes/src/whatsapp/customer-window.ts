/** WhatsApp's customer service window: free-form messages only within 24 h of the customer's last. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Whether a free-form message may reach a customer who last wrote at `lastMessageAt`. */
export function windowOpen(lastMessageAt: number | null, now: number): boolean {
  return lastMessageAt !== null && now - lastMessageAt < SERVICE_WINDOW_MS;
}

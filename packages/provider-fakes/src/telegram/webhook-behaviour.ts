/** How the fake delivers updates to a webhook. */
export interface WebhookBehaviour {
  /**
   * Waits before each new attempt after a non-2xx answer, a timeout or a refused connection;
   * after the last, the update is dropped and `last_error_message` tells why, as at Telegram.
   * Default `[200, 1000, 3000, 10000]`.
   */
  retryDelaysMs?: number[];
  /** Deliver every update twice (the second after the first was answered): a duplicate. */
  duplicate?: boolean;
  /** How long to wait for the webhook's answer; default 10 s. */
  timeoutMs?: number;
}

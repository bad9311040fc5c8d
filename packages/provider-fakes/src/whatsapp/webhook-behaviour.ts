/** How the fake delivers webhooks to the plugin, to reproduce what Meta's do. */
export interface WhatsAppWebhookBehaviour {
  /** Deliver every webhook twice (a second POST, as Meta's at-least-once delivery does). */
  duplicate?: boolean;
  /** Deliver a message's status webhooks out of order: the first status again after the last one. */
  shuffle?: boolean;
  /** Wait this long before each webhook. Default 0. */
  delayMs?: number;
  /**
   * Make the first attempt of a send's status webhooks before the API answers the send (the
   * plugin has no wamid yet). Retries go on in the background.
   */
  beforeResponse?: boolean;
  /**
   * Waits before each retry of a webhook the plugin did not answer 200 (Meta retries with
   * decreasing frequency for up to 7 days). Default 1 s, 2 s, 4 s, 8 s, 16 s; `[]`: no retries.
   */
  retryDelaysMs?: readonly number[];
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000];

/** One webhook POST the fake made (each retry is an attempt of the same delivery). */
export interface MessengerWebhookDelivery {
  url: string;
  /** `page` (Messenger) or `instagram`. */
  object: 'page' | 'instagram';
  /** The exact bytes posted (and signed). */
  body: string;
  /** `X-Hub-Signature-256` sent, if any. */
  signature: string | undefined;
  /** What the plugin answered each attempt: the status, or null and why it was unreachable. */
  attempts: { status: number | null; error?: string; body: string }[];
  /** The last attempt's status (200 once it was taken). */
  status: number | null;
  /** The message ids the delivery carried (customer messages and echoes). */
  mids: string[];
}

/** How the fake POSTs its webhooks. */
export interface MessengerWebhookBehaviour {
  /** Wait this long before each POST. Default 0. */
  delayMs?: number;
  /**
   * Delays before each retry of a POST the plugin did not answer 200 (Meta retries with
   * back-off for hours). Default `[200, 1000, 3000]`; `[]` never retries.
   */
  retryDelaysMs?: readonly number[];
  /**
   * Escape non-ASCII as `\uXXXX` (lower-case hex) and `/` as `\/`, as Meta does: the signature
   * covers the escaped bytes. Default true; false posts raw UTF-8.
   */
  escapeUnicode?: boolean;
}

/** How one POST of events is made. */
export interface MessengerPostOptions {
  /** `valid` (default): signed with the app secret; `wrong`: another secret; `none`: no header. */
  signWith?: 'valid' | 'wrong' | 'none';
  /** POST the same bytes twice, as Meta does now and then. */
  twice?: boolean;
  /** Wait this long first (a late webhook). */
  delayMs?: number;
  /** Override the behaviour's retries for this POST. */
  retryDelaysMs?: readonly number[];
}

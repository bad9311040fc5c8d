/** How the fake delivers status callbacks, to reproduce what real ones do. */
export interface CallbackBehaviour {
  /** Deliver every callback twice, as a separate webhook (its own `I-Twilio-Idempotency-Token`). */
  duplicate?: boolean;
  /** Deliver a message's callbacks out of order: the first status again after the final one. */
  shuffle?: boolean;
  /** Wait this long before each callback. Default 0. */
  delayMs?: number;
  /** Deliver a send's callbacks before the API answers the send (the plugin has no SID yet). */
  beforeResponse?: boolean;
  /** Parameters added to every callback, as Twilio adds new ones without notice. */
  extraParams?: Readonly<Record<string, string>>;
}

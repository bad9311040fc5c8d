import type { FloodLimits } from './flood-control.js';
import type { WebhookBehaviour } from './webhook-behaviour.js';

/** How a FakeTelegram starts. */
export interface FakeTelegramOptions {
  /** The bot's token, `<bot id>:<35 characters>`; default a random one (`fake.token`). */
  token?: string;
  /** The bot's username (without @); default `casehub_test_bot`. */
  username?: string;
  /** The bot's display name; default `CaseHub Support`. */
  firstName?: string;
  /** Port on 127.0.0.1; default 0, a free one. */
  port?: number;
  /**
   * Telegram's per-chat and overall flood limits, enforced with 429 `retry_after` when set
   * (by default the fake limits nothing on its own; `floodWait` injects a wait).
   */
  floodLimits?: FloodLimits;
  /** How updates travel to a webhook (retries, duplicates). */
  webhook?: WebhookBehaviour;
  /** Refuse `setWebhook` with a non-HTTPS URL, as Telegram does (default false: tests use http). */
  requireHttps?: boolean;
}

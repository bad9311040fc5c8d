/** Telegram's error answer: `{ ok: false, error_code, description, parameters? }`. */
export interface BotApiErrorBody {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/**
 * A Bot API request that failed: Telegram's answer (its error code, description and
 * parameters), or no answer at all (`errorCode` null: the network, a timeout).
 */
export class TelegramApiError extends Error {
  override name = 'TelegramApiError';

  constructor(
    /** Telegram's `error_code` (the HTTP status); null when Telegram never answered. */
    readonly errorCode: number | null,
    /** Telegram's description, e.g. `Forbidden: bot was blocked by the user`. */
    readonly description: string,
    /** `parameters.retry_after` of a 429, in seconds. */
    readonly retryAfter: number | null = null,
    /** `parameters.migrate_to_chat_id`: the group became this supergroup. */
    readonly migrateToChatId: number | null = null,
  ) {
    super(description);
  }

  /** Worth another try later: no answer, flood control, Telegram's own trouble, credentials. */
  get transient(): boolean {
    const c = this.errorCode;
    // 401/404: a revoked or mistyped token: an operator can fix it while the messages wait.
    return c === null || c === 429 || c >= 500 || c === 401 || c === 404;
  }

  /** How it reads on a message: `telegram 400: Bad Request: chat not found`. */
  get reason(): string {
    if (this.errorCode === null) return `telegram unreachable: ${this.description}`;
    return `telegram ${this.errorCode}: ${this.description}`;
  }
}

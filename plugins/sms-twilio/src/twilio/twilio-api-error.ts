/** Twilio's error body: `{ code, message, more_info, status }`. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info?: string;
  status?: number;
}

/**
 * A Twilio request that failed: Twilio's answer (HTTP status, its error code and message), or
 * no answer at all (`status` null: the network, a timeout).
 */
export class TwilioApiError extends Error {
  override name = 'TwilioApiError';

  constructor(
    /** HTTP status; null when Twilio never answered. */
    readonly status: number | null,
    /** Twilio's error code (21610, 20429, ...); null without one. */
    readonly code: number | null,
    message: string,
    /** From `Retry-After`, when Twilio sent it. */
    readonly retryAfterMs: number | null = null,
    readonly moreInfo: string | null = null,
  ) {
    super(message);
  }

  /** Worth another try later: no answer, too many requests, or Twilio's own trouble. */
  get transient(): boolean {
    return (
      this.status === null ||
      this.status === 429 ||
      this.code === 20429 ||
      this.status >= 500 ||
      // Credentials refused: an operator can fix them while the messages wait.
      this.status === 401 ||
      this.status === 403
    );
  }

  /** How it reads on a message: `twilio 21614: 'To' number is not a valid mobile number`. */
  get reason(): string {
    if (this.status === null) return `twilio unreachable: ${this.message}`;
    return `twilio ${this.code ?? this.status}: ${this.message}`;
  }
}

/** The seconds of a `Retry-After` header (or its HTTP date) as milliseconds. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

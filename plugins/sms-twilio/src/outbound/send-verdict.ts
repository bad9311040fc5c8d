import { OPTED_OUT } from '../twilio/twilio-error-codes.js';
import { TwilioApiError } from '../twilio/twilio-api-error.js';

/** What to do about a send Twilio did not accept. */
export type SendVerdict =
  /** Twilio is busy or away: try again after `delayMs`. */
  | { kind: 'later'; delayMs: number; reason: string }
  /** The recipient texted STOP to Twilio: record the opt-out, never retry. */
  | { kind: 'opted_out'; reason: string }
  /** Twilio refused this message for good (bad or non-mobile number, ...). */
  | { kind: 'failed'; reason: string };

const MAX_DELAY_MS = 5 * 60_000;

/**
 * Reads a failed send: 429/20429, 5xx and no answer wait (Twilio's `Retry-After` when it says,
 * else doubling from 1 s); 21610 is an opt-out; any other refusal is final.
 */
export function sendVerdict(err: TwilioApiError, attempt: number): SendVerdict {
  if (err.code === OPTED_OUT) return { kind: 'opted_out', reason: err.reason };
  if (err.transient) {
    const backoff = Math.min(MAX_DELAY_MS, 1_000 * 2 ** Math.max(0, attempt - 1));
    const delayMs = Math.min(MAX_DELAY_MS, err.retryAfterMs ?? backoff);
    return { kind: 'later', delayMs, reason: err.reason };
  }
  return { kind: 'failed', reason: err.reason };
}

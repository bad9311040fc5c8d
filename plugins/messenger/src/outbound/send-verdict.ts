import { GraphApiError } from '../graph/graph-api-error.js';
import { GraphCode, RATE_LIMIT_CODES, TEMPORARY_CODES } from '../graph/graph-error-codes.js';

/** What to do about a send Meta did not accept. */
export type SendVerdict =
  /** Rate-limited, Meta busy or away, the token refused: try again after `delayMs`. */
  | { kind: 'later'; delayMs: number; reason: string }
  /** Refused for good (window closed, person unavailable, a bad request): the reason. */
  | { kind: 'failed'; reason: string };

const MAX_DELAY_MS = 5 * 60_000;

/**
 * Reads a refused send: #10 is a closed window and #551 an unavailable person (both final, with
 * a sentence for the agent); rate limits (4, 17, 32, 613, 80006), Meta's temporary errors, 5xx,
 * no answer and a refused token (an operator can fix it while replies wait) are tried again,
 * doubling from 1 s; anything else is final with Meta's code and message.
 */
export function sendVerdict(err: GraphApiError, attempt: number): SendVerdict {
  if (err.code === GraphCode.OUTSIDE_WINDOW) {
    return { kind: 'failed', reason: `window closed: Meta refused the message (${err.reason})` };
  }
  if (err.code === GraphCode.UNAVAILABLE) {
    return { kind: 'failed', reason: `the person is not available (${err.reason})` };
  }
  const transient =
    err.status === null ||
    err.status >= 500 ||
    err.status === 429 ||
    (err.code !== null &&
      (RATE_LIMIT_CODES.has(err.code) ||
        TEMPORARY_CODES.has(err.code) ||
        err.code === GraphCode.INVALID_TOKEN));
  if (transient) {
    const delayMs = Math.min(MAX_DELAY_MS, 1_000 * 2 ** Math.max(0, attempt - 1));
    return { kind: 'later', delayMs, reason: err.reason };
  }
  return { kind: 'failed', reason: err.reason };
}

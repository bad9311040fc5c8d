import { GraphApiError } from '../graph/graph-api-error.js';
import { TRANSIENT_CODES, WhatsAppError, WINDOW_CLOSED } from '../graph/whatsapp-error-codes.js';

/** What to do about a send Graph did not accept. */
export type SendVerdict =
  /** Graph is busy, rate-limiting or away: try again after `delayMs`. */
  | { kind: 'later'; delayMs: number; reason: string }
  /** Refused for good: the reason goes on the message. */
  | { kind: 'failed'; reason: string };

/** A template being sent, for the words of its errors. */
export interface TemplateRef {
  name: string;
  language: string;
}

export const UNDELIVERABLE =
  'whatsapp 131026: message undeliverable (the number may not be on WhatsApp, may have blocked the business, or needs a newer WhatsApp)';

const MAX_DELAY_MS = 5 * 60_000;
const backoff = (firstMs: number, attempt: number) =>
  Math.min(MAX_DELAY_MS, firstMs * 2 ** Math.max(0, attempt - 1));

/**
 * Reads a refused send: the window closed (131047), undeliverable (131026), template errors
 * (132000, 132001) and a policy block (368) are final; rate limits (130429 throughput, 131056
 * too many to one customer) wait with back-off, as do Graph's temporary errors, 5xx, no answer
 * and a refused token (401/190: an operator can fix it while the replies wait).
 */
export function sendVerdict(
  err: GraphApiError,
  attempt: number,
  template?: TemplateRef,
): SendVerdict {
  const code = err.code;
  const named = template ? `template ${template.name} (${template.language})` : 'the template';
  switch (code ?? 0) {
    case WhatsAppError.reEngagement:
      return { kind: 'failed', reason: WINDOW_CLOSED };
    case WhatsAppError.undeliverable:
      return { kind: 'failed', reason: UNDELIVERABLE };
    case WhatsAppError.templateParameters:
      return {
        kind: 'failed',
        reason: `${named}: the number of parameters does not match the template's (whatsapp 132000)`,
      };
    case WhatsAppError.templateMissing:
      return {
        kind: 'failed',
        reason: `${named} does not exist in that language or is not approved (whatsapp 132001)`,
      };
    case WhatsAppError.policy:
      return {
        kind: 'failed',
        reason: 'whatsapp 368: the business account is temporarily blocked for policy violations',
      };
    case WhatsAppError.pairRateLimit:
      // Meta asks for a pause before writing to the same customer again.
      return { kind: 'later', delayMs: backoff(6_000, attempt), reason: err.reason };
    default:
      break;
  }
  const transient =
    err.status === null ||
    err.status >= 500 ||
    err.status === 429 ||
    err.status === 401 ||
    code === WhatsAppError.token ||
    (code !== null && TRANSIENT_CODES.has(code));
  if (transient) return { kind: 'later', delayMs: backoff(1_000, attempt), reason: err.reason };
  return { kind: 'failed', reason: err.reason };
}

/** One entry of a failed status webhook's `errors[]`. */
export interface StatusError {
  code?: number;
  title?: string;
  message?: string;
  error_data?: { details?: string };
}

/** What a `failed` status webhook puts on the message. */
export function statusFailure(errors: readonly StatusError[] | undefined): string {
  const e = errors?.[0];
  if (!e || typeof e.code !== 'number') return 'whatsapp: failed without a reason';
  if (e.code === WhatsAppError.reEngagement) return WINDOW_CLOSED;
  if (e.code === WhatsAppError.undeliverable) return UNDELIVERABLE;
  const what = e.title ?? e.message ?? 'failed';
  const details = e.error_data?.details;
  return `whatsapp ${e.code}: ${what}${details ? ` (${details})` : ''}`;
}

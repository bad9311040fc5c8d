import { whatsappError, type GraphError } from './graph-error.js';

/**
 * A refusal a test injects with `failNext`: WhatsApp's error code, answered with Graph's
 * envelope, e.g. `{ code: 130429 }` (throughput), `{ code: 131056 }` (pair rate limit),
 * `{ code: 368 }` (policy), `{ code: 131047 }` (window closed, on the send).
 */
export interface WhatsAppInjectedFailure {
  code: number;
  /** HTTP status. Default 400, as Graph answers WhatsApp's errors. */
  status?: number;
  /** `error_data.details`; default Meta's wording for the code. */
  details?: string;
}

export function injectedError(failure: WhatsAppInjectedFailure): GraphError {
  return whatsappError(failure.code, failure.status ?? 400, failure.details);
}

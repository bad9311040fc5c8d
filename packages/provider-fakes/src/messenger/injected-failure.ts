import { MessengerGraphError } from './graph-error.js';

const DEFAULTS: Readonly<Record<number, { message: string; status: number }>> = {
  1: { message: 'An unknown error occurred', status: 500 },
  2: { message: 'An unexpected error has occurred. Please retry your request later.', status: 503 },
  4: { message: '(#4) Application request limit reached', status: 400 },
  190: { message: 'Invalid OAuth access token.', status: 401 },
  613: { message: '(#613) Calls to this api have exceeded the rate limit.', status: 400 },
  1200: { message: 'Temporary send message failure. Please try again later', status: 500 },
};

/**
 * A failure a test injects with `failNext`: Graph's code (and subcode), with Meta's wording and
 * HTTP status for it by default, e.g. `{ code: 613 }` or `{ code: 4 }` (rate limits),
 * `{ code: 2 }` (Meta's own trouble).
 */
export interface MessengerInjectedFailure {
  code: number;
  subcode?: number;
  message?: string;
  /** HTTP status; by default 400, 401 for 190, 5xx for 1, 2 and 1200. */
  status?: number;
}

export function injectedError(failure: MessengerInjectedFailure): MessengerGraphError {
  const defaults = DEFAULTS[failure.code] ?? { message: `(#${failure.code}) Error`, status: 400 };
  return new MessengerGraphError(
    failure.status ?? defaults.status,
    failure.code,
    failure.message ?? defaults.message,
    failure.subcode,
  );
}

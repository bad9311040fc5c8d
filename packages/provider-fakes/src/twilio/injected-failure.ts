import { TwilioError } from './twilio-error.js';

const defaultsByStatus: Readonly<Record<number, { code: number; message: string }>> = {
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'Internal Server Error' },
  502: { code: 20502, message: 'Bad Gateway' },
  503: { code: 20503, message: 'Service Unavailable' },
};

/** A failure a test injects with `failNext`: a status, and Twilio's code and message for it by default. */
export interface InjectedFailure {
  /** HTTP status: 429, 500, 503, … */
  status: number;
  /** Twilio error code; by default 20429 for 429, 20500 for 500, 20503 for 503. */
  code?: number;
  message?: string;
  /** Seconds, sent as the `Retry-After` header. */
  retryAfter?: number;
}

export function injectedError(failure: InjectedFailure): TwilioError {
  const defaults = defaultsByStatus[failure.status] ?? { code: 20001, message: 'Error' };
  return new TwilioError(
    failure.status,
    failure.code ?? defaults.code,
    failure.message ?? defaults.message,
    failure.retryAfter === undefined ? {} : { 'Retry-After': String(failure.retryAfter) },
  );
}

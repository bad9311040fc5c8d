import { BotApiError } from './bot-api-error.js';
import type { ResponseParameters } from './bot-api-types.js';

/** A failure a test injects with `failNext`: the error answer, and which requests it hits. */
export interface InjectedFailure {
  /** Only this method (case-insensitive); default any method but getUpdates. */
  method?: string;
  /** Only requests for this `chat_id`. */
  chatId?: number;
  /** 400, 403, 429, 500, 502, … */
  errorCode: number;
  /** Default by code, e.g. `Internal Server Error` for 500. */
  description?: string;
  parameters?: ResponseParameters;
}

const DEFAULTS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

export function injectedError(f: InjectedFailure): BotApiError {
  if (f.errorCode === 429) {
    const parameters = { retry_after: 1, ...f.parameters };
    const description = f.description ?? `Too Many Requests: retry after ${parameters.retry_after}`;
    return new BotApiError(429, description, parameters);
  }
  return new BotApiError(
    f.errorCode,
    f.description ?? DEFAULTS[f.errorCode] ?? 'Error',
    f.parameters,
  );
}

import type { ResponseParameters } from './bot-api-types.js';

/** An error answer of the Bot API: `{ ok: false, error_code, description, parameters? }`. */
export class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
  }

  get body(): {
    ok: false;
    error_code: number;
    description: string;
    parameters?: ResponseParameters;
  } {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

const bad = (what: string) => new BotApiError(400, `Bad Request: ${what}`);

/** The error answers Telegram gives, with its own wording. */
export const botErrors = {
  unauthorized: () => new BotApiError(401, 'Unauthorized'),
  notFound: () => new BotApiError(404, 'Not Found'),
  chatNotFound: () => bad('chat not found'),
  textEmpty: () => bad('message text is empty'),
  textTooLong: () => bad('message is too long'),
  captionTooLong: () => bad('message caption is too long'),
  replyNotFound: () => bad('message to be replied not found'),
  threadNotFound: () => bad('message thread not found'),
  noFile: (kind: 'photo' | 'document') => bad(`there is no ${kind} in the request`),
  wrongFileId: () => bad('wrong file identifier/HTTP URL specified'),
  invalidFileId: () => bad('invalid file_id'),
  fileTooBig: () => bad('file is too big'),
  missing: (parameter: string) => bad(`${parameter} is required`),
  invalid: (what: string) => bad(what),
  secretToken: () => bad('secret token contains unallowed characters'),
  badWebhookUrl: () => bad('bad webhook: An HTTPS URL must be provided for webhook'),
  migrated: (to: number) =>
    new BotApiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
      migrate_to_chat_id: to,
    }),
  blocked: () => new BotApiError(403, 'Forbidden: bot was blocked by the user'),
  kicked: (supergroup: boolean) =>
    new BotApiError(
      403,
      `Forbidden: bot was kicked from the ${supergroup ? 'supergroup' : 'group'} chat`,
    ),
  webhookActive: () =>
    new BotApiError(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    ),
  otherPoller: () =>
    new BotApiError(
      409,
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    ),
  tooManyRequests: (retryAfter: number) =>
    new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, {
      retry_after: retryAfter,
    }),
};

import { TelegramApiError } from '../bot-api/telegram-api-error.js';

/** Nobody sends into this chat until `until` (epoch ms): Telegram's `retry_after`, shared. */
export class FloodWait extends Error {
  override name = 'FloodWait';

  constructor(
    readonly chatId: number,
    readonly until: number,
  ) {
    super(`Telegram asks to wait before sending into chat ${chatId} again`);
  }
}

/** Another replica (or handler) is sending this message now: look again shortly. */
export class SendingElsewhere extends Error {
  override name = 'SendingElsewhere';

  constructor(
    readonly key: string,
    /** When to look again: when the other sender's claim runs out, if it never writes again. */
    readonly retryInMs = 1_000,
  ) {
    super(`${key} is being sent elsewhere`);
  }
}

/** A file of the reply this plugin cannot get hold of: no retry brings it. */
export class AttachmentUnavailable extends Error {
  override name = 'AttachmentUnavailable';
}

/** What to do about a send that did not go through. */
export type SendVerdict =
  /** Flood control, Telegram away or busy: try again after `delayMs`. */
  | { kind: 'later'; delayMs: number; reason: string }
  /** The user blocked the bot, or the group removed it: record the opt-out, never retry. */
  | { kind: 'blocked'; reason: string; source: string }
  /** Refused for good (chat not found, text rejected, a file missing, …). */
  | { kind: 'failed'; reason: string };

const MAX_DELAY_MS = 5 * 60_000;

/**
 * Reads a failed send: flood waits last as long as Telegram said (`retry_after`); no answer, 5xx
 * and a refused token wait, doubling from a second; 403 is the customer's (or the group's) "no";
 * any other refusal is final, with Telegram's description. Null for an error of our own (the
 * event is retried as any failure).
 */
export function sendVerdict(err: unknown, attempt: number, now = Date.now()): SendVerdict | null {
  if (err instanceof FloodWait) {
    return {
      kind: 'later',
      delayMs: Math.min(MAX_DELAY_MS, Math.max(100, err.until - now)),
      reason: `flood control in chat ${err.chatId}`,
    };
  }
  if (err instanceof SendingElsewhere)
    return { kind: 'later', delayMs: Math.max(500, err.retryInMs), reason: err.message };
  if (err instanceof AttachmentUnavailable) return { kind: 'failed', reason: err.message };
  if (!(err instanceof TelegramApiError)) return null;
  if (err.errorCode === 403) {
    const blocked = /blocked by the user/i.test(err.description);
    const removed = /kicked|not a member|removed/i.test(err.description);
    return {
      kind: 'blocked',
      reason: blocked
        ? `the customer blocked the bot on Telegram (${err.reason})`
        : removed
          ? `the bot is no longer in this Telegram group (${err.reason})`
          : `Telegram refuses to deliver to this chat (${err.reason})`,
      source: blocked
        ? 'Telegram: bot blocked by the user'
        : removed
          ? 'Telegram: bot removed from the group'
          : `Telegram: ${err.description}`.slice(0, 200),
    };
  }
  if (err.transient) {
    const backoff = Math.min(MAX_DELAY_MS, 1_000 * 2 ** Math.max(0, attempt - 1));
    const delayMs = err.retryAfter !== null ? err.retryAfter * 1000 : backoff;
    return { kind: 'later', delayMs: Math.min(MAX_DELAY_MS, delayMs), reason: err.reason };
  }
  return { kind: 'failed', reason: err.reason };
}

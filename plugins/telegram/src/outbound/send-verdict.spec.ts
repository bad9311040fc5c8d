import { describe, expect, it } from 'vitest';
import { TelegramApiError } from '../bot-api/telegram-api-error.js';
import { AttachmentUnavailable, FloodWait, sendVerdict } from './send-verdict.js';

const telegram = (code: number | null, description: string, retryAfter: number | null = null) =>
  new TelegramApiError(code, description, retryAfter);

describe('what a refused send means', () => {
  it('waits out flood control until the time shared for the chat', () => {
    expect(sendVerdict(new FloodWait(42, 10_000), 1, 7_000)).toMatchObject({
      kind: 'later',
      delayMs: 3_000,
    });
  });

  it('waits for Telegram when it is away, doubling from a second', () => {
    expect(sendVerdict(telegram(502, 'Bad Gateway'), 3)).toMatchObject({
      kind: 'later',
      delayMs: 4_000,
    });
    expect(sendVerdict(telegram(null, 'ECONNREFUSED'), 1)).toMatchObject({
      kind: 'later',
      delayMs: 1_000,
      reason: 'telegram unreachable: ECONNREFUSED',
    });
  });

  it("reads 403 as the customer's no, with a sentence saying whose", () => {
    expect(sendVerdict(telegram(403, 'Forbidden: bot was blocked by the user'), 1)).toEqual({
      kind: 'blocked',
      reason:
        'the customer blocked the bot on Telegram (telegram 403: Forbidden: bot was blocked by the user)',
      source: 'Telegram: bot blocked by the user',
    });
    expect(
      sendVerdict(telegram(403, 'Forbidden: bot was kicked from the supergroup chat'), 1),
    ).toMatchObject({ kind: 'blocked', source: 'Telegram: bot removed from the group' });
  });

  it("fails other refusals with Telegram's description, and leaves our own errors to retries", () => {
    expect(sendVerdict(telegram(400, 'Bad Request: chat not found'), 1)).toEqual({
      kind: 'failed',
      reason: 'telegram 400: Bad Request: chat not found',
    });
    expect(sendVerdict(new AttachmentUnavailable('invoice.pdf is no longer stored'), 1)).toEqual({
      kind: 'failed',
      reason: 'invoice.pdf is no longer stored',
    });
    expect(sendVerdict(new Error('NATS timeout'), 1)).toBeNull();
  });
});

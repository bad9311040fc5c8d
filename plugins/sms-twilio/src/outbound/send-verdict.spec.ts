import { describe, expect, it } from 'vitest';
import { TwilioApiError } from '../twilio/twilio-api-error.js';
import { sendVerdict } from './send-verdict.js';

const twilio = (status: number | null, code: number | null, retryAfterMs: number | null = null) =>
  new TwilioApiError(status, code, 'message', retryAfterMs);

describe('what a refused send means', () => {
  it('waits as long as Twilio asks on 429, else doubles from a second', () => {
    expect(sendVerdict(twilio(429, 20429, 3_000), 1)).toMatchObject({
      kind: 'later',
      delayMs: 3_000,
    });
    expect(sendVerdict(twilio(503, 20503), 3)).toMatchObject({ kind: 'later', delayMs: 4_000 });
    expect(sendVerdict(twilio(null, null), 1)).toMatchObject({ kind: 'later', delayMs: 1_000 });
  });

  it('reads 21610 as an opt-out and other refusals as final, with the reason', () => {
    expect(sendVerdict(twilio(400, 21610), 1).kind).toBe('opted_out');
    expect(sendVerdict(twilio(400, 21614), 1)).toEqual({
      kind: 'failed',
      reason: 'twilio 21614: message',
    });
    expect(sendVerdict(twilio(400, 21211), 1).kind).toBe('failed');
  });
});

import { describe, expect, it } from 'vitest';
import { GraphApiError } from '../graph/graph-api-error.js';
import { sendVerdict } from './send-verdict.js';

const meta = (
  status: number | null,
  code: number | null,
  subcode: number | null = null,
  message = 'message',
) => new GraphApiError(status, code, message, subcode);

describe('what a refused send means', () => {
  it('fails a message sent outside the window with the window error', () => {
    expect(
      sendVerdict(
        meta(400, 10, 2018278, '(#10) This message is sent outside of allowed window.'),
        1,
      ),
    ).toEqual({
      kind: 'failed',
      reason:
        'window closed: Meta refused the message (meta #10/2018278: (#10) This message is sent outside of allowed window.)',
    });
  });

  it('fails at once for a person who is not available', () => {
    expect(sendVerdict(meta(400, 551, 1545041), 1)).toEqual({
      kind: 'failed',
      reason: 'the person is not available (meta #551/1545041: message)',
    });
  });

  it('waits out rate limits, Meta’s trouble and a refused token, doubling from a second', () => {
    expect(sendVerdict(meta(400, 613), 1)).toMatchObject({ kind: 'later', delayMs: 1_000 });
    expect(sendVerdict(meta(400, 4), 3)).toMatchObject({ kind: 'later', delayMs: 4_000 });
    expect(sendVerdict(meta(503, 2), 2)).toMatchObject({ kind: 'later', delayMs: 2_000 });
    expect(sendVerdict(meta(401, 190), 20)).toMatchObject({ kind: 'later', delayMs: 300_000 });
    expect(sendVerdict(meta(null, null), 1).kind).toBe('later');
  });

  it('fails anything else with Meta’s code and message', () => {
    expect(sendVerdict(meta(400, 100, 2018001, '(#100) No matching user found'), 1)).toEqual({
      kind: 'failed',
      reason: 'meta #100/2018001: (#100) No matching user found',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { GraphApiError } from '../graph/graph-api-error.js';
import { WINDOW_CLOSED } from '../graph/whatsapp-error-codes.js';
import { sendVerdict, statusFailure, UNDELIVERABLE } from './send-verdict.js';

const graph = (status: number | null, code: number | null, message = 'message', details?: string) =>
  new GraphApiError(status, code, message, details ?? null);

describe('what a refused send means', () => {
  it('fails a closed window with the window error, and an undeliverable number with its reason', () => {
    expect(sendVerdict(graph(400, 131047), 1)).toEqual({ kind: 'failed', reason: WINDOW_CLOSED });
    expect(WINDOW_CLOSED).toBe(
      'the 24-hour customer service window is closed: send an approved template',
    );
    expect(sendVerdict(graph(400, 131026), 1)).toEqual({ kind: 'failed', reason: UNDELIVERABLE });
  });

  it('waits out the throughput limit from a second and the pair limit from six, doubling', () => {
    expect(sendVerdict(graph(400, 130429), 1)).toMatchObject({ kind: 'later', delayMs: 1_000 });
    expect(sendVerdict(graph(400, 130429), 4)).toMatchObject({ kind: 'later', delayMs: 8_000 });
    expect(sendVerdict(graph(400, 131056), 1)).toMatchObject({ kind: 'later', delayMs: 6_000 });
    expect(sendVerdict(graph(400, 131056), 2)).toMatchObject({ kind: 'later', delayMs: 12_000 });
    expect(sendVerdict(graph(400, 130429), 30)).toMatchObject({ delayMs: 300_000 });
  });

  it('waits when Graph is away or the token is refused', () => {
    expect(sendVerdict(graph(null, null), 1).kind).toBe('later');
    expect(sendVerdict(graph(503, null), 1).kind).toBe('later');
    expect(sendVerdict(graph(401, 190), 1).kind).toBe('later');
    expect(sendVerdict(graph(400, 2), 1).kind).toBe('later');
  });

  it('names the template in its errors', () => {
    const t = { name: 'order_update', language: 'de' };
    expect(sendVerdict(graph(400, 132000), 1, t)).toEqual({
      kind: 'failed',
      reason:
        "template order_update (de): the number of parameters does not match the template's (whatsapp 132000)",
    });
    expect(sendVerdict(graph(404, 132001), 1, t)).toEqual({
      kind: 'failed',
      reason:
        'template order_update (de) does not exist in that language or is not approved (whatsapp 132001)',
    });
  });

  it('fails a policy block and anything else with Graph’s words and code', () => {
    expect(sendVerdict(graph(403, 368), 1)).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/^whatsapp 368: /),
    });
    expect(
      sendVerdict(
        graph(400, 100, '(#100) Invalid parameter', 'Param to is not a phone number.'),
        1,
      ),
    ).toEqual({
      kind: 'failed',
      reason: 'whatsapp 100: (#100) Invalid parameter (Param to is not a phone number.)',
    });
  });
});

describe('what a failed status webhook means', () => {
  it('reads 131047 as the window and 131026 as undeliverable', () => {
    expect(statusFailure([{ code: 131047, title: 'Re-engagement message' }])).toBe(WINDOW_CLOSED);
    expect(statusFailure([{ code: 131026, title: 'Message undeliverable' }])).toBe(UNDELIVERABLE);
  });

  it('keeps the code, title and details of any other error', () => {
    expect(
      statusFailure([
        { code: 131053, title: 'Media upload error', error_data: { details: 'Unsupported type' } },
      ]),
    ).toBe('whatsapp 131053: Media upload error (Unsupported type)');
    expect(statusFailure(undefined)).toBe('whatsapp: failed without a reason');
  });
});

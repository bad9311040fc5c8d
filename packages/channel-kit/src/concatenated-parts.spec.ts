import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConcatenatedPart, ConcatenatedParts } from './concatenated-parts.js';
import { splitForSmpp } from './split-for-smpp.js';
import { smsText } from './testing/sms-text.arbitrary.js';

const from = '+447700900123';

/** The parts `splitForSmpp` would send for `text`, as an SMSC delivers them to us. */
function partsOf(text: string, ref = 7, sender = from): ConcatenatedPart[] {
  const { dataCoding, parts } = splitForSmpp(text);
  return parts.map((payload, i) => ({
    from: sender,
    ref,
    total: parts.length,
    seq: i + 1,
    dataCoding,
    payload,
  }));
}

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('ConcatenatedParts', () => {
  it('gives the text once the last missing part arrives, whatever the order', () => {
    const text = 'a'.repeat(200) + '€' + 'b'.repeat(200);
    const [p1, p2, p3] = partsOf(text);
    const parts = new ConcatenatedParts();
    expect(parts.add(p3)).toBeNull();
    expect(parts.add(p1)).toBeNull();
    expect(parts.size).toBe(1);
    expect(parts.add(p2)).toBe(text);
    expect(parts.size).toBe(0);
  });

  it('gives a single-part message at once', () => {
    const [only] = partsOf('Hi 👋');
    expect(new ConcatenatedParts().add({ ...only, total: 1, seq: 1 })).toBe('Hi 👋');
  });

  it('joins a surrogate pair or an escape that another SMSC split across two parts', () => {
    const parts = new ConcatenatedParts();
    const part = (seq: number, dataCoding: number, payload: number[]) => ({
      from,
      ref: 1,
      total: 2,
      seq,
      dataCoding,
      payload: Buffer.from(payload),
    });
    parts.add(part(1, 0x08, [0, 0x48, 0xd8, 0x3d]));
    expect(parts.add(part(2, 0x08, [0xdc, 0x4b]))).toBe('H👋');
    parts.add({ ...part(1, 0x00, [0x48, 0x1b]), ref: 2 });
    expect(parts.add({ ...part(2, 0x00, [0x65]), ref: 2 })).toBe('H€');
  });

  it('counts a part received twice once', () => {
    const [p1, p2] = partsOf('x'.repeat(300));
    const parts = new ConcatenatedParts();
    expect(parts.add(p1)).toBeNull();
    expect(parts.add(p1)).toBeNull();
    expect(parts.add(p2)).toBe('x'.repeat(300));
  });

  it('recognises a part sent again just after its message was complete', () => {
    const c = clock();
    const [p1, p2] = partsOf('x'.repeat(300));
    const parts = new ConcatenatedParts({ now: c.now });
    parts.add(p1);
    parts.add(p2);
    c.advance(60_000);
    expect(parts.add(p2)).toBeNull();
    expect(parts.size).toBe(0);
  });

  it('takes a reused reference with new content as a new message', () => {
    const parts = new ConcatenatedParts();
    for (const p of partsOf('x'.repeat(300))) parts.add(p);
    const [q1, q2] = partsOf('y'.repeat(300));
    expect(parts.add(q1)).toBeNull();
    expect(parts.add(q2)).toBe('y'.repeat(300));
  });

  it('keeps the messages of two senders apart though they use the same reference', () => {
    const parts = new ConcatenatedParts();
    const [a1, a2] = partsOf('a'.repeat(300), 9, '+447700900001');
    const [b1, b2] = partsOf('b'.repeat(300), 9, '+447700900002');
    expect(parts.add(a1)).toBeNull();
    expect(parts.add(b2)).toBeNull();
    expect(parts.add(b1)).toBe('b'.repeat(300));
    expect(parts.add(a2)).toBe('a'.repeat(300));
  });

  it('keeps a message waiting when the sender reuses its reference for one of another length', () => {
    const parts = new ConcatenatedParts();
    const [long1, long2] = partsOf('a'.repeat(300));
    const three = partsOf('c'.repeat(400));
    expect(parts.add(long1)).toBeNull();
    for (const p of three.slice(0, 2)) expect(parts.add(p)).toBeNull();
    expect(parts.add(three[2])).toBe('c'.repeat(400));
    expect(parts.add(long2)).toBe('a'.repeat(300));
  });

  it('hands back a message whose parts did not all come within maxAgeMs', () => {
    const c = clock(1_000);
    const parts = new ConcatenatedParts({ maxAgeMs: 60_000, now: c.now });
    const [p1, , p3] = partsOf('a'.repeat(153) + 'b'.repeat(153) + 'c'.repeat(10));
    parts.add(p1);
    parts.add(p3);
    c.advance(59_999);
    expect(parts.evictExpired()).toEqual([]);
    c.advance(1);
    expect(parts.evictExpired()).toEqual([
      { from, ref: 7, total: 3, received: [1, 3], text: 'a'.repeat(153) + 'c'.repeat(10) },
    ]);
    expect(parts.size).toBe(0);
  });

  it('refuses a part numbered outside its message', () => {
    const [p1] = partsOf('x'.repeat(300));
    const parts = new ConcatenatedParts();
    expect(() => parts.add({ ...p1, seq: 0 })).toThrow(RangeError);
    expect(() => parts.add({ ...p1, seq: 3 })).toThrow(RangeError);
  });

  it('puts any text back together from its parts in any order, duplicates included', () => {
    fc.assert(
      fc.property(
        smsText(400).chain((text) => {
          const parts = partsOf(text);
          return fc.record({
            text: fc.constant(text),
            arrivals: fc
              .shuffledSubarray(parts, { minLength: parts.length, maxLength: parts.length })
              .chain((all) =>
                fc.array(fc.constantFrom(...all), { maxLength: 3 }).chain((again) =>
                  fc.shuffledSubarray([...all, ...again], {
                    minLength: all.length + again.length,
                    maxLength: all.length + again.length,
                  }),
                ),
              ),
          });
        }),
        ({ text, arrivals }) => {
          const parts = new ConcatenatedParts();
          const seen = new Set<number>();
          const results: (string | null)[] = [];
          for (const part of arrivals) {
            results.push(parts.add(part));
            seen.add(part.seq);
            if (seen.size === part.total) break;
          }
          expect(results.filter((r) => r !== null)).toEqual([text]);
          expect(results[results.length - 1]).toBe(text);
        },
      ),
    );
  });
});

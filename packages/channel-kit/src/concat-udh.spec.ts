import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatUdh } from './concat-udh.js';
import { readUdh } from './read-udh.js';

describe('concatUdh', () => {
  it('writes 05 00 03 ref total seq', () => {
    expect([...concatUdh(0x2a, 3, 1)]).toEqual([0x05, 0x00, 0x03, 0x2a, 0x03, 0x01]);
    expect([...concatUdh(255, 255, 255)]).toEqual([0x05, 0x00, 0x03, 0xff, 0xff, 0xff]);
  });

  it.each([
    [256, 2, 1],
    [-1, 2, 1],
    [1.5, 2, 1],
    [1, 0, 1],
    [1, 256, 1],
    [1, 2, 0],
    [1, 2, 3],
    [1, 2, Number.NaN],
  ])('refuses ref %d, total %d, seq %d', (ref, total, seq) => {
    expect(() => concatUdh(ref, total, seq)).toThrow(RangeError);
  });

  it('is read back by readUdh', () => {
    const header = fc
      .record({ ref: fc.integer({ min: 0, max: 255 }), total: fc.integer({ min: 1, max: 255 }) })
      .chain(({ ref, total }) =>
        fc.record({
          ref: fc.constant(ref),
          total: fc.constant(total),
          seq: fc.integer({ min: 1, max: total }),
        }),
      );
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 153 }), ({ ref, total, seq }, payload) => {
        const read = readUdh(Buffer.concat([concatUdh(ref, total, seq), payload]));
        expect(read?.concat).toEqual({ ref, total, seq });
        expect([...read!.payload]).toEqual([...payload]);
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { readUdh } from './read-udh.js';

describe('readUdh', () => {
  it('reads an 8-bit reference concatenation header and the payload after it', () => {
    expect(readUdh(Buffer.from([0x05, 0x00, 0x03, 0x2a, 0x02, 0x01, 0x48, 0x69]))).toEqual({
      concat: { ref: 0x2a, total: 2, seq: 1 },
      payload: Buffer.from([0x48, 0x69]),
    });
  });

  it('reads a 16-bit reference concatenation header', () => {
    expect(readUdh(Buffer.from([0x06, 0x08, 0x04, 0x12, 0x34, 0x03, 0x02, 0x41]))).toEqual({
      concat: { ref: 0x1234, total: 3, seq: 2 },
      payload: Buffer.from([0x41]),
    });
  });

  it('finds the concatenation element among others', () => {
    // A port-addressing element (05 04 ...) before the concatenation one.
    const header = [0x0b, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0, 0x00, 0x03, 0x07, 0x02, 0x02];
    expect(readUdh(Buffer.from([...header, 0x41]))).toEqual({
      concat: { ref: 7, total: 2, seq: 2 },
      payload: Buffer.from([0x41]),
    });
  });

  it('reads a header without concatenation as a message of its own', () => {
    expect(readUdh(Buffer.from([0x03, 0x24, 0x01, 0x01, 0x41]))).toEqual({
      concat: undefined,
      payload: Buffer.from([0x41]),
    });
  });

  it('ignores a concatenation element with impossible numbers', () => {
    expect(readUdh(Buffer.from([0x05, 0x00, 0x03, 0x01, 0x02, 0x00]))?.concat).toBeUndefined();
    expect(readUdh(Buffer.from([0x05, 0x00, 0x03, 0x01, 0x02, 0x03]))?.concat).toBeUndefined();
    expect(readUdh(Buffer.from([0x05, 0x00, 0x03, 0x01, 0x00, 0x00]))?.concat).toBeUndefined();
  });

  it('gives null for octets that are not a whole header', () => {
    expect(readUdh(Buffer.alloc(0))).toBeNull();
    expect(readUdh(Buffer.from([0x05, 0x00, 0x03, 0x01]))).toBeNull(); // header cut short
    expect(readUdh(Buffer.from([0x03, 0x00, 0x03, 0x01, 0x02, 0x01]))).toBeNull(); // element overruns it
    expect(readUdh(Buffer.from([0x01, 0x00]))).toBeNull(); // an element without its length
  });

  it('copies the payload, so the caller’s buffer may be reused', () => {
    const pdu = Buffer.from([0x05, 0x00, 0x03, 0x01, 0x01, 0x01, 0x41]);
    const read = readUdh(pdu)!;
    pdu[6] = 0x42;
    expect([...read.payload]).toEqual([0x41]);
  });
});

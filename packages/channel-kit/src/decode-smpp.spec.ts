import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSmpp } from './decode-smpp.js';
import { splitForSmpp } from './split-for-smpp.js';
import { GSM_EXTENSION_CHARS } from './testing/sms-text.arbitrary.js';

// GSM 03.38's basic table, code 0x00 to 0x7F, with ESC (0x1B) as a space placeholder.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u0020ÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

describe('decodeSmpp', () => {
  it('reads every code of the GSM 03.38 basic table as the standard gives it', () => {
    expect(GSM_BASIC).toHaveLength(128);
    const codes = [...Array(128).keys()].filter((c) => c !== 0x1b);
    expect(decodeSmpp(0x00, Buffer.from(codes))).toBe(
      [...GSM_BASIC].filter((_, i) => i !== 0x1b).join(''),
    );
  });

  it('reads the extension table after ESC', () => {
    const codes = [0x0a, 0x14, 0x28, 0x29, 0x2f, 0x3c, 0x3d, 0x3e, 0x40, 0x65];
    expect(decodeSmpp(0x00, Buffer.from(codes.flatMap((c) => [0x1b, c])))).toBe('\f^{}\\[~]|€');
  });

  it('reads ESC before a code outside the extension table as that code, and ESC ESC as a space', () => {
    expect(decodeSmpp(0x00, Buffer.from([0x1b, 0x41, 0x1b, 0x1b, 0x42]))).toBe('A B');
  });

  it('drops a trailing ESC and marks an octet above 0x7F', () => {
    expect(decodeSmpp(0x00, Buffer.from([0x48, 0x1b]))).toBe('H');
    expect(decodeSmpp(0x00, Buffer.from([0x48, 0xe9]))).toBe('H\ufffd');
  });

  it('reads UCS-2 as UTF-16BE, surrogate pairs included', () => {
    expect(decodeSmpp(0x08, Buffer.from([0, 0x48, 0xd8, 0x3d, 0xdc, 0x4b]))).toBe('H👋');
    expect(decodeSmpp(0x08, Buffer.from([0xfe, 0xff, 0, 0x48]))).toBe('\ufeffH');
    expect(decodeSmpp(0x08, Buffer.from([0, 0x48, 0xd8]))).toBe('H\ufffd');
  });

  it('reads IA5 (ASCII) and Latin-1', () => {
    expect(decodeSmpp(0x01, Buffer.from('Hi @ `x`', 'latin1'))).toBe('Hi @ `x`');
    expect(decodeSmpp(0x01, Buffer.from([0x48, 0xe9]))).toBe('H\ufffd');
    expect(decodeSmpp(0x03, Buffer.from('Grüße, café', 'latin1'))).toBe('Grüße, café');
  });

  it('refuses a data_coding that is not text, naming it', () => {
    expect(() => decodeSmpp(0x04, Buffer.from([1, 2]))).toThrow(/0x04/);
    expect(() => decodeSmpp(0x02, Buffer.from([1, 2]))).toThrow(RangeError);
  });

  it('reads back whatever splitForSmpp wrote in GSM-7', () => {
    const gsmChar = fc.constantFrom(
      ...[...GSM_BASIC].filter((_, i) => i !== 0x1b),
      ...GSM_EXTENSION_CHARS,
    );
    fc.assert(
      fc.property(fc.string({ unit: gsmChar, maxLength: 400 }), (text) => {
        const { dataCoding, parts } = splitForSmpp(text);
        expect(dataCoding).toBe(0x00);
        expect(decodeSmpp(dataCoding, Buffer.concat(parts))).toBe(text);
      }),
    );
  });

  it('reads back any well-formed text in UCS-2', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(decodeSmpp(0x08, Buffer.from(text, 'utf16le').swap16())).toBe(text);
      }),
    );
  });
});

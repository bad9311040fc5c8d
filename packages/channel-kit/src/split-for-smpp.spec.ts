import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSmpp } from './decode-smpp.js';
import { smsSegments } from './sms-segments.js';
import { splitForSmpp } from './split-for-smpp.js';
import { smsText } from './testing/sms-text.arbitrary.js';

const octets = (b: Buffer) => [...b];

describe('splitForSmpp', () => {
  it('writes GSM-7 as one octet per septet, in GSM 03.38 codes', () => {
    expect(splitForSmpp('Hi @£$')).toEqual({
      dataCoding: 0x00,
      parts: [Buffer.from([0x48, 0x69, 0x20, 0x00, 0x01, 0x02])],
    });
  });

  it('writes an extension character as ESC and its code', () => {
    expect(octets(splitForSmpp('€[|').parts[0])).toEqual([0x1b, 0x65, 0x1b, 0x3c, 0x1b, 0x40]);
  });

  it('writes UCS-2 as UTF-16BE, an emoji as its surrogate pair', () => {
    expect(splitForSmpp('Hi 👋')).toEqual({
      dataCoding: 0x08,
      parts: [Buffer.from([0, 0x48, 0, 0x69, 0, 0x20, 0xd8, 0x3d, 0xdc, 0x4b])],
    });
  });

  it('sends 160 GSM-7 characters in one part and 161 in parts of 153 and 8', () => {
    expect(splitForSmpp('a'.repeat(160)).parts.map((p) => p.length)).toEqual([160]);
    expect(splitForSmpp('a'.repeat(161)).parts.map((p) => p.length)).toEqual([153, 8]);
  });

  it('sends 70 UCS-2 units in one part and 71 in parts of 67 and 4 units', () => {
    expect(splitForSmpp(`${'a'.repeat(68)}😀`).parts.map((p) => p.length)).toEqual([140]);
    expect(splitForSmpp(`${'a'.repeat(69)}😀`).parts.map((p) => p.length)).toEqual([134, 8]);
  });

  it('moves an extension character that would straddle a boundary into the next part', () => {
    const { parts } = splitForSmpp(`${'a'.repeat(152)}€${'a'.repeat(152)}`);
    expect(parts.map((p) => p.length)).toEqual([152, 153, 1]);
    expect(octets(parts[1]).slice(0, 2)).toEqual([0x1b, 0x65]);
  });

  it('moves an emoji that would straddle a boundary into the next part', () => {
    // 66 + 2 = 68 units: the surrogate pair would need units 67 and 68 of a 67-unit part.
    const { parts } = splitForSmpp(`${'a'.repeat(66)}😀${'a'.repeat(10)}`);
    expect(parts.map((p) => p.length / 2)).toEqual([66, 12]);
    expect(octets(parts[1]).slice(0, 4)).toEqual([0xd8, 0x3d, 0xde, 0x00]);
  });

  it('keeps a flag (two code points) whole where it fits', () => {
    // 65 + 4 = 69 units > 67: the flag goes whole into part 2 rather than half in each.
    const { parts } = splitForSmpp(`${'a'.repeat(65)}🇬🇧${'a'.repeat(10)}`);
    expect(parts.map((p) => p.length / 2)).toEqual([65, 14]);
  });

  it('cuts a grapheme longer than a part between code points, never inside a surrogate pair', () => {
    const zalgo = `e${'\u0301'.repeat(100)}`; // one grapheme of 101 units
    const { dataCoding, parts } = splitForSmpp(zalgo);
    expect(parts.map((p) => p.length / 2)).toEqual([67, 34]);
    expect(decodeSmpp(dataCoding, Buffer.concat(parts))).toBe(zalgo);
    const emojiRun = `${'😀'.repeat(40)}`; // 80 units, each emoji its own grapheme
    expect(splitForSmpp(emojiRun).parts.map((p) => p.length / 2)).toEqual([66, 14]);
  });

  it('keeps CR LF together, as Twilio counts it (one character)', () => {
    const text = `${'a'.repeat(152)}\r\n${'b'.repeat(10)}`;
    const { parts } = splitForSmpp(text);
    expect(parts.map((p) => p.length)).toEqual([152, 12]);
    expect(parts.length).toBe(smsSegments(text).segments);
  });

  it('gives one empty part for an empty text', () => {
    expect(splitForSmpp('')).toEqual({ dataCoding: 0x00, parts: [Buffer.alloc(0)] });
  });

  it('refuses a text longer than 255 parts, which an 8-bit header cannot number', () => {
    expect(splitForSmpp('ł'.repeat(67 * 255)).parts).toHaveLength(255);
    expect(() => splitForSmpp('ł'.repeat(67 * 255 + 1))).toThrow(RangeError);
    expect(() => splitForSmpp('a'.repeat(153 * 255 + 1))).toThrow(/255 parts/);
  });

  it('gives back the text when its parts are decoded together', () => {
    fc.assert(
      fc.property(smsText(), (text) => {
        const { dataCoding, parts } = splitForSmpp(text);
        expect(decodeSmpp(dataCoding, Buffer.concat(parts))).toBe(text);
      }),
    );
  });

  it('splits where Twilio counts, within each part’s room, never after a lone half', () => {
    fc.assert(
      fc.property(smsText(), (text) => {
        const { dataCoding, parts } = splitForSmpp(text);
        const { segments, encoding } = smsSegments(text);
        expect(parts).toHaveLength(segments);
        expect(dataCoding).toBe(encoding === 'GSM-7' ? 0x00 : 0x08);
        const room = dataCoding === 0x00 ? [160, 153] : [140, 134];
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(parts.length === 1 ? room[0] : room[1]);
          if (dataCoding === 0x00) {
            expect(part[part.length - 1]).not.toBe(0x1b);
          } else {
            expect(part.length % 2).toBe(0);
            const last = part.length ? part.readUInt16BE(part.length - 2) : 0;
            expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
          }
        }
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smsSegments } from './sms-segments.js';

const EXTENSION_CHARS = ['€', '[', '{', '^', '~', '|', '\\', ']', '}'];
// Characters of the GSM 03.38 basic table, each one septet.
const gsmBasicText = fc.string({
  unit: fc.constantFrom(
    ...'@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCXYZÄÖÑÜ§¿abcxyzäöñüà\n',
  ),
  maxLength: 1200,
});

describe('smsSegments', () => {
  it('fits 160 GSM-7 characters in one segment', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({
      encoding: 'GSM-7',
      segments: 1,
      characters: 160,
      unitsPerSegment: 160,
    });
  });

  it('sends 161 GSM-7 characters as 2 segments of at most 153', () => {
    // 161 > 160, so every part gives 6 octets to its header: 153 + 8.
    expect(smsSegments('a'.repeat(161))).toEqual({
      encoding: 'GSM-7',
      segments: 2,
      characters: 161,
      unitsPerSegment: 153,
    });
  });

  it.each(EXTENSION_CHARS)('counts the extension character %j as 2', (c) => {
    expect(smsSegments(c)).toMatchObject({ encoding: 'GSM-7', characters: 2 });
    // 80 × 2 = 160 fits one segment; 81 × 2 = 162 needs two (153 + 9).
    expect(smsSegments(c.repeat(80)).segments).toBe(1);
    expect(smsSegments(c.repeat(81)).segments).toBe(2);
  });

  it('never parts an extension character from its escape', () => {
    // 152 + 2 + 152 = 306 = 2 × 153 septets, but "€" would straddle the first boundary:
    // part 1 = 152 "a", part 2 = "€" + 151 "a" (153), part 3 = the last "a".
    const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expect(smsSegments(text)).toMatchObject({ characters: 306, segments: 3 });
  });

  it('sends a text with one emoji in UCS-2: 70 units in one segment, 67 in each of several', () => {
    expect(smsSegments('😀')).toEqual({
      encoding: 'UCS-2',
      segments: 1,
      characters: 2, // a surrogate pair
      unitsPerSegment: 70,
    });
    // 68 + 2 = 70 units: one segment; 69 + 2 = 71: two (67 + 4).
    expect(smsSegments(`${'a'.repeat(68)}😀`).segments).toBe(1);
    expect(smsSegments(`${'a'.repeat(69)}😀`)).toMatchObject({ segments: 2, unitsPerSegment: 67 });
  });

  it('sends 1,000 GSM-7 characters as 7 segments', () => {
    // 6 × 153 = 918 < 1,000 ≤ 7 × 153 = 1,071.
    expect(smsSegments('a'.repeat(1000))).toMatchObject({ encoding: 'GSM-7', segments: 7 });
  });

  it('sends 1,000 characters with one emoji among them as 15 segments', () => {
    // 999 "a" + "😀" = 999 + 2 = 1,001 UTF-16 units; 14 × 67 = 938 < 1,001 ≤ 15 × 67 = 1,005.
    const text = `${'a'.repeat(500)}😀${'a'.repeat(499)}`;
    expect(smsSegments(text)).toMatchObject({ encoding: 'UCS-2', characters: 1001, segments: 15 });
  });

  it('switches the whole text to UCS-2 for one character outside GSM 03.38', () => {
    expect(smsSegments('Grüße aus Köln').encoding).toBe('GSM-7'); // ü, ß and ö are in it
    expect(smsSegments('Grüße aus Łódź').encoding).toBe('UCS-2'); // Ł, ó and ź are not
    expect(smsSegments('Café').encoding).toBe('GSM-7');
    expect(smsSegments('Ça va?').encoding).toBe('GSM-7');
    expect(smsSegments('ça va?').encoding).toBe('UCS-2');
    expect(smsSegments('Let’s talk').encoding).toBe('UCS-2'); // a curly apostrophe
  });

  it('counts as Smart Encoding would when asked, turning look-alikes into GSM-7', () => {
    expect(smsSegments('Let’s talk', { smartEncoding: true })).toMatchObject({
      encoding: 'GSM-7',
      characters: 10,
    });
  });

  it('counts an empty body as one empty GSM-7 segment, as Twilio’s calculator does', () => {
    expect(smsSegments('')).toEqual({
      encoding: 'GSM-7',
      segments: 1,
      characters: 0,
      unitsPerSegment: 160,
    });
  });

  it('counts any basic-table GSM-7 text as 1 segment up to 160, then ceil(n / 153)', () => {
    fc.assert(
      fc.property(gsmBasicText, (text) => {
        const n = text.length;
        expect(smsSegments(text)).toEqual({
          encoding: 'GSM-7',
          characters: n,
          segments: n <= 160 ? 1 : Math.ceil(n / 153),
          unitsPerSegment: n <= 160 ? 160 : 153,
        });
      }),
    );
  });

  it('never counts fewer segments than the units need', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), (text) => {
        const { segments, characters, unitsPerSegment } = smsSegments(text);
        expect(segments).toBeGreaterThanOrEqual(
          Math.max(1, Math.ceil(characters / unitsPerSegment)),
        );
      }),
    );
  });
});

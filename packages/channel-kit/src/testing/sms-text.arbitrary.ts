import fc from 'fast-check';

/** Extension-table characters of GSM 03.38: two septets each (ESC + code). */
export const GSM_EXTENSION_CHARS = ['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€'] as const;

// Printable ASCII is GSM-7 but for the backtick.
const gsmAscii = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0x7e })
    .filter((c) => c !== 0x60)
    .map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 12,
});
const gsmPiece = fc.oneof(
  { weight: 20, arbitrary: gsmAscii },
  { weight: 3, arbitrary: fc.constantFrom('é', 'ü', 'Ç', 'Δ', '£', '@', '\n', '\r\n') },
  { weight: 3, arbitrary: fc.constantFrom(...GSM_EXTENSION_CHARS) },
);
const ucs2Piece = fc.oneof(
  fc.constantFrom('😀', '👋🏽', '🇬🇧', '👩‍👩‍👧', 'ł', 'ç', '’', 'e\u0301', '\u00a0', '`'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }),
);

/**
 * SMS bodies as people write them: mostly ASCII with GSM-7 accents and extension characters,
 * and, in about half of them, emoji, flags or letters outside GSM-7 (which make the text UCS-2).
 */
export const smsText = (maxLength = 120): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.array(gsmPiece, { maxLength }),
      fc.array(fc.oneof({ weight: 6, arbitrary: gsmPiece }, { weight: 1, arbitrary: ucs2Piece }), {
        maxLength,
      }),
    )
    .map((pieces) => pieces.join(''));

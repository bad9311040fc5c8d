import { SegmentedMessage } from 'sms-segments-calculator';
import { SMS_UNITS_PER_SEGMENT } from './sms-limits.js';

/** SMPP `data_coding` of a text this kit writes: 0x00 GSM-7 (SMSC default), 0x08 UCS-2. */
export type SmppDataCoding = 0x00 | 0x08;

/** A text encoded for SMPP `submit_sm`, one payload per concatenated part. */
export interface SmppParts {
  readonly dataCoding: SmppDataCoding;
  /**
   * The `short_message` payload of each part, without a header: GSM-7 as unpacked septets (one
   * octet each, an extension character as ESC 0x1B and its code) or UCS-2 as UTF-16BE. With more
   * than one part, prefix each with `concatUdh(ref, parts.length, i + 1)` and set `esm_class` 0x40.
   */
  readonly parts: Buffer[];
}

// An 8-bit reference UDH counts parts in one octet.
const MAX_PARTS = 255;

/**
 * Encodes a text for SMPP and splits it into the parts of a concatenated SMS, at the same
 * boundaries Twilio's calculator counts (so `parts.length === smsSegments(text).segments`):
 * an escape is never parted from its character, nor a surrogate pair (or, where it fits in a part,
 * a whole grapheme such as a flag) split across parts. `Buffer.concat(parts)` is the whole text,
 * for the `message_payload` TLV instead.
 *
 * @throws RangeError when the text needs more than 255 parts.
 * @example splitForSmpp('Hi 👋').dataCoding // 0x08
 */
export function splitForSmpp(text: string): SmppParts {
  // Each UTF-16 code unit takes at least one unit of either alphabet, so a longer text cannot fit;
  // saying so at once spares the calculator, whose time grows with the square of the length.
  if (text.length > MAX_PARTS * SMS_UNITS_PER_SEGMENT['GSM-7'].concatenated) throw tooLong();
  const message = new SegmentedMessage(text);
  const gsm = message.encodingName === 'GSM-7';
  const octetsPerUnit = gsm ? 1 : 2;
  // The library gives each character's code units: GSM 03.38 codes (ESC + code for the
  // extension table) under GSM-7, UTF-16 code units under UCS-2.
  const chars = message.encodedChars.map((c) => ({
    raw: c.raw,
    octets: gsm ? c.codeUnits : utf16be(c.codeUnits),
  }));
  const limits = SMS_UNITS_PER_SEGMENT[message.encodingName];
  const dataCoding: SmppDataCoding = gsm ? 0x00 : 0x08;
  const total = chars.reduce((n, c) => n + c.octets.length, 0);
  if (total <= limits.single * octetsPerUnit) {
    return { dataCoding, parts: [Buffer.from(chars.flatMap((c) => c.octets))] };
  }

  const capacity = limits.concatenated * octetsPerUnit;
  const parts: number[][] = [[]];
  for (const char of chars) {
    // A grapheme longer than a part (a long run of combining marks) is cut between code points.
    const pieces =
      char.octets.length <= capacity
        ? [char.octets]
        : [...char.raw].map((cp) => utf16be(codeUnitsOf(cp)));
    for (const piece of pieces) {
      if (parts[parts.length - 1].length + piece.length > capacity) parts.push([]);
      parts[parts.length - 1].push(...piece);
    }
  }
  if (parts.length > MAX_PARTS) throw tooLong();
  return { dataCoding, parts: parts.map((p) => Buffer.from(p)) };
}

function tooLong(): RangeError {
  return new RangeError(
    `The text needs more than the ${MAX_PARTS} parts a concatenated SMS can have.`,
  );
}

function codeUnitsOf(s: string): number[] {
  return Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
}

function utf16be(codeUnits: readonly number[]): number[] {
  return codeUnits.flatMap((u) => [u >> 8, u & 0xff]);
}

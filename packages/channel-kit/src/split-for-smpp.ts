import { UNICODE_TO_GSM } from './gsm-table.js';
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
  const { gsm, chars } = encode(text);
  const octetsPerUnit = gsm ? 1 : 2;
  const limits = SMS_UNITS_PER_SEGMENT[gsm ? 'GSM-7' : 'UCS-2'];
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

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The text's characters (graphemes, as Twilio's calculator takes them) with their octets: GSM
 * 03.38 codes when every character has one, else UTF-16BE. Linear in the text's length: the
 * calculator's own encoding took 1.8 ms for a 330-character text, most of a plugin's CPU.
 */
function encode(text: string): { gsm: boolean; chars: { raw: string; octets: number[] }[] } {
  let gsm = true;
  for (let i = 0; i < text.length && gsm; i++)
    gsm = UNICODE_TO_GSM[text.charCodeAt(i)] !== undefined;
  if (!gsm) {
    const chars = Array.from(graphemes.segment(text), ({ segment: raw }) => ({
      raw,
      octets: utf16be(codeUnitsOf(raw)),
    }));
    return { gsm, chars };
  }
  // GSM 03.38 has no combining marks: each code unit is a character, but CR LF, one grapheme.
  const chars: { raw: string; octets: number[] }[] = [];
  for (let i = 0; i < text.length; i++) {
    const crlf = text.charCodeAt(i) === 0x0d && text.charCodeAt(i + 1) === 0x0a;
    const raw = crlf ? text.slice(i, i + 2) : text[i];
    if (crlf) i++;
    const octets: number[] = [];
    for (let j = 0; j < raw.length; j++) octets.push(...UNICODE_TO_GSM[raw.charCodeAt(j)]);
    chars.push({ raw, octets });
  }
  return { gsm, chars };
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

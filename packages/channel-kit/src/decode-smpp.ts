import { UNICODE_TO_GSM as unicodeToGsm } from './gsm-table.js';

// GSM 03.38 is the table `splitForSmpp` encodes with, read backwards, so the two can never
// disagree and no table is kept here.
const ESC = 0x1b;
const BASIC: (string | undefined)[] = new Array<string | undefined>(128);
const EXTENSION = new Map<number, string>();
for (const [codePoint, gsm] of Object.entries(unicodeToGsm)) {
  const char = String.fromCharCode(Number(codePoint));
  if (gsm.length === 1) BASIC[gsm[0]] = char;
  else if (gsm.length === 2 && gsm[0] === ESC) EXTENSION.set(gsm[1], char);
}

/**
 * Decodes the `short_message` (or `message_payload`) of an inbound `deliver_sm`, the inverse of
 * `splitForSmpp`. A malformed octet becomes U+FFFD rather than an error, as an SMS is read by a
 * person.
 *
 * - 0x00 SMSC default alphabet, read as GSM 03.38 unpacked septets (what most SMSCs send; an
 *   SMSC configured for ASCII or Latin-1 by default should be read as 0x01 or 0x03). ESC followed
 *   by a code outside the extension table reads as that code's basic character (as 03.38
 *   asks).
 * - 0x01 IA5 (ASCII), 0x03 Latin-1, 0x08 UCS-2 (read as UTF-16BE, so surrogate pairs are kept).
 *
 * Decode a concatenated message once, over all its parts' octets joined (`ConcatenatedParts` does
 * this): a part may end inside an escape or a surrogate pair.
 *
 * @throws RangeError for any other `data_coding` (binary 0x02/0x04, pictograms, ...): not text.
 * @example decodeSmpp(0x00, Buffer.from([0x48, 0x69, 0x1b, 0x65])) // 'Hi€'
 */
export function decodeSmpp(dataCoding: number, bytes: Uint8Array): string {
  switch (dataCoding) {
    case 0x00:
      return decodeGsm7(bytes);
    case 0x01:
      return Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : '\ufffd')).join('');
    case 0x03:
      return Buffer.from(bytes).toString('latin1');
    case 0x08:
      return new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes);
    default:
      throw new RangeError(
        `data_coding 0x${dataCoding.toString(16).padStart(2, '0')} is not a text encoding ` +
          'this kit reads (0x00 GSM-7, 0x01 IA5, 0x03 Latin-1, 0x08 UCS-2).',
      );
  }
}

function decodeGsm7(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== ESC) {
      text += BASIC[b] ?? '\ufffd';
      continue;
    }
    if (i + 1 >= bytes.length) break; // a lone trailing escape stands for nothing
    const next = bytes[++i];
    // ESC ESC announces a further extension table no one defines: 03.38 says show a space.
    text += next === ESC ? ' ' : (EXTENSION.get(next) ?? BASIC[next] ?? '\ufffd');
  }
  return text;
}

/**
 * The 6-octet User Data Header that makes a part of a concatenated SMS (3GPP TS 23.040,
 * information element 0x00, 8-bit reference): `05 00 03 ref total seq`. Every part of one
 * message carries the same `ref`; `seq` counts from 1.
 *
 * @throws RangeError unless 0 ≤ ref ≤ 255 and 1 ≤ seq ≤ total ≤ 255.
 * @example concatUdh(0x2a, 3, 1) // <Buffer 05 00 03 2a 03 01>
 */
export function concatUdh(ref: number, total: number, seq: number): Buffer {
  if (!isOctet(ref)) throw new RangeError(`ref must be an integer from 0 to 255, not ${ref}.`);
  if (!isOctet(total) || total < 1) {
    throw new RangeError(`total must be an integer from 1 to 255, not ${total}.`);
  }
  if (!Number.isInteger(seq) || seq < 1 || seq > total) {
    throw new RangeError(`seq must be an integer from 1 to total (${total}), not ${seq}.`);
  }
  return Buffer.from([0x05, 0x00, 0x03, ref, total, seq]);
}

function isOctet(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 255;
}

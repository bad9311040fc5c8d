/** Where one part sits in a concatenated SMS. */
export interface ConcatInfo {
  /** The reference every part of one message shares (8 or 16 bits), unique per sender. */
  readonly ref: number;
  readonly total: number;
  /** Counts from 1. */
  readonly seq: number;
}

/** A `short_message` whose User Data Header has been read. */
export interface UserData {
  /** Set when the header says this is one part of several (information element 0x00 or 0x08). */
  readonly concat: ConcatInfo | undefined;
  /** The text's octets after the header. */
  readonly payload: Buffer;
}

/**
 * Reads the User Data Header at the start of an inbound `short_message` (a `deliver_sm` with
 * `esm_class` bit 0x40 set): its concatenation element, 8-bit (`00 03 ref total seq`) or 16-bit
 * (`08 04 refHi refLo total seq`), and the payload after it. A concatenation element with
 * impossible numbers (seq 0, seq > total) is ignored, so the part reads as a message of its own.
 *
 * @returns null when the header is cut short: the octets are not a UDH.
 * @example readUdh(Buffer.from([5, 0, 3, 42, 2, 1, 0x48, 0x69])) // { concat: { ref: 42, total: 2, seq: 1 }, payload: <48 69> }
 */
export function readUdh(shortMessage: Uint8Array): UserData | null {
  if (shortMessage.length < 1) return null;
  const end = 1 + shortMessage[0];
  if (end > shortMessage.length) return null;
  let concat: ConcatInfo | undefined;
  for (let i = 1; i < end;) {
    if (i + 2 > end) return null;
    const iei = shortMessage[i];
    const length = shortMessage[i + 1];
    const data = shortMessage.subarray(i + 2, i + 2 + length);
    if (data.length < length || i + 2 + length > end) return null;
    if (iei === 0x00 && length === 3) concat = valid(data[0], data[1], data[2]);
    if (iei === 0x08 && length === 4) concat = valid((data[0] << 8) | data[1], data[2], data[3]);
    i += 2 + length;
  }
  return { concat, payload: Buffer.from(shortMessage.subarray(end)) };
}

function valid(ref: number, total: number, seq: number): ConcatInfo | undefined {
  return total >= 1 && seq >= 1 && seq <= total ? { ref, total, seq } : undefined;
}

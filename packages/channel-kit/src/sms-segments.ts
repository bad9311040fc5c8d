import { SegmentedMessage } from 'sms-segments-calculator';
import { SMS_UNITS_PER_SEGMENT } from './sms-limits.js';

/** The two alphabets an SMS travels in. */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** How an SMS body travels and what a carrier bills for it. */
export interface SmsSegments {
  /** GSM-7 when every character is in the GSM 03.38 alphabet (or its extension), else UCS-2. */
  readonly encoding: SmsEncoding;
  /** The parts the body is sent (and billed) as. */
  readonly segments: number;
  /**
   * The length in the units the limits count: septets for GSM-7, where an extension character
   * (`€ [ ] { } ^ ~ | \` and form feed) takes 2; UTF-16 code units for UCS-2, where an emoji
   * outside the Basic Multilingual Plane takes 2.
   */
  readonly characters: number;
  /** The units one part holds: 160 or 70 for a single part, 153 or 67 for each of several. */
  readonly unitsPerSegment: number;
}

/** Options for {@link smsSegments}. */
export interface SmsSegmentsOptions {
  /**
   * Count as Twilio does when a Messaging Service has Smart Encoding on: look-alike characters
   * (curly quotes, long dashes, ...) are replaced by GSM-7 ones first. Default false.
   */
  readonly smartEncoding?: boolean;
}

/**
 * How an SMS body is encoded and how many segments it is sent as, counted by Twilio's own
 * calculator (`sms-segments-calculator`). A character never straddles two parts, so the count
 * can exceed `ceil(characters / unitsPerSegment)` where an extension character or an emoji falls
 * on a boundary. An empty body counts as one (empty) segment, as the calculator has it.
 *
 * The calculator's time grows with the square of the length (about 5 s for 40,000 characters):
 * bound what you pass it (Twilio takes at most 1,600 characters).
 *
 * @example smsSegments('Your case #1042 is resolved') // { encoding: 'GSM-7', segments: 1, characters: 27, unitsPerSegment: 160 }
 */
export function smsSegments(text: string, options: SmsSegmentsOptions = {}): SmsSegments {
  const message = new SegmentedMessage(text, 'auto', options.smartEncoding ?? false);
  const encoding = message.encodingName;
  const bitsPerUnit = encoding === 'GSM-7' ? 7 : 16;
  const characters = message.encodedChars.reduce((n, c) => n + c.sizeInBits() / bitsPerUnit, 0);
  const segments = message.segmentsCount;
  const limits = SMS_UNITS_PER_SEGMENT[encoding];
  return {
    encoding,
    segments,
    characters,
    unitsPerSegment: segments === 1 ? limits.single : limits.concatenated,
  };
}

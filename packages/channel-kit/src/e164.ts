import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js';

export type { CountryCode };

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * Writes a phone number in E.164 (`+442079460958`), the form every SMS and chat provider takes
 * and gives. Accepts international notation with any spacing or punctuation (`+44 20 7946 0958`,
 * `+1 (202) 555-0123`), an RFC 3966 `tel:` URI, the `00` international prefix, and national
 * notation when `defaultCountry` says whose (`020 7946 0958` with `'GB'`, or that country's own
 * international prefix such as `011` for `'US'`). An extension is dropped: an SMS cannot dial one.
 *
 * @returns null unless the input is a whole phone number of a possible length for its country.
 * @example toE164('tel:+44-20-7946-0958') // '+442079460958'
 */
export function toE164(input: string, defaultCountry?: CountryCode): string | null {
  const text = input.trim();
  if (/^tel:/i.test(text)) {
    // RFC 3966 is only understood when libphonenumber may look for the number inside the text.
    return possible(parsePhoneNumberFromString(`tel:${text.slice(4)}`, { defaultCountry }));
  }
  // `extract: false`: the whole input must be the number, not merely contain one.
  const parsed = possible(parsePhoneNumberFromString(text, { defaultCountry, extract: false }));
  if (parsed !== null || !text.startsWith('00')) return parsed;
  // "00" is the international prefix almost everywhere, but libphonenumber only knows it as such
  // when told the caller's country (and the US, for one, dials 011).
  return possible(parsePhoneNumberFromString(`+${text.slice(2)}`, { extract: false }));
}

/**
 * Whether a string is already written in E.164: `+`, a country code not starting with 0, and at
 * most 15 digits in all, nothing else. It checks the form only; `toE164` checks the number.
 *
 * @example isE164('+442079460958') // true; isE164('+44 20 7946 0958') // false
 */
export function isE164(s: string): boolean {
  return E164.test(s);
}

function possible(phone: PhoneNumber | undefined): string | null {
  return phone?.isPossible() ? phone.number : null;
}

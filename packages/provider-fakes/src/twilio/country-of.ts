// A handful of calling codes is enough for tests; Twilio looks the number up in its own database.
const callingCodes: readonly (readonly [string, string])[] = [
  ['+1', 'US'],
  ['+44', 'GB'],
  ['+49', 'DE'],
  ['+33', 'FR'],
  ['+34', 'ES'],
  ['+39', 'IT'],
  ['+31', 'NL'],
  ['+61', 'AU'],
  ['+55', 'BR'],
  ['+52', 'MX'],
  ['+91', 'IN'],
  ['+81', 'JP'],
];

/** The ISO country of an E.164 number as Twilio reports it in `FromCountry`/`ToCountry` ('' when unknown). */
export function countryOf(number: string): string {
  return callingCodes.find(([code]) => number.startsWith(code))?.[1] ?? '';
}

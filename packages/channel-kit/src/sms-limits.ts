/**
 * How many encoding units one SMS carries: septets for GSM-7, UTF-16 code units for UCS-2.
 * A message of more than one part loses 6 octets of each part to the concatenation header
 * (`05 00 03 ref total seq`): 140 − 6 = 134 octets, that is 153 septets or 67 code units.
 */
export const SMS_UNITS_PER_SEGMENT = {
  'GSM-7': { single: 160, concatenated: 153 },
  'UCS-2': { single: 70, concatenated: 67 },
} as const;

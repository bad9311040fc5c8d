/** A phone number in E.164: `+`, a country code that does not start with 0, at most 15 digits. */
export function isE164(value: string): boolean {
  return /^\+[1-9]\d{1,14}$/.test(value);
}

/** What Twilio accepts as a sender besides an E.164 number: a short code or an alphanumeric sender ID. */
export function isShortCodeOrAlphanumericSender(value: string): boolean {
  return /^\d{5,6}$/.test(value) || /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(value);
}

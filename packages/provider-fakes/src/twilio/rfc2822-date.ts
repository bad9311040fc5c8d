/** Twilio's date format in resources: RFC 2822 in GMT, e.g. `Thu, 24 Aug 2023 05:01:45 +0000`. */
export function rfc2822Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

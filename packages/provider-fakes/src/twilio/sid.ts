import { randomBytes } from 'node:crypto';

/** A Twilio-style SID: two-letter prefix (`SM`, `MM`, `ME`, `AC`, …) and 32 lowercase hex digits. */
export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

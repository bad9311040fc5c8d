/**
 * The texts of `pnpm bench:sms`: public agent replies on sms cases whose contact has a mobile
 * number (reply-workload.ts makes them; a case per number).
 */
import { replyWorkload, type ReplyItem } from './reply-workload.js';

/** The support line's number (the fake's account owns it). */
export const SUPPORT_NUMBER = '+15017122661';

export type SmsItem = ReplyItem;

/** A valid North American mobile-looking number for case `i` (exchange starting 2–9). */
export function phoneOf(i: number): string {
  return `+1415${2 + (i % 8)}${String(Math.floor(i / 8) % 1_000_000).padStart(6, '0')}`;
}

/** `messages` agent replies over ceil(messages / repliesPerCase) cases, in publishing order. */
export function smsWorkload(tag: string, messages: number, repliesPerCase: number): SmsItem[] {
  return replyWorkload(tag, messages, repliesPerCase, {
    channel: 'sms',
    contact: (i) => ({ email: null, phone: phoneOf(i) }),
    subject: (i) => `Text from ${phoneOf(i)}`,
  });
}

import { z } from 'zod';

/** Channels a case can originate from (the contact-center glossary's list). */
export const CHANNELS = [
  'phone',
  'email',
  'chat',
  'sms',
  'social',
  'web',
  'mobile_app',
  'walk_up',
  'fax',
  'autologging',
  'api',
] as const;
export type Channel = (typeof CHANNELS)[number];
export const channelSchema = z.enum(CHANNELS);

/** Whether `s` names one of the channels (a message's channel is free text from older clients). */
export function isChannel(s: string): s is Channel {
  return (CHANNELS as readonly string[]).includes(s);
}

/**
 * Channels whose messages carry no thread of their own (no In-Reply-To, no subject): a
 * customer's next text belongs to their latest case on that channel, reopened or followed up
 * as its status says (routeCustomerContact).
 */
export const THREADLESS_CHANNELS: readonly Channel[] = ['sms', 'chat', 'social'];

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

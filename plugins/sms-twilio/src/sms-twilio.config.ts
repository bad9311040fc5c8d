import { z } from 'zod';
import { isE164 } from '@casehub/channel-kit';

const webUrl = (error: string) =>
  z.url({ protocol: /^https?$/, error }).transform((u) => u.replace(/\/+$/, ''));

export const DEFAULT_HELP_TEXT =
  'You are texting our support team: reply with your question and an agent will answer. ' +
  'Reply STOP to stop messages, START to resume.';

/** Settings of the Twilio SMS plugin, read once at start (README.md lists them). */
export const smsTwilioConfigSchema = z.object({
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be the account SID: AC followed by 32 hex digits'),
  TWILIO_AUTH_TOKEN: z.string().min(1),
  TWILIO_FROM: z
    .string()
    .trim()
    .refine(
      (v) => isE164(v) || /^MG[0-9a-fA-F]{32}$/.test(v),
      'must be an E.164 number (+15017122661) or a Messaging Service SID (MG followed by 32 hex digits)',
    ),
  TWILIO_API_URL: webUrl('must be an http(s) URL, e.g. https://api.twilio.com').default(
    'https://api.twilio.com',
  ),
  SMS_TWILIO_PUBLIC_URL: webUrl(
    'must be the public http(s) URL Twilio reaches this plugin at, e.g. https://sms.acme.example',
  ),
  SMS_TWILIO_PORT: z.coerce.number().int().min(0).max(65535).default(3300),
  SMS_TWILIO_HOST: z.string().min(1).default('0.0.0.0'),
  SMS_HELP_TEXT: z.string().trim().min(1).max(1600).default(DEFAULT_HELP_TEXT),
});

export type SmsTwilioConfig = z.output<typeof smsTwilioConfigSchema>;

/** The sender fields of a send: a number sends `From`, a Messaging Service picks its own. */
export function senderOf(from: string): { From: string } | { MessagingServiceSid: string } {
  return from.startsWith('MG') ? { MessagingServiceSid: from } : { From: from };
}

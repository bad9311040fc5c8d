import { z } from 'zod';
import { settings } from '@casehub/plugin-sdk';

const webUrl = (error: string) =>
  z.url({ protocol: /^https?$/, error }).transform((u) => u.replace(/\/+$/, ''));
const numericId = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,32}$/, `must be ${what}: digits only`);

/** Settings of the Messenger and Instagram plugin, read once at start (README.md lists them). */
export const messengerConfigSchema = z.object({
  MESSENGER_PAGE_ID: numericId("the Facebook Page's id"),
  MESSENGER_PAGE_TOKEN: z.string().trim().min(1),
  MESSENGER_APP_SECRET: z.string().trim().min(1),
  MESSENGER_VERIFY_TOKEN: z.string().trim().min(1),
  MESSENGER_API_URL: webUrl('must be an http(s) URL, e.g. https://graph.facebook.com').default(
    'https://graph.facebook.com',
  ),
  MESSENGER_API_VERSION: z
    .string()
    .trim()
    .regex(/^v\d{1,2}\.\d$/, 'must be a Graph API version such as v23.0')
    .default('v23.0'),
  MESSENGER_INSTAGRAM_ID: numericId(
    'the id of the Instagram professional account connected to the Page',
  ).optional(),
  MESSENGER_HUMAN_AGENT: settings.flag().default(false),
  MESSENGER_PORT: z.coerce.number().int().min(0).max(65535).default(3315),
  MESSENGER_HOST: z.string().min(1).default('0.0.0.0'),
  MESSENGER_PUBLIC_URL: webUrl(
    'must be the public http(s) URL Meta reaches this plugin at, e.g. https://social.acme.example',
  ).optional(),
});

export type MessengerConfig = z.output<typeof messengerConfigSchema>;

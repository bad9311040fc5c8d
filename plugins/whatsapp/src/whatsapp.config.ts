import { z } from 'zod';

const webUrl = (error: string) =>
  z.url({ protocol: /^https?$/, error }).transform((u) => u.replace(/\/+$/, ''));
const graphId = (what: string, example: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,20}$/, `must be the ${what}: digits only, e.g. ${example}`);

/** The Graph API version the plugin is written against (Meta supports each for about two years). */
export const DEFAULT_API_VERSION = 'v23.0';

/** Settings of the WhatsApp plugin, read once at start (README.md lists them). */
export const whatsappConfigSchema = z.object({
  WHATSAPP_TOKEN: z.string().trim().min(1),
  WHATSAPP_PHONE_NUMBER_ID: graphId(
    'phone number ID from WhatsApp → API Setup (not the phone number)',
    '106540352242922',
  ),
  WHATSAPP_APP_SECRET: z.string().trim().min(1),
  WHATSAPP_VERIFY_TOKEN: z.string().min(1),
  WHATSAPP_API_URL: webUrl('must be an http(s) URL, e.g. https://graph.facebook.com').default(
    'https://graph.facebook.com',
  ),
  WHATSAPP_API_VERSION: z
    .string()
    .trim()
    .regex(/^v\d{1,3}\.\d$/, `must be a Graph API version such as ${DEFAULT_API_VERSION}`)
    .default(DEFAULT_API_VERSION),
  WHATSAPP_BUSINESS_ACCOUNT_ID: graphId(
    'WhatsApp Business Account ID whose templates are synced',
    '102290129340398',
  ).optional(),
  WHATSAPP_TEMPLATE_SYNC_SECONDS: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1 (seconds)')
    .max(7 * 24 * 3600, 'must be at most a week (604800 seconds)')
    .default(3600),
  WHATSAPP_PORT: z.coerce.number().int().min(0).max(65535).default(3310),
  WHATSAPP_HOST: z.string().min(1).default('0.0.0.0'),
  WHATSAPP_PUBLIC_URL: webUrl(
    'must be the public http(s) URL Meta reaches this plugin at, e.g. https://wa.acme.example',
  ).optional(),
});

export type WhatsAppConfig = z.output<typeof whatsappConfigSchema>;

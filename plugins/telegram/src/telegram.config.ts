import { z } from 'zod';

const webUrl = (error: string) =>
  z.url({ protocol: /^https?$/, error }).transform((u) => u.replace(/\/+$/, ''));

/** What Telegram allows as a webhook's secret token. */
export const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/** Settings of the Telegram plugin, read once at start (README.md lists them). */
export const telegramConfigSchema = z
  .object({
    TELEGRAM_BOT_TOKEN: z
      .string()
      .trim()
      .regex(
        /^\d+:[A-Za-z0-9_-]{30,}$/,
        'must be the token BotFather gave, <bot id>:<secret>, e.g. 123456789:AAH…',
      ),
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(SECRET_TOKEN, '1-256 characters of A-Z, a-z, 0-9, _ and - (what Telegram allows)')
      .optional(),
    TELEGRAM_API_URL: webUrl('must be an http(s) URL, e.g. https://api.telegram.org').default(
      'https://api.telegram.org',
    ),
    TELEGRAM_MODE: z
      .enum(['webhook', 'polling'], { error: 'must be webhook or polling' })
      .default('webhook'),
    TELEGRAM_PUBLIC_URL: webUrl(
      'must be the public http(s) URL Telegram reaches this plugin at, e.g. https://telegram.acme.example',
    ).optional(),
    TELEGRAM_PORT: z.coerce.number().int().min(0).max(65535).default(3320),
    TELEGRAM_HOST: z.string().min(1).default('0.0.0.0'),
    /** Polling: how long a replica that stopped renewing the poll lease keeps it. */
    TELEGRAM_POLL_FAILOVER_SECONDS: z.coerce.number().min(1).max(600).default(15),
  })
  // Checked even when another setting is wrong, so that every bad variable is named at once
  // (the SDK words an absent variable "is not set"; the README says webhook mode needs them).
  .refine((c) => c.TELEGRAM_MODE === 'polling' || !!c.TELEGRAM_PUBLIC_URL, {
    path: ['TELEGRAM_PUBLIC_URL'],
    message: 'is needed in webhook mode (or set TELEGRAM_MODE=polling)',
    when: () => true,
  })
  .refine((c) => c.TELEGRAM_MODE === 'polling' || !!c.TELEGRAM_WEBHOOK_SECRET, {
    path: ['TELEGRAM_WEBHOOK_SECRET'],
    message: 'is needed in webhook mode (or set TELEGRAM_MODE=polling)',
    when: () => true,
  });

export type TelegramConfig = z.output<typeof telegramConfigSchema>;

/** Where Telegram posts updates in webhook mode. */
export const WEBHOOK_PATH = '/telegram/webhook';

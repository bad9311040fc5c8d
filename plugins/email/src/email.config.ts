import { z } from 'zod';
import { settings } from '@casehub/plugin-sdk';

const bool = settings.flag();
const { list: commaList, url } = settings;
const bytes = z.coerce.number().int().min(1024);
/** `support@acme.example` or `Acme Support <support@acme.example>`: what From and Reply-To take. */
const mailbox = z
  .string()
  .regex(
    /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/,
    'must be an address like support@acme.example or Acme Support <support@acme.example>',
  );
/** Settings of the email plugin (docs/configuration.md#email-plugin lists them). */
export const emailConfigSchema = z
  .object({
    SMTP_URL: url(/^smtps?:$/, 'smtp://user:password@mail.example.com:587 or smtps://…:465'),
    SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(5),
    EMAIL_FROM: mailbox.describe(
      'The support mailbox, e.g. "Acme Support <support@acme.example>".',
    ),
    EMAIL_REPLY_TO: mailbox.optional(),
    EMAIL_ACKNOWLEDGE: bool.default(true),
    EMAIL_RESOLVED_NOTICE: bool.default(true),
    EMAIL_TEMPLATES_DIR: z.string().min(1).optional(),
    EMAIL_DEFAULT_LOCALE: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag like en or de-AT')
      .default('en'),
    IMAP_URL: commaList()
      .pipe(z.array(url(/^imaps?:$/, 'imaps://user:password@imap.example.com/INBOX')).min(1))
      .optional(),
    IMAP_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    SMTP_LISTEN_PORT: z.coerce.number().int().min(0).max(65535).optional(), // 0: any free port
    SMTP_LISTEN_HOST: z.string().min(1).default('0.0.0.0'),
    SMTP_LISTEN_DOMAINS: commaList(true).optional(),
    EMAIL_MAX_MESSAGE_BYTES: bytes.default(25 * 1024 * 1024),
    EMAIL_MAX_ATTACHMENT_BYTES: bytes.default(10 * 1024 * 1024),
    EMAIL_BLOCKED_ATTACHMENT_TYPES: commaList(true).default([
      'application/x-msdownload',
      'application/x-msdos-program',
      'application/x-sh',
    ]),
  })
  .transform((c) => ({ ...c, EMAIL_REPLY_TO: c.EMAIL_REPLY_TO ?? c.EMAIL_FROM }));

export type EmailConfig = z.output<typeof emailConfigSchema>;

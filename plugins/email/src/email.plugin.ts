import { createRequire } from 'node:module';
import { definePlugin } from '@casehub/plugin-sdk';
import { emailConfigSchema } from './email.config.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The email channel: what the hub knows about it and the settings it validates at start. */
export const emailPlugin = definePlugin({
  name: 'email',
  version,
  consumes: ['case.created', 'message.created', 'case.resolved', 'survey.invited'],
  channels: ['email'],
  description: 'Replies and automatic mails over SMTP; customer mail in from IMAP and SMTP',
  config: emailConfigSchema,
  // A mail server down for a while (or greylisting) still gets the mail: retries over ~45 min.
  delivery: { retryDelaysMs: [5_000, 30_000, 120_000, 600_000, 1_800_000], maxAttempts: 8 },
});

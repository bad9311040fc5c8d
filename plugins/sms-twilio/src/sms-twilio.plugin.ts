import { createRequire } from 'node:module';
import { definePlugin } from '@casehub/plugin-sdk';
import { smsTwilioConfigSchema } from './sms-twilio.config.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** SMS through Twilio: what the hub knows about the plugin and the settings it validates. */
export const smsTwilioPlugin = definePlugin({
  name: 'sms-twilio',
  version,
  consumes: ['message.created', 'survey.invited'],
  channels: ['sms'],
  description: 'Texts through Twilio: customers’ SMS in, replies and survey invitations out',
  config: smsTwilioConfigSchema,
  // Twilio's 429s and 5xx are waited out with HandleLater (its own delays); these cover the rest.
  delivery: { retryDelaysMs: [1_000, 5_000, 30_000, 120_000], maxAttempts: 8 },
  http: (cfg) => ({ port: cfg.SMS_TWILIO_PORT, host: cfg.SMS_TWILIO_HOST }),
});

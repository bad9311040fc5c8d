import { createRequire } from 'node:module';
import { definePlugin } from '@casehub/plugin-sdk';
import { whatsappConfigSchema } from './whatsapp.config.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** WhatsApp through the Cloud API: what the hub knows about the plugin and its settings. */
export const whatsappPlugin = definePlugin({
  name: 'whatsapp',
  version,
  consumes: ['message.created', 'survey.invited'],
  channels: ['social'],
  description:
    'WhatsApp (Cloud API): customers’ messages in, replies inside the 24-hour window and templates out',
  config: whatsappConfigSchema,
  // Rate limits (130429, 131056) are waited out with HandleLater (its own delays), which JetStream
  // counts as deliveries too: room for a few of them besides these retries.
  delivery: { retryDelaysMs: [1_000, 5_000, 30_000, 120_000], maxAttempts: 10 },
  http: (cfg) => ({ port: cfg.WHATSAPP_PORT, host: cfg.WHATSAPP_HOST }),
});

import { createRequire } from 'node:module';
import { definePlugin } from '@casehub/plugin-sdk';
import { telegramConfigSchema } from './telegram.config.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Telegram through the Bot API: what the hub knows about the plugin and the settings it validates. */
export const telegramPlugin = definePlugin({
  name: 'telegram',
  version,
  consumes: ['message.created', 'survey.invited'],
  channels: ['social'],
  description:
    'Telegram chats through the Bot API: customers’ messages in, replies and survey links out',
  config: telegramConfigSchema,
  // 429s are waited out with HandleLater (Telegram's retry_after); these cover the rest.
  delivery: { retryDelaysMs: [1_000, 5_000, 30_000, 120_000], maxAttempts: 8 },
  http: (cfg) => ({ port: cfg.TELEGRAM_PORT, host: cfg.TELEGRAM_HOST }),
});

import { createRequire } from 'node:module';
import { definePlugin } from '@casehub/plugin-sdk';
import { messengerConfigSchema } from './messenger.config.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Messenger and Instagram through the Graph API: the manifest and the settings it validates. */
export const messengerPlugin = definePlugin({
  name: 'messenger',
  version,
  consumes: ['message.created', 'survey.invited'],
  channels: ['social'],
  description:
    'Facebook Messenger and Instagram Direct: conversations in, replies and survey invitations out within Meta’s windows',
  config: messengerConfigSchema,
  // Graph's rate limits are waited out with HandleLater (doubling delays); these cover the rest.
  delivery: { retryDelaysMs: [1_000, 5_000, 30_000, 120_000], maxAttempts: 8 },
  http: (cfg) => ({ port: cfg.MESSENGER_PORT, host: cfg.MESSENGER_HOST }),
});

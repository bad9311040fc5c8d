import { createRequire } from 'node:module';
import { definePlugin } from '@casehub/plugin-sdk';
import { smsSmppConfigSchema } from './sms-smpp.config.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** SMS over SMPP 3.4: what the hub knows about the plugin and the settings it validates. */
export const smsSmppPlugin = definePlugin({
  name: 'sms-smpp',
  version,
  consumes: ['message.created', 'survey.invited'],
  channels: ['sms'],
  description: 'Texts through an operator’s SMSC over SMPP 3.4: customers’ SMS in, replies out',
  config: smsSmppConfigSchema,
});

import { createRequire } from 'node:module';
import { definePlugin } from '@casehub/plugin-sdk';
import { DELIVERABLE, webhookConfigSchema } from './webhook.config.js';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

/** The webhook plugin's manifest and settings. */
export const webhookPlugin = definePlugin({
  name: 'webhook',
  version: pkg.version,
  consumes: DELIVERABLE,
  description: 'Signed CloudEvents to your URLs',
  config: webhookConfigSchema,
  // A receiver down for several minutes still gets everything.
  delivery: { retryDelaysMs: [1_000, 5_000, 15_000, 30_000, 60_000], maxAttempts: 10 },
});

/**
 * Child process: an SMS plugin (plugins/<BENCH_SMS_PROVIDER>, built, reached by path) as
 * `casehub start` runs it, in a process of its own: createPluginApp with the plugin's definition
 * and module, settings from the environment (NATS_STREAM, NATS_SUBJECT_PREFIX, the provider's
 * settings pointing at its fake, the webhooks on a free port). It consumes the stream's events
 * and sends at once, like the real thing. Logs: errors and warnings only (as in bench:email),
 * not a line per text.
 *
 * Requests: `stop`.
 */
import 'reflect-metadata';
import { createPluginApp, type PluginDefinition } from '@casehub/plugin-sdk';
import type { Type } from '@nestjs/common';
import { serve } from './ipc.js';
import { loadPluginExport } from './sms-built.js';
import { SMS_PROVIDERS } from './sms-providers.js';

const provider = SMS_PROVIDERS[process.env.BENCH_SMS_PROVIDER ?? ''];
if (!provider) throw new Error(`unknown BENCH_SMS_PROVIDER ${process.env.BENCH_SMS_PROVIDER}`);
const definition = await loadPluginExport<PluginDefinition<unknown>>(
  provider.name,
  provider.definition,
);
const pluginModule = await loadPluginExport<Type>(provider.name, provider.module);
const app = await createPluginApp(definition, pluginModule, { logger: ['error', 'warn'] });

serve({
  stop: async () => {
    await app.close();
    setTimeout(() => process.exit(0), 10);
  },
});

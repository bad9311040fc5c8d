/**
 * Child process: a channel plugin (plugins/<BENCH_PLUGIN>, built, reached by path) as `casehub
 * start` runs it, in a process of its own: createPluginApp with the plugin's definition and module,
 * settings from the environment (NATS_STREAM, NATS_SUBJECT_PREFIX, the provider's settings pointing
 * at its fake, the webhooks on a free port). It consumes the stream's events and sends at once,
 * like the real thing. The orchestrator sets it up with pluginHostEnv (built.ts).
 *
 * Logs (BENCH_PLUGIN_LOGS): `quiet`, errors and warnings only (bench:email, bench:sms: not a line
 * per text); `default`, the SDK's own logger as `casehub start` runs it (JSON lines, every level),
 * whose output the orchestrator sends to a log file (Child.start's `logFile`).
 *
 * Requests: `stop`.
 */
import 'reflect-metadata';
import { createPluginApp, type PluginDefinition } from '@casehub/plugin-sdk';
import type { Type } from '@nestjs/common';
import { loadPluginExport, parseExportRef } from './built.js';
import { serve } from './ipc.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const name = env('BENCH_PLUGIN');
const definition = await loadPluginExport<PluginDefinition<unknown>>(
  name,
  parseExportRef(env('BENCH_PLUGIN_DEFINITION')),
);
const pluginModule = await loadPluginExport<Type>(name, parseExportRef(env('BENCH_PLUGIN_MODULE')));
const quiet = process.env.BENCH_PLUGIN_LOGS !== 'default';
const app = await createPluginApp(
  definition,
  pluginModule,
  quiet ? { logger: ['error', 'warn'] } : {},
);

serve({
  stop: async () => {
    await app.close();
    setTimeout(() => process.exit(0), 10);
  },
});

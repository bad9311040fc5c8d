import type { z } from 'zod';
import { loadConfig, unknownVariables } from './config/load-config.js';
import { httpConfigSchema } from './http.config.js';
import { DatabaseModule } from './database/database.module.js';
import { NatsModule } from './nats/nats.module.js';
import { ApiKeysModule } from './api-keys/api-keys.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { InboundModule } from './inbound/inbound.module.js';
import { PluginsModule } from './plugins/plugins.module.js';

/** Every variable the core reads: each module's slice; docs/configuration.md lists the same. */
export const coreConfigSchema = httpConfigSchema
  .extend(DatabaseModule.config.shape)
  .extend(NatsModule.config.shape)
  .extend(ApiKeysModule.config.shape)
  .extend(OutboxModule.config.shape)
  .extend(InboundModule.config.shape)
  .extend(PluginsModule.config.shape);

export type CoreConfig = z.infer<typeof coreConfigSchema>;

/** The core's configuration from the environment; a ConfigError names every variable at fault. */
export function loadCoreConfig(env: NodeJS.ProcessEnv = process.env): CoreConfig {
  return loadConfig(coreConfigSchema, env);
}

/** Variables that look like the core's but that it does not read (most likely misspelt). */
export function unknownCoreVariables(env: NodeJS.ProcessEnv = process.env): string[] {
  return unknownVariables(coreConfigSchema, env);
}

import { z } from 'zod';
import { envBool, envPort } from './env.js';
import { databaseConfigSchema } from '../database/database.config.js';
import { natsConfigSchema } from '../nats/nats.config.js';
import { outboxConfigSchema } from '../outbox/outbox.config.js';
import { authConfigSchema } from '../auth/auth.config.js';
import { inboundConfigSchema } from '../inbound/inbound.config.js';
import { pluginsConfigSchema } from '../plugins/plugins.config.js';

/** HTTP server and process settings; each feature module owns its own slice below. */
export const httpConfigSchema = z.object({
  PORT: envPort.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  CASEHUB_MAX_BODY: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'a size such as 512kb or 1mb')
    .default('1mb'),
  CASEHUB_DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_HTTP: envBool.default(true),
});
export type HttpConfig = z.infer<typeof httpConfigSchema>;

/** Every variable the core reads; docs/configuration.md lists the same, keep them in step. */
export const coreConfigSchema = httpConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(natsConfigSchema.shape)
  .extend(outboxConfigSchema.shape)
  .extend(authConfigSchema.shape)
  .extend(inboundConfigSchema.shape)
  .extend(pluginsConfigSchema.shape);

export type CoreConfig = z.infer<typeof coreConfigSchema>;

import { z } from 'zod';
import { envBool, envPort } from './config/env.js';

/** The HTTP server's and the process's own settings; each feature module has its own slice. */
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
  /** Read by `casehub start` and the plugins (pretty in a terminal); the core writes JSON lines. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
});
export type HttpConfig = z.infer<typeof httpConfigSchema>;

import { z } from 'zod';
import { envBool, envInt, envPositiveInt } from '../config/env.js';

export const natsConfigSchema = z.object({
  NATS_URL: z
    .string()
    .regex(
      /^(nats|tls|wss?):\/\/[^,\s]+(,(nats|tls|wss?):\/\/[^,\s]+)*$/,
      'must be one or more nats://host:port URLs, comma-separated',
    )
    .default('nats://127.0.0.1:4222'),
  NATS_EMBEDDED: z.enum(['auto', 'never']).default('auto'),
  NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only')
    .default('CASEHUB'),
  NATS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/, 'dot-separated lower-case tokens')
    .default('casehub'),
  /** Take over a stream another hub created (after starting over with an empty database). */
  NATS_STREAM_ADOPT: envBool.default(false),
  NATS_STREAM_REPLICAS: envInt(1, 5).default(1),
  NATS_DUPLICATE_WINDOW_SECONDS: envPositiveInt.default(600),
  /** How long the stream keeps events (plugins installed later back-fill from it); 0 = forever. */
  NATS_STREAM_MAX_AGE_DAYS: envInt(0).default(90),
  /** Size cap of the stream in megabytes; 0 = no cap (oldest events go first when reached). */
  NATS_STREAM_MAX_MB: envInt(0).default(0),
});
export type NatsConfig = z.infer<typeof natsConfigSchema>;

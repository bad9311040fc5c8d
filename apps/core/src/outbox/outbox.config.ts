import { z } from 'zod';
import { envBool, envInt, envPositiveInt } from '../config/env.js';

export const outboxConfigSchema = z.object({
  OUTBOX_RELAY: envBool.default(true),
  OUTBOX_POLL_MS: envPositiveInt.default(250),
  OUTBOX_BATCH_SIZE: envInt(1, 5000).default(200),
  /** Drain loops per core on PostgreSQL (SQLite: always one). */
  OUTBOX_RELAY_WORKERS: envInt(1, 16).default(3),
  CASEHUB_SOURCE: z.string().min(1).default('/casehub/core'),
  /** Fault injection for the crash tests only (docs/operations.md). */
  CASEHUB_FAILPOINT: z.enum(['outbox.before_publish', 'outbox.after_publish']).optional(),
});
export type OutboxConfig = z.infer<typeof outboxConfigSchema>;

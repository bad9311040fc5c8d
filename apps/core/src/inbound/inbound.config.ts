import { z } from 'zod';
import { envBool, envInt } from '../config/env.js';

export const inboundConfigSchema = z.object({
  /** Take customer contacts, delivery reports and survey events (casehub.v1.inbound.>). */
  INBOUND_CONSUMER: envBool.default(true),
  /**
   * Inbound events handled at once, each sender's in order. A few keep PostgreSQL busy; more
   * only hold more events in memory while they wait for a connection (docs/operations.md).
   */
  INBOUND_CONCURRENCY: envInt(1, 256).default(4),
});
export type InboundConfig = z.infer<typeof inboundConfigSchema>;

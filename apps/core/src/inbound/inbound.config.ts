import { z } from 'zod';
import { envBool } from '../config/env.js';

export const inboundConfigSchema = z.object({
  /** Take customer contacts, delivery reports and survey events (casehub.v1.inbound.>). */
  INBOUND_CONSUMER: envBool.default(true),
});
export type InboundConfig = z.infer<typeof inboundConfigSchema>;

import { JetStreamTransport } from '@casehub/plugin-sdk';
import type { NatsConfig } from '../nats/nats.config.js';
import type { InboundConfig } from './inbound.config.js';

/** The durable consumer named `casehub-core` that takes what plugins publish for the core. */
export function inboundTransport(cfg: NatsConfig & InboundConfig): JetStreamTransport {
  return new JetStreamTransport({
    plugin: 'casehub-core',
    servers: cfg.NATS_URL.split(','),
    stream: cfg.NATS_STREAM,
    subjectPrefix: cfg.NATS_SUBJECT_PREFIX,
    subjects: 'inbound.>',
    deliverFrom: 'all',
    retryDelaysMs: [500, 2_000, 10_000, 60_000],
    maxAttempts: 6,
    concurrency: cfg.INBOUND_CONCURRENCY,
  });
}

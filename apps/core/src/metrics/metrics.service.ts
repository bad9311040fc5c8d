import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The core's Prometheus registry; one per application instance (tests run several). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'casehub_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly outboxPublished = new Counter({
    name: 'casehub_outbox_published_total',
    help: 'Events this instance published to JetStream (JetStream-acknowledged)',
    registers: [this.registry],
  });

  readonly outboxDuplicates = new Counter({
    name: 'casehub_outbox_duplicates_total',
    help: 'Publishes JetStream recognised as duplicates (a retry after a crash or timeout)',
    registers: [this.registry],
  });

  readonly outboxErrors = new Counter({
    name: 'casehub_outbox_publish_errors_total',
    help: 'Failed publish attempts (retried)',
    registers: [this.registry],
  });

  /** Counts unpublished events; read only when Prometheus scrapes. */
  pendingEvents: (() => Promise<number>) | null = null;

  readonly outboxPending = new Gauge({
    name: 'casehub_outbox_pending',
    help: 'Events written but not yet published (all instances)',
    registers: [this.registry],
    collect: async () => {
      if (this.pendingEvents) this.outboxPending.set(await this.pendingEvents());
    },
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'casehub_' });
  }
}

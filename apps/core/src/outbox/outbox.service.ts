import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { buildEvent, subjectOf, type EventMapV1, type EventName } from '@casehub/domain';
import { CORE_CONFIG } from '../config/config.module.js';
import type { NatsConfig } from '../nats/nats.config.js';
import type { OutboxConfig } from './outbox.config.js';
import { OutboxEventEntity } from './outbox-event.entity.js';
import { requestContext } from '../common/request-context.js';

/**
 * Appends events to the outbox inside the caller's transaction: the change and its event
 * commit together or not at all. The relay publishes them afterwards.
 */
@Injectable()
export class OutboxService {
  constructor(@Inject(CORE_CONFIG) private readonly cfg: OutboxConfig & NatsConfig) {}

  async append<N extends EventName>(
    em: EntityManager,
    name: N,
    data: EventMapV1[N],
    aggregate: { id: string; sequence: number },
    at: Date,
  ): Promise<void> {
    const id = uuidv7();
    const event = buildEvent(name, data, {
      id,
      source: this.cfg.CASEHUB_SOURCE,
      time: at,
      subject: aggregate.id,
      sequence: aggregate.sequence,
    });
    const row = {
      id,
      aggregateId: aggregate.id,
      aggregateSequence: aggregate.sequence,
      name,
      subject: subjectOf(name, this.cfg.NATS_SUBJECT_PREFIX),
      payload: JSON.stringify(event),
      traceparent: requestContext()?.traceparent ?? null,
      createdAt: at,
      publishedAt: null,
      attempts: 0,
      lastError: null,
    };
    await em.insert(OutboxEventEntity, row);
  }
}

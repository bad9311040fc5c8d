import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { buildEvent, subjectOf, type EventMapV1, type EventName } from '@casehub/domain';
import { CORE_CONFIG } from '../config/config.module.js';
import type { NatsConfig } from '../nats/nats.config.js';
import type { OutboxConfig } from './outbox.config.js';
import { OutboxEventEntity } from './outbox-event.entity.js';
import { requestContext } from '../common/request-context.js';
import { insertRows } from '../database/insert-rows.js';

/**
 * Appends events to the outbox inside the caller's transaction: the change and its event
 * commit together or not at all. The relay publishes them afterwards.
 */
@Injectable()
export class OutboxService {
  constructor(@Inject(CORE_CONFIG) private readonly cfg: OutboxConfig & NatsConfig) {}

  /** Appends a case's events, in order, as one insert. */
  async append(
    em: EntityManager,
    events: { name: EventName; data: EventMapV1[EventName]; sequence: number }[],
    aggregateId: string,
    at: Date,
  ): Promise<void> {
    if (!events.length) return;
    const traceparent = requestContext()?.traceparent ?? null;
    const rows = events.map(({ name, data, sequence }) => {
      const id = uuidv7();
      const event = buildEvent(name, data, {
        id,
        source: this.cfg.CASEHUB_SOURCE,
        time: at,
        subject: aggregateId,
        sequence,
      });
      return {
        id,
        aggregateId,
        aggregateSequence: sequence,
        name,
        subject: subjectOf(name, this.cfg.NATS_SUBJECT_PREFIX),
        payload: JSON.stringify(event),
        traceparent,
        createdAt: at,
        publishedAt: null,
        attempts: 0,
        lastError: null,
      };
    });
    await insertRows(em, OutboxEventEntity, rows);
  }
}

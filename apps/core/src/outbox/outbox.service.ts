import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { buildEvent, subjectOf, type EventMapV1, type EventName } from '@casehub/domain';
import { CORE_CONFIG } from '../config/config.module.js';
import type { NatsConfig } from '../nats/nats.config.js';
import type { OutboxConfig } from './outbox.config.js';
import { OutboxEventEntity } from './outbox-event.entity.js';
import { insertRow, WithCaseNumber, type RowWrite } from '../database/row-write.js';
import { HubService } from '../hub/hub.service.js';

/** An event to append: its data is already complete (case snapshot, actor, details). */
export interface OutboxEvent {
  name: EventName;
  data: EventMapV1[EventName];
  sequence: number;
}

/** One event of a case's history, as the outbox keeps it. */
export interface RecordedEvent {
  name: string;
  sequence: number;
  /** The CloudEvent exactly as published (JSON). */
  payload: string;
}

/**
 * The transactional outbox: events become rows written with the change that caused them, so
 * both commit together or not at all; the relay publishes them afterwards. The rows are also
 * the history of each case (the timeline reads it).
 */
@Injectable()
export class OutboxService {
  constructor(
    @Inject(CORE_CONFIG) private readonly cfg: OutboxConfig & NatsConfig,
    @InjectRepository(OutboxEventEntity) private readonly events: Repository<OutboxEventEntity>,
    private readonly hub: HubService,
  ) {}

  /**
   * The rows of a case's events, in order. `caseNumberPending`: the case is being inserted and
   * gets its ticket number in the same statement, so each payload takes it from there.
   */
  rows(
    events: readonly OutboxEvent[],
    aggregateId: string,
    at: Date,
    {
      caseNumberPending = false,
      traceparent = null,
    }: { caseNumberPending?: boolean; traceparent?: string | null } = {},
  ): RowWrite[] {
    const marker = `"case":{"id":${JSON.stringify(aggregateId)},"number":`;
    return events.map(({ name, data, sequence }) => {
      const id = uuidv7();
      const event = buildEvent(name, data, {
        id,
        source: this.cfg.CASEHUB_SOURCE,
        time: at,
        subject: aggregateId,
        sequence,
        hubid: this.hub.id,
      });
      const payload = JSON.stringify(event);
      return insertRow(OutboxEventEntity, {
        id,
        aggregateId,
        aggregateSequence: sequence,
        name,
        subject: subjectOf(name, this.cfg.NATS_SUBJECT_PREFIX),
        payload: caseNumberPending ? (WithCaseNumber.at(payload, marker) as never) : payload,
        traceparent,
        createdAt: at,
        publishedAt: null,
        attempts: 0,
        lastError: null,
      });
    });
  }

  /** Every event of a case, oldest first. */
  async history(aggregateId: string): Promise<RecordedEvent[]> {
    return this.events
      .find({
        select: { name: true, aggregateSequence: true, payload: true },
        where: { aggregateId },
        order: { aggregateSequence: 'ASC' },
      })
      .then((rows) =>
        rows.map((r) => ({ name: r.name, sequence: r.aggregateSequence, payload: r.payload })),
      );
  }
}

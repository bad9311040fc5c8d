import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { CloudEvent } from '@casehub/domain';
import { OutboxEventEntity } from '../outbox/outbox-event.entity.js';
import { CasesService } from '../cases/cases.service.js';

export interface TimelineItem {
  sequence: number;
  kind: 'event' | 'message' | 'interaction';
  type: string;
  at: string;
  actor: unknown;
  /** The event's own data, without the case snapshot (that is the case as it is now). */
  detail: Record<string, unknown>;
}

/** The history of a case: every event it emitted, messages and interactions among them. */
@Injectable()
export class TimelineService {
  constructor(
    private readonly cases: CasesService,
    @InjectRepository(OutboxEventEntity) private readonly events: Repository<OutboxEventEntity>,
  ) {}

  async of(ref: string): Promise<TimelineItem[]> {
    const rows = await this.events.find({
      select: { aggregateSequence: true, name: true, payload: true },
      where: { aggregateId: await this.cases.idOf(ref) },
      order: { aggregateSequence: 'ASC' },
    });
    return rows.map((row) => {
      const event = JSON.parse(row.payload) as CloudEvent;
      const { case: _case, actor, ...detail } = event.data as unknown as Record<string, unknown>;
      // A survey's links answer as the customer: they go to the channel plugin, not to agents.
      if (row.name === 'survey.invited') delete detail.links;
      return {
        sequence: row.aggregateSequence,
        kind:
          row.name === 'message.created'
            ? 'message'
            : row.name === 'interaction.recorded'
              ? 'interaction'
              : 'event',
        type: event.type,
        at: event.time,
        actor,
        detail,
      };
    });
  }
}

import { Injectable } from '@nestjs/common';
import type { CloudEvent } from '@casehub/domain';
import { OutboxService } from '../outbox/outbox.service.js';
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
    private readonly outbox: OutboxService,
  ) {}

  async of(ref: string): Promise<TimelineItem[]> {
    const events = await this.outbox.history(await this.cases.idOf(ref));
    return events.map((row) => {
      const event = JSON.parse(row.payload) as CloudEvent;
      const { case: _case, actor, ...detail } = event.data as unknown as Record<string, unknown>;
      // A survey's links answer as the customer: they go to the channel plugin, not to agents.
      if (row.name === 'survey.invited') delete detail.links;
      return {
        sequence: row.sequence,
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

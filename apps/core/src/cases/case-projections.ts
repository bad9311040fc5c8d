import { Injectable } from '@nestjs/common';
import type { CaseEvent, CaseEventName, CaseEventOf, CaseState } from '@casehub/domain';
import type { RowWrite } from '../database/row-write.js';

/** The rows an event of a case writes in its feature's own table (a message, an escalation, ...). */
export type Projection<N extends CaseEventName> = (
  event: CaseEventOf<N>,
  c: CaseState,
  at: Date,
) => RowWrite[];

/**
 * Where features say what their tables keep of a case's events: the messages feature keeps
 * `message.created` as a message, the surveys feature its survey events, and so on. The case
 * writer saves those rows with the change that caused them, so a feature owns its table while
 * the case stays the one unit of consistency.
 */
@Injectable()
export class CaseProjections {
  private readonly byEvent = new Map<CaseEventName, Projection<CaseEventName>[]>();

  register<N extends CaseEventName>(name: N, project: Projection<N>): void {
    const list = this.byEvent.get(name) ?? [];
    list.push(project as unknown as Projection<CaseEventName>);
    this.byEvent.set(name, list);
  }

  rows(events: readonly CaseEvent[], c: CaseState, at: Date): RowWrite[] {
    return events.flatMap((e) => (this.byEvent.get(e.name) ?? []).flatMap((p) => p(e, c, at)));
  }
}

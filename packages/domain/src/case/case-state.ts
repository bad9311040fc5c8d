import type { BusinessImpact, CaseView, ContactRef, CustomFields } from './case.js';
import type { CaseStatus } from './case-status.js';
import type { Channel } from './channel.js';
import type { Priority } from './priority.js';
import type { EventMapV1, EventName } from '../events/event-map.js';

/** A case as its aggregate holds it: what the commands read and return. */
export interface CaseState {
  readonly id: string;
  /** The human ticket number; 0 until the database allocates it on the first save. */
  readonly number: number;
  readonly subject: string;
  readonly description: string | null;
  readonly status: CaseStatus;
  readonly priority: Priority;
  readonly channel: Channel;
  readonly contactId: string | null;
  readonly ownerId: string | null;
  readonly assigneeId: string | null;
  readonly groupId: string | null;
  readonly tier: number;
  /** Sorted, without duplicates. */
  readonly tags: readonly string[];
  readonly customFields: CustomFields;
  readonly businessImpact: BusinessImpact | null;
  readonly followUpOf: string | null;
  readonly reopenCount: number;
  /** How many events the case has emitted; each event carries its own as `sequence`. */
  readonly version: number;
  readonly firstResponseAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly closedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Events that belong to a case's history (every event but the plugins' inbound ones). */
export type CaseEventName = {
  [N in EventName]: EventMapV1[N] extends { case: CaseView } ? N : never;
}[EventName];

/** An event's data as a command states it; the case snapshot and the actor are added on save. */
export type CaseEventData<N extends CaseEventName> = Omit<EventMapV1[N], 'case' | 'actor'>;

/**
 * What a command says happened. `interaction.recorded` also carries the agent's note, which is
 * kept with the interaction but not published.
 */
export type CaseEvent = {
  [N in CaseEventName]: N extends 'interaction.recorded'
    ? { readonly name: N; readonly data: CaseEventData<N>; readonly note: string | null }
    : { readonly name: N; readonly data: CaseEventData<N> };
}[CaseEventName];

export type CaseEventOf<N extends CaseEventName> = Extract<CaseEvent, { name: N }>;

/** A command's result: the case as it is now and the events that say why, in order. */
export interface CaseChange {
  readonly next: CaseState;
  readonly events: readonly CaseEvent[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public shape of a case, used by the API and inside every event. */
export function toCaseView(c: CaseState, contact: ContactRef | null): CaseView {
  return {
    id: c.id,
    number: c.number,
    subject: c.subject,
    description: c.description,
    status: c.status,
    priority: c.priority,
    channel: c.channel,
    contact,
    ownerId: c.ownerId,
    assigneeId: c.assigneeId,
    groupId: c.groupId,
    tier: c.tier,
    tags: [...c.tags],
    customFields: c.customFields,
    businessImpact: c.businessImpact,
    followUpOf: c.followUpOf,
    reopenCount: c.reopenCount,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    firstResponseAt: iso(c.firstResponseAt),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
    version: c.version,
  };
}

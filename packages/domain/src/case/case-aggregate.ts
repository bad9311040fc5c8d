import { CaseStatusConflict } from '../errors.js';
import type { AttachmentMeta, AuthorType, MessageView, Visibility } from '../message/message.js';
import type { Direction } from '../interaction/interaction.js';
import type { TemplateUse } from '../message/template.js';
import type { BusinessImpact, CustomFields } from './case.js';
import { formatCaseNumber } from './case-number.js';
import {
  recordFirstResponse,
  statusAfterCustomerContact,
  transition as moveTo,
} from './case-lifecycle.js';
import { isActive, type CaseStatus } from './case-status.js';
import type { Channel } from './channel.js';
import { assign as assignTo, escalate as escalateTo, type EscalationTarget } from './ownership.js';
import type { Priority } from './priority.js';
import type { CaseChange, CaseEvent, CaseState } from './case-state.js';

/** What a new case starts with. Ids come from the caller: the aggregate does no I/O. */
export interface OpenCase {
  readonly id: string;
  readonly subject: string;
  readonly description: string | null;
  readonly channel: Channel;
  readonly priority: Priority;
  readonly tags: readonly string[];
  readonly customFields: CustomFields;
  readonly businessImpact: BusinessImpact | null;
  readonly contactId: string | null;
  /** The agent who took the contact: they own the case whoever works it ("touch and hold"). */
  readonly takenBy: string | null;
  /** Who works it; by default whoever took the contact. */
  readonly assigneeId: string | null;
  readonly group: { readonly id: string; readonly tier: number } | null;
  /** The closed case this one follows up; its contact is the new case's unless one is given. */
  readonly followUpOf: Pick<CaseState, 'id' | 'number' | 'status' | 'contactId'> | null;
}

/** Fields an agent edits directly; `customFields` is merged (null removes a field). */
export interface CaseEdit {
  readonly subject?: string;
  readonly description?: string | null;
  readonly priority?: Priority;
  readonly businessImpact?: BusinessImpact | null;
  readonly customFields?: Readonly<Record<string, CustomFields[string] | null>>;
  /** Replaces the tags. */
  readonly tags?: readonly string[];
}

/** A reply or an internal note from the team. */
export interface TeamMessage {
  readonly id: string;
  readonly visibility: Visibility;
  readonly authorType: Extract<AuthorType, 'agent' | 'plugin'>;
  readonly authorId: string | null;
  readonly body: string;
  readonly attachments: readonly AttachmentMeta[];
  readonly channel: string;
  /**
   * The case's contact opted out of `channel` (STOP): a public reply is kept, marked failed
   * with `opted_out`, and never queued for a plugin to send.
   */
  readonly recipientOptedOut?: boolean;
  /** Sent as this approved template (its language resolved), not as free text. */
  readonly template?: TemplateUse | null;
}

/** The delivery error of a public reply the core refused to queue: the contact opted out. */
export const OPTED_OUT = 'opted_out';

/** A message a customer sent on some channel, as a channel plugin received it. */
export interface CustomerContact {
  readonly messageId: string;
  readonly interactionId: string;
  readonly contactId: string;
  readonly channel: Channel;
  readonly body: string;
  readonly attachments: readonly AttachmentMeta[];
  readonly providerMessageId: string;
  readonly receivedAt: Date;
  /** An automatic answer (out of office): kept on the case, changes nothing about it. */
  readonly autoReply: boolean;
}

/** One customer contact with its handle-time parts (a call, a chat, ...). */
export interface InteractionRecord {
  readonly id: string;
  readonly channel: Channel;
  readonly direction: Direction;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly wrapUpSeconds: number;
  readonly abandoned: boolean;
  readonly agentId: string | null;
  readonly note: string | null;
}

/**
 * The case aggregate: every command checks the rules of the case and returns the case as it is
 * now with the events that say what happened. The core only loads, saves and publishes.
 */
export const Case = {
  /** Opens a case, status `new`. */
  open(input: OpenCase, at: Date): CaseChange {
    const previous = input.followUpOf;
    if (previous && previous.status !== 'closed') {
      throw new CaseStatusConflict(
        `Case ${formatCaseNumber(previous.number)} is ${previous.status}, not closed: add to it (or reopen it) instead.`,
      );
    }
    const ownership = assignTo(
      { ownerId: input.takenBy, assigneeId: null, groupId: null, tier: input.group?.tier ?? 1 },
      input.assigneeId ?? input.takenBy,
      input.group?.id ?? null,
    );
    const opened: CaseState = {
      id: input.id,
      number: 0,
      subject: input.subject,
      description: input.description,
      status: 'new',
      priority: input.priority,
      channel: input.channel,
      contactId: input.contactId ?? previous?.contactId ?? null,
      ...ownership,
      tags: normalizeTags(input.tags),
      customFields: input.customFields,
      businessImpact: input.businessImpact,
      followUpOf: previous?.id ?? null,
      reopenCount: 0,
      version: 0,
      firstResponseAt: null,
      resolvedAt: null,
      closedAt: null,
      createdAt: at,
      updatedAt: at,
    };
    return changed(opened, opened, [{ name: 'case.created', data: {} }], at);
  },

  /** Edits fields; `case.updated` names the ones that really changed (none: no event). */
  update(c: CaseState, edit: CaseEdit, at: Date): CaseChange {
    const next: { -readonly [K in keyof CaseState]: CaseState[K] } = { ...c };
    const names: string[] = [];
    const set = <K extends 'subject' | 'description' | 'priority' | 'businessImpact'>(k: K) => {
      const v = edit[k];
      if (v !== undefined && !sameJson(v, c[k])) {
        next[k] = v as CaseState[K];
        names.push(k);
      }
    };
    set('subject');
    set('description');
    set('priority');
    set('businessImpact');
    if (edit.customFields) {
      const merged: Record<string, CustomFields[string]> = { ...c.customFields };
      for (const [k, v] of Object.entries(edit.customFields)) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      if (!sameJson(merged, c.customFields)) {
        next.customFields = merged;
        names.push('customFields');
      }
    }
    if (edit.tags) {
      const tags = normalizeTags(edit.tags);
      if (!sameJson(tags, c.tags)) {
        next.tags = tags;
        names.push('tags');
      }
    }
    return changed(
      c,
      next,
      names.length ? [{ name: 'case.updated', data: { changed: names } }] : [],
      at,
    );
  },

  /** Moves the case through its lifecycle; throws IllegalTransition on a move it forbids. */
  transition(c: CaseState, to: CaseStatus, reason: string | null, at: Date): CaseChange {
    const from = c.status;
    const events: CaseEvent[] = [{ name: 'case.status_changed', data: { from, to, reason } }];
    if (to === 'resolved') events.push({ name: 'case.resolved', data: {} });
    if (to === 'closed') events.push({ name: 'case.closed', data: {} });
    if (from === 'resolved' && to === 'open')
      events.push({ name: 'case.reopened', data: { reason: 'agent' } });
    return changed(c, moveTo(c, to, at), events, at);
  },

  /** Hands the case to an agent (null: back to the group's queue); the first assignee owns it. */
  assign(
    c: CaseState,
    assigneeId: string | null,
    groupId: string | null | undefined,
    at: Date,
  ): CaseChange {
    refuseIfClosed(c);
    const next = { ...c, ...assignTo(c, assigneeId, groupId) };
    return changed(
      c,
      next,
      [
        {
          name: 'case.assigned',
          data: {
            fromAssigneeId: c.assigneeId,
            toAssigneeId: next.assigneeId,
            groupId: next.groupId,
          },
        },
      ],
      at,
    );
  },

  /** Warm transfer up a tier or to another group: the owner stays, who, why and when are kept. */
  escalate(
    c: CaseState,
    target: EscalationTarget,
    by: string,
    reason: string,
    at: Date,
  ): CaseChange {
    if (!isActive(c.status)) {
      throw new CaseStatusConflict(
        `Case ${formatCaseNumber(c.number)} is ${c.status}; only active cases can be escalated.`,
      );
    }
    const { ownership, escalation } = escalateTo(c, target, by, reason, at);
    return changed(
      c,
      { ...c, ...ownership },
      [
        {
          name: 'case.escalated',
          data: { escalation: { ...escalation, at: escalation.at.toISOString() } },
        },
      ],
      at,
    );
  },

  /**
   * Adds a reply or an internal note from the team. An agent's public reply is the first
   * response if there was none, and takes a new case into work (new → open).
   */
  addMessage(c: CaseState, m: TeamMessage, at: Date): CaseChange {
    refuseIfClosed(c);
    let next = c;
    const events: CaseEvent[] = [];
    if (m.visibility === 'public' && m.authorType === 'agent') {
      next = recordFirstResponse(next, at);
      if (next.status === 'new') {
        next = moveTo(next, 'open', at);
        events.push({
          name: 'case.status_changed',
          data: { from: 'new', to: 'open', reason: 'first public reply' },
        });
      }
    }
    const refused = m.visibility === 'public' && m.recipientOptedOut === true;
    const message = messageView(c.id, m, at, {
      providerMessageId: null,
      // A public reply waits for its channel plugin to say what became of it.
      deliveryStatus: m.visibility !== 'public' ? null : refused ? 'failed' : 'pending',
      ...(refused ? { deliveryError: OPTED_OUT } : {}),
    });
    events.push({ name: 'message.created', data: { message } });
    return changed(c, next, events, at);
  },

  /**
   * A customer wrote: the message and the contact are kept, and a case that waited on the
   * customer (pending) or was resolved is back in the team's court. A closed case is final:
   * the customer's message belongs on a follow-up case.
   */
  receiveCustomerContact(c: CaseState, contact: CustomerContact, at: Date): CaseChange {
    refuseIfClosed(c);
    let next = c;
    const events: CaseEvent[] = [];
    const to = contact.autoReply ? c.status : statusAfterCustomerContact(c.status);
    if (to !== c.status) {
      next = moveTo(c, to, at);
      events.push({
        name: 'case.status_changed',
        data: { from: c.status, to, reason: 'customer contact' },
      });
      if (c.status === 'resolved')
        events.push({ name: 'case.reopened', data: { reason: 'customer_contact' } });
    }
    const message = messageView(
      c.id,
      {
        id: contact.messageId,
        visibility: 'public',
        authorType: 'contact',
        authorId: contact.contactId,
        body: contact.body,
        attachments: contact.attachments,
        channel: contact.channel,
      },
      at,
      { providerMessageId: contact.providerMessageId, deliveryStatus: null },
    );
    events.push({ name: 'message.created', data: { message } });
    events.push(
      interactionEvent({
        id: contact.interactionId,
        channel: contact.channel,
        direction: 'inbound',
        startedAt: contact.receivedAt,
        endedAt: contact.receivedAt,
        talkSeconds: 0,
        holdSeconds: 0,
        wrapUpSeconds: 0,
        abandoned: false,
        agentId: null,
        note: null,
      }),
    );
    return changed(c, next, events, at);
  },

  /** Records a call, chat or other contact with its handle-time parts. */
  recordInteraction(c: CaseState, i: InteractionRecord, at: Date): CaseChange {
    refuseIfClosed(c);
    return changed(c, c, [interactionEvent(i)], at);
  },

  /** Adds facts other parts of the hub decide about a case (survey invitations and answers). */
  attach(c: CaseState, events: readonly CaseEvent[], at: Date): CaseChange {
    return changed(c, c, events, at);
  },
} as const;

/** Counts the events into the version; a change that says nothing leaves the case as it was. */
function changed(
  before: CaseState,
  next: CaseState,
  events: readonly CaseEvent[],
  at: Date,
): CaseChange {
  if (!events.length) return { next: before, events };
  return { next: { ...next, version: before.version + events.length, updatedAt: at }, events };
}

function refuseIfClosed(c: CaseState): void {
  if (c.status === 'closed') {
    throw new CaseStatusConflict(
      `Case ${formatCaseNumber(c.number)} is closed; open a follow-up case instead.`,
    );
  }
}

function messageView(
  caseId: string,
  m: Omit<TeamMessage, 'authorType'> & { authorType: AuthorType },
  at: Date,
  delivery: Pick<MessageView, 'providerMessageId' | 'deliveryStatus'> &
    Partial<Pick<MessageView, 'deliveryError'>>,
): MessageView {
  return {
    id: m.id,
    caseId,
    visibility: m.visibility,
    authorType: m.authorType,
    authorId: m.authorId,
    body: m.body,
    attachments: [...m.attachments],
    channel: m.channel,
    createdAt: at.toISOString(),
    deliveryError: null,
    template: m.template ?? null,
    ...delivery,
  };
}

function interactionEvent(i: InteractionRecord): CaseEvent {
  const { note, startedAt, endedAt, ...rest } = i;
  return {
    name: 'interaction.recorded',
    data: {
      interaction: {
        ...rest,
        startedAt: startedAt.toISOString(),
        endedAt: endedAt?.toISOString() ?? null,
      },
    },
    note,
  };
}

function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags)].sort();
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

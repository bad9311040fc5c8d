import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseStatusConflict, IllegalEscalation, IllegalTransition } from '../errors.js';
import { Case, type OpenCase } from './case-aggregate.js';
import type { CaseState } from './case-state.js';
import { CASE_STATUSES } from './case-status.js';

const monday = new Date('2025-01-06T09:00:00Z');
const tuesday = new Date('2025-01-07T09:00:00Z');

function opening(overrides: Partial<OpenCase> = {}): OpenCase {
  return {
    id: 'case-1',
    subject: 'Charged twice',
    description: null,
    channel: 'email',
    priority: 'normal',
    tags: [],
    customFields: {},
    businessImpact: null,
    contactId: 'contact-1',
    takenBy: null,
    assigneeId: null,
    group: null,
    followUpOf: null,
    ...overrides,
  };
}

const aCase = (overrides: Partial<CaseState> = {}): CaseState => ({
  ...Case.open(opening(), monday).next,
  number: 7,
  ...overrides,
});

const names = (events: readonly { name: string }[]) => events.map((e) => e.name);

const reply = {
  id: 'm-1',
  visibility: 'public',
  authorType: 'agent',
  authorId: 'ada',
  body: 'On it.',
  attachments: [],
  channel: 'email',
} as const;

const customerMail = {
  messageId: 'm-2',
  interactionId: 'i-1',
  contactId: 'contact-1',
  channel: 'email',
  body: 'Any news?',
  attachments: [],
  providerMessageId: '<a@b>',
  receivedAt: tuesday,
  autoReply: false,
} as const;

describe('Case.open', () => {
  it('opens a new case at version 1 with case.created', () => {
    const { next, events } = Case.open(opening({ tags: ['b', 'a', 'b'] }), monday);
    expect(next).toMatchObject({ status: 'new', version: 1, tags: ['a', 'b'], createdAt: monday });
    expect(names(events)).toEqual(['case.created']);
  });

  it('makes the agent who took the contact its owner and assignee ("touch and hold")', () => {
    const { next } = Case.open(opening({ takenBy: 'ada' }), monday);
    expect(next).toMatchObject({ ownerId: 'ada', assigneeId: 'ada' });
  });

  it('keeps the taker as owner when someone else is to work it', () => {
    const { next } = Case.open(opening({ takenBy: 'ada', assigneeId: 'bo' }), monday);
    expect(next).toMatchObject({ ownerId: 'ada', assigneeId: 'bo' });
  });

  it("starts at the group's tier", () => {
    expect(Case.open(opening({ group: { id: 'g2', tier: 2 } }), monday).next).toMatchObject({
      groupId: 'g2',
      tier: 2,
    });
  });

  it('follows up a closed case, taking its contact unless one is given', () => {
    const closed = { id: 'old', number: 3, status: 'closed' as const, contactId: 'c-old' };
    expect(Case.open(opening({ contactId: null, followUpOf: closed }), monday).next).toMatchObject({
      followUpOf: 'old',
      contactId: 'c-old',
    });
  });

  it('refuses to follow up a case that is not closed', () => {
    const open = { id: 'old', number: 3, status: 'open' as const, contactId: null };
    expect(() => Case.open(opening({ followUpOf: open }), monday)).toThrow(
      /Case #3 is open, not closed/,
    );
  });
});

describe('Case.update', () => {
  it('names only the fields that changed', () => {
    const c = aCase({ priority: 'normal', subject: 'Same' });
    const { next, events } = Case.update(
      c,
      { subject: 'Same', priority: 'high', tags: ['vip'] },
      tuesday,
    );
    expect(events).toEqual([{ name: 'case.updated', data: { changed: ['priority', 'tags'] } }]);
    expect(next).toMatchObject({ priority: 'high', tags: ['vip'], version: 2, updatedAt: tuesday });
  });

  it('merges custom fields; null removes one', () => {
    const c = aCase({ customFields: { plan: 'pro', seats: 3 } });
    const { next } = Case.update(c, { customFields: { plan: null, region: 'eu' } }, tuesday);
    expect(next.customFields).toEqual({ seats: 3, region: 'eu' });
  });

  it('says nothing and keeps the version when nothing changed', () => {
    const c = aCase({ tags: ['a', 'b'] });
    const change = Case.update(c, { tags: ['b', 'a'], description: null }, tuesday);
    expect(change).toEqual({ next: c, events: [] });
  });
});

describe('Case.transition', () => {
  it('resolves with status_changed then resolved', () => {
    const { next, events } = Case.transition(aCase({ status: 'open' }), 'resolved', null, tuesday);
    expect(names(events)).toEqual(['case.status_changed', 'case.resolved']);
    expect(next).toMatchObject({ status: 'resolved', resolvedAt: tuesday, version: 3 });
  });

  it('reopens a resolved case when an agent opens it', () => {
    const resolved = aCase({ status: 'resolved', resolvedAt: monday });
    const { events } = Case.transition(resolved, 'open', 'customer called', tuesday);
    expect(events).toEqual([
      {
        name: 'case.status_changed',
        data: { from: 'resolved', to: 'open', reason: 'customer called' },
      },
      { name: 'case.reopened', data: { reason: 'agent' } },
    ]);
  });

  it('closes with status_changed then closed', () => {
    const resolved = aCase({ status: 'resolved', resolvedAt: monday });
    expect(names(Case.transition(resolved, 'closed', null, tuesday).events)).toEqual([
      'case.status_changed',
      'case.closed',
    ]);
  });

  it('refuses a move the lifecycle forbids', () => {
    expect(() => Case.transition(aCase(), 'closed', null, tuesday)).toThrow(IllegalTransition);
  });
});

describe('Case.assign', () => {
  it('makes the first assignee the owner and says who had it', () => {
    const { next, events } = Case.assign(aCase(), 'bo', 'g1', tuesday);
    expect(next).toMatchObject({ ownerId: 'bo', assigneeId: 'bo', groupId: 'g1' });
    expect(events).toEqual([
      { name: 'case.assigned', data: { fromAssigneeId: null, toAssigneeId: 'bo', groupId: 'g1' } },
    ]);
  });

  it('refuses a closed case', () => {
    expect(() => Case.assign(aCase({ status: 'closed' }), 'bo', undefined, tuesday)).toThrow(
      CaseStatusConflict,
    );
  });
});

describe('Case.escalate', () => {
  it('moves the case up a tier and keeps its owner', () => {
    const c = aCase({ ownerId: 'ada', assigneeId: 'ada', status: 'open' });
    const { next, events } = Case.escalate(
      c,
      { tier: 2, groupId: 'billing', assigneeId: null },
      'ada',
      'Refund above the limit',
      tuesday,
    );
    expect(next).toMatchObject({ ownerId: 'ada', assigneeId: null, groupId: 'billing', tier: 2 });
    expect(events[0]).toMatchObject({
      name: 'case.escalated',
      data: { escalation: { by: 'ada', fromTier: 1, toTier: 2, at: tuesday.toISOString() } },
    });
  });

  it.each(['resolved', 'closed'] as const)('refuses a %s case', (status) => {
    expect(() =>
      Case.escalate(
        aCase({ status }),
        { tier: 2, groupId: 'g', assigneeId: null },
        'a',
        'r',
        tuesday,
      ),
    ).toThrow(/only active cases can be escalated/);
  });

  it('refuses to move a case down', () => {
    expect(() =>
      Case.escalate(
        aCase({ tier: 2 }),
        { tier: 1, groupId: 'g', assigneeId: null },
        'a',
        'r',
        tuesday,
      ),
    ).toThrow(IllegalEscalation);
  });
});

describe('Case.addMessage', () => {
  it("takes a new case into work with an agent's first public reply", () => {
    const { next, events } = Case.addMessage(aCase(), reply, tuesday);
    expect(names(events)).toEqual(['case.status_changed', 'message.created']);
    expect(next).toMatchObject({ status: 'open', firstResponseAt: tuesday, version: 3 });
    expect(events[1]).toMatchObject({
      data: { message: { id: 'm-1', caseId: 'case-1', deliveryStatus: 'pending' } },
    });
  });

  it('keeps the first response when agents reply again', () => {
    const answered = aCase({ status: 'open', firstResponseAt: monday });
    expect(Case.addMessage(answered, reply, tuesday).next.firstResponseAt).toEqual(monday);
  });

  it('does not count an internal note or a plugin message as a response', () => {
    const note = Case.addMessage(aCase(), { ...reply, visibility: 'internal' }, tuesday);
    const byPlugin = Case.addMessage(aCase(), { ...reply, authorType: 'plugin' }, tuesday);
    for (const { next, events } of [note, byPlugin]) {
      expect(next).toMatchObject({ status: 'new', firstResponseAt: null });
      expect(names(events)).toEqual(['message.created']);
    }
    expect(note.events[0]).toMatchObject({ data: { message: { deliveryStatus: null } } });
  });

  it('keeps a public reply to an opted-out contact as failed, never pending for a plugin', () => {
    const refused = Case.addMessage(aCase(), { ...reply, recipientOptedOut: true }, tuesday);
    expect(refused.events.at(-1)).toMatchObject({
      data: { message: { deliveryStatus: 'failed', deliveryError: 'opted_out' } },
    });
    const note = { ...reply, visibility: 'internal' as const, recipientOptedOut: true };
    expect(Case.addMessage(aCase(), note, tuesday).events.at(-1)).toMatchObject({
      data: { message: { deliveryStatus: null, deliveryError: null } },
    });
  });

  it('refuses a closed case', () => {
    expect(() => Case.addMessage(aCase({ status: 'closed' }), reply, tuesday)).toThrow(
      'Case #7 is closed; open a follow-up case instead.',
    );
  });
});

describe('Case.receiveCustomerContact', () => {
  it('puts a case that waited on the customer back in the team’s court', () => {
    const { next, events } = Case.receiveCustomerContact(
      aCase({ status: 'pending' }),
      customerMail,
      tuesday,
    );
    expect(next.status).toBe('open');
    expect(names(events)).toEqual([
      'case.status_changed',
      'message.created',
      'interaction.recorded',
    ]);
  });

  it('reopens a resolved case', () => {
    const resolved = aCase({ status: 'resolved', resolvedAt: monday });
    const { next, events } = Case.receiveCustomerContact(resolved, customerMail, tuesday);
    expect(next).toMatchObject({ status: 'open', reopenCount: 1, resolvedAt: null });
    expect(names(events).slice(0, 2)).toEqual(['case.status_changed', 'case.reopened']);
  });

  it('keeps an automatic reply without changing the case', () => {
    const resolved = aCase({ status: 'resolved', resolvedAt: monday });
    const { next, events } = Case.receiveCustomerContact(
      resolved,
      { ...customerMail, autoReply: true },
      tuesday,
    );
    expect(next.status).toBe('resolved');
    expect(names(events)).toEqual(['message.created', 'interaction.recorded']);
  });

  it('records the message as the customer’s and the contact as an inbound interaction', () => {
    const { events } = Case.receiveCustomerContact(
      aCase({ status: 'open' }),
      customerMail,
      tuesday,
    );
    expect(events[0]).toMatchObject({
      data: {
        message: { authorType: 'contact', authorId: 'contact-1', providerMessageId: '<a@b>' },
      },
    });
    expect(events[1]).toMatchObject({
      data: { interaction: { id: 'i-1', direction: 'inbound', startedAt: tuesday.toISOString() } },
      note: null,
    });
  });

  it('refuses a closed case (the message belongs on a follow-up)', () => {
    expect(() =>
      Case.receiveCustomerContact(aCase({ status: 'closed' }), customerMail, tuesday),
    ).toThrow(CaseStatusConflict);
  });
});

describe('Case.recordInteraction', () => {
  it('keeps the note with the interaction but out of the published data', () => {
    const { events } = Case.recordInteraction(
      aCase(),
      {
        id: 'i-2',
        channel: 'phone',
        direction: 'inbound',
        startedAt: monday,
        endedAt: tuesday,
        talkSeconds: 300,
        holdSeconds: 20,
        wrapUpSeconds: 60,
        abandoned: false,
        agentId: 'ada',
        note: 'angry about the fee',
      },
      tuesday,
    );
    expect(events[0]).toMatchObject({ name: 'interaction.recorded', note: 'angry about the fee' });
    expect(JSON.stringify((events[0] as { data: unknown }).data)).not.toContain('angry');
  });
});

describe('every command', () => {
  it('counts each event into the version, and a closed case takes no new work', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASE_STATUSES), fc.nat(20), (status, version) => {
        const c = aCase({ status, version, resolvedAt: status === 'new' ? null : monday });
        const commands = [
          () => Case.addMessage(c, reply, tuesday),
          () => Case.assign(c, 'bo', undefined, tuesday),
          () => Case.receiveCustomerContact(c, customerMail, tuesday),
        ];
        for (const run of commands) {
          if (status === 'closed') {
            expect(run).toThrow(CaseStatusConflict);
            continue;
          }
          const { next, events } = run();
          expect(next.version).toBe(version + events.length);
        }
      }),
    );
  });
});

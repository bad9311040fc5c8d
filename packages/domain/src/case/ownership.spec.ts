import { describe, expect, it } from 'vitest';
import { IllegalEscalation } from '../errors.js';
import { assign, escalate, type Ownership } from './ownership.js';

const now = new Date('2025-01-06T09:00:00Z');

function unassigned(overrides: Partial<Ownership> = {}): Ownership {
  return { ownerId: null, assigneeId: null, groupId: 'front-line', tier: 1, ...overrides };
}

/** A tier-1 case that Alice took first and still works. */
const alicesCase = unassigned({ ownerId: 'alice', assigneeId: 'alice' });

describe('assign', () => {
  it('makes the first assignee the owner', () => {
    expect(assign(unassigned(), 'alice')).toMatchObject({ ownerId: 'alice', assigneeId: 'alice' });
  });

  it('keeps the owner when the case is re-assigned (touch and hold)', () => {
    const reassigned = assign(alicesCase, 'bob');
    expect(reassigned).toMatchObject({ ownerId: 'alice', assigneeId: 'bob' });
  });

  it('keeps the owner when the case is unassigned', () => {
    expect(assign(alicesCase, null)).toMatchObject({ ownerId: 'alice', assigneeId: null });
  });

  it('moves the case to a group only when one is given', () => {
    expect(assign(alicesCase, 'bob').groupId).toBe('front-line');
    expect(assign(alicesCase, 'bob', 'billing').groupId).toBe('billing');
    expect(assign(alicesCase, 'bob', null).groupId).toBeNull();
  });
});

describe('escalate', () => {
  it('moves the case up a tier and keeps its owner', () => {
    const { ownership } = escalate(
      alicesCase,
      { tier: 2, groupId: 'tier-2', assigneeId: 'carol' },
      'alice',
      'Needs a database fix',
      now,
    );
    expect(ownership).toEqual({
      ownerId: 'alice',
      assigneeId: 'carol',
      groupId: 'tier-2',
      tier: 2,
    });
  });

  it('records who escalated, why, when, and from where to where', () => {
    const { escalation } = escalate(
      alicesCase,
      { tier: 2, groupId: 'tier-2', assigneeId: 'carol' },
      'alice',
      'Needs a database fix',
      now,
    );
    expect(escalation).toEqual({
      by: 'alice',
      reason: 'Needs a database fix',
      at: now,
      fromTier: 1,
      toTier: 2,
      fromGroupId: 'front-line',
      toGroupId: 'tier-2',
      fromAssigneeId: 'alice',
      toAssigneeId: 'carol',
    });
  });

  it('refuses an escalation that hands the case to nobody (it would sit in no queue)', () => {
    expect(() =>
      escalate(
        alicesCase,
        { tier: 2, groupId: null, assigneeId: null },
        'alice',
        'Out of my depth',
        now,
      ),
    ).toThrow(IllegalEscalation);
  });

  it('keeps the case in its group when escalated to a named agent only', () => {
    const { ownership } = escalate(
      alicesCase,
      { tier: 2, groupId: null, assigneeId: 'carol' },
      'alice',
      'Out of my depth',
      now,
    );
    expect(ownership).toMatchObject({ groupId: 'front-line', assigneeId: 'carol', tier: 2 });
  });

  it('allows a warm transfer to another group on the same tier', () => {
    const { ownership } = escalate(
      alicesCase,
      { tier: 1, groupId: 'billing', assigneeId: 'dave' },
      'alice',
      'A billing question',
      now,
    );
    expect(ownership).toEqual({
      ownerId: 'alice',
      assigneeId: 'dave',
      groupId: 'billing',
      tier: 1,
    });
  });

  it('refuses an escalation to the same tier and the same group', () => {
    expect(() =>
      escalate(
        alicesCase,
        { tier: 1, groupId: 'front-line', assigneeId: 'bob' },
        'alice',
        'Busy',
        now,
      ),
    ).toThrow(IllegalEscalation);
  });

  it('refuses an escalation to the same tier that names no group', () => {
    expect(() =>
      escalate(alicesCase, { tier: 1, groupId: null, assigneeId: 'bob' }, 'alice', 'Busy', now),
    ).toThrow(IllegalEscalation);
  });

  it('refuses to escalate down a tier, even to another group', () => {
    const tier2 = unassigned({ ownerId: 'alice', assigneeId: 'carol', groupId: 'tier-2', tier: 2 });
    expect(() =>
      escalate(
        tier2,
        { tier: 1, groupId: 'front-line', assigneeId: 'alice' },
        'carol',
        'Back to you',
        now,
      ),
    ).toThrow(/below the current tier 2/);
  });

  it.each(['', '   '])('refuses an escalation without a reason (%j)', (reason) => {
    expect(() =>
      escalate(alicesCase, { tier: 2, groupId: 'tier-2', assigneeId: null }, 'alice', reason, now),
    ).toThrow(IllegalEscalation);
  });

  it('makes whoever worked an unowned case its owner when it is escalated', () => {
    const worked = unassigned({ assigneeId: 'bob' });
    const { ownership } = escalate(
      worked,
      { tier: 2, groupId: 'tier-2', assigneeId: 'carol' },
      'bob',
      'Stuck',
      now,
    );
    expect(ownership.ownerId).toBe('bob');
  });
});

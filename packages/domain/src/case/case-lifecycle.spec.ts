import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IllegalTransition } from '../errors.js';
import {
  type CaseLifecycle,
  recordFirstResponse,
  routeCustomerContact,
  statusAfterCustomerContact,
  transition,
} from './case-lifecycle.js';
import { ALLOWED_TRANSITIONS, CASE_STATUSES, type CaseStatus } from './case-status.js';

const monday = new Date('2025-01-06T09:00:00Z');
const tuesday = new Date('2025-01-07T09:00:00Z');
const wednesday = new Date('2025-01-08T09:00:00Z');

function aCase(overrides: Partial<CaseLifecycle> = {}): CaseLifecycle {
  return {
    status: 'new',
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    reopenCount: 0,
    ...overrides,
  };
}

function illegalTransitionFrom(fn: () => unknown): IllegalTransition {
  try {
    fn();
  } catch (e) {
    if (e instanceof IllegalTransition) return e;
    throw e;
  }
  throw new Error('expected an IllegalTransition, but the transition succeeded');
}

const legalMoves = CASE_STATUSES.flatMap((from) =>
  ALLOWED_TRANSITIONS[from].map((to) => [from, to] as const),
);
const illegalMoves = CASE_STATUSES.flatMap((from) =>
  CASE_STATUSES.filter((to) => !ALLOWED_TRANSITIONS[from].includes(to)).map(
    (to) => [from, to] as const,
  ),
);

describe('transition', () => {
  it.each(legalMoves)('moves a case from %s to %s', (from, to) => {
    expect(transition(aCase({ status: from }), to, monday).status).toBe(to);
  });

  it.each(illegalMoves)('refuses to move a case from %s to %s', (from, to) => {
    expect(() => transition(aCase({ status: from }), to, monday)).toThrow(IllegalTransition);
  });

  it('treats closed as final', () => {
    for (const to of CASE_STATUSES) {
      expect(() => transition(aCase({ status: 'closed' }), to, monday)).toThrow(
        /"closed" is final/,
      );
    }
  });

  it('does not close a case that was never resolved', () => {
    const error = illegalTransitionFrom(() =>
      transition(aCase({ status: 'new' }), 'closed', monday),
    );
    expect(error).toMatchObject({ code: 'illegal_transition', from: 'new', to: 'closed' });
    expect(error.allowed).toEqual(['open', 'pending', 'on_hold', 'resolved']);
  });

  it('does not put a resolved case back to waiting on the customer', () => {
    const error = illegalTransitionFrom(() =>
      transition(aCase({ status: 'resolved' }), 'pending', monday),
    );
    expect(error).toMatchObject({ from: 'resolved', to: 'pending', allowed: ['open', 'closed'] });
  });

  it('never sends a case back to new', () => {
    expect(() => transition(aCase({ status: 'open' }), 'new', monday)).toThrow(IllegalTransition);
  });

  it('allows resolving a new case straight away (first contact resolution)', () => {
    expect(transition(aCase(), 'resolved', monday)).toMatchObject({
      status: 'resolved',
      resolvedAt: monday,
    });
  });

  it('stamps resolvedAt when a case is resolved', () => {
    const resolved = transition(aCase({ status: 'open' }), 'resolved', monday);
    expect(resolved.resolvedAt).toEqual(monday);
    expect(resolved.closedAt).toBeNull();
  });

  it('stamps closedAt when a case is closed and keeps when it was resolved', () => {
    const resolved = transition(aCase({ status: 'open' }), 'resolved', monday);
    const closed = transition(resolved, 'closed', tuesday);
    expect(closed).toMatchObject({ status: 'closed', resolvedAt: monday, closedAt: tuesday });
  });

  it('clears resolvedAt and counts a reopen when a resolved case opens again', () => {
    const resolved = transition(aCase({ status: 'open' }), 'resolved', monday);
    const reopened = transition(resolved, 'open', tuesday);
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, reopenCount: 1 });

    const reopenedTwice = transition(transition(reopened, 'resolved', tuesday), 'open', wednesday);
    expect(reopenedTwice.reopenCount).toBe(2);
  });

  it('does not count moves between working statuses as reopens', () => {
    const moved = transition(
      transition(aCase({ status: 'open' }), 'pending', monday),
      'open',
      tuesday,
    );
    expect(moved).toMatchObject({
      status: 'open',
      reopenCount: 0,
      resolvedAt: null,
      closedAt: null,
    });
  });

  it('keeps the rest of the case and leaves the original untouched', () => {
    const original = { ...aCase({ status: 'open' }), id: 'case-1', version: 3 };
    const moved = transition(original, 'pending', monday);
    expect(moved).toMatchObject({ id: 'case-1', version: 3, status: 'pending' });
    expect(original.status).toBe('open');
  });

  it('either follows ALLOWED_TRANSITIONS or throws IllegalTransition, and nothing leaves closed', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CASE_STATUSES), { maxLength: 30 }), (attempts) => {
        let c = aCase();
        let reopens = 0;
        for (const to of attempts) {
          const from: CaseStatus = c.status;
          if (ALLOWED_TRANSITIONS[from].includes(to)) {
            expect(from).not.toBe('closed');
            c = transition(c, to, monday);
            expect(c.status).toBe(to);
            if (from === 'resolved' && to === 'open') reopens++;
          } else {
            expect(() => transition(c, to, monday)).toThrow(IllegalTransition);
          }
          expect(c.reopenCount).toBe(reopens);
          expect(c.resolvedAt !== null).toBe(c.status === 'resolved' || c.status === 'closed');
          expect(c.closedAt !== null).toBe(c.status === 'closed');
        }
      }),
    );
  });
});

describe('routeCustomerContact', () => {
  it('opens a follow-up case when the customer writes about a closed case', () => {
    expect(routeCustomerContact('closed')).toBe('follow_up');
  });

  it('reopens a resolved case', () => {
    expect(routeCustomerContact('resolved')).toBe('reopen');
  });

  it.each(['new', 'open', 'pending', 'on_hold'] as const)('appends to a %s case', (status) => {
    expect(routeCustomerContact(status)).toBe('append');
  });
});

describe('statusAfterCustomerContact', () => {
  it('puts a case that waited on the customer back in the team’s court', () => {
    expect(statusAfterCustomerContact('pending')).toBe('open');
  });

  it('opens a resolved case again', () => {
    expect(statusAfterCustomerContact('resolved')).toBe('open');
  });

  it.each(['new', 'open', 'on_hold', 'closed'] as const)('leaves a %s case as it is', (status) => {
    expect(statusAfterCustomerContact(status)).toBe(status);
  });

  it('only ever proposes a move the lifecycle allows', () => {
    for (const status of CASE_STATUSES) {
      const next = statusAfterCustomerContact(status);
      if (next !== status) expect(ALLOWED_TRANSITIONS[status]).toContain(next);
    }
  });
});

describe('recordFirstResponse', () => {
  it('records the first public reply', () => {
    expect(recordFirstResponse(aCase(), monday).firstResponseAt).toEqual(monday);
  });

  it('keeps the first response when agents reply again', () => {
    const answered = recordFirstResponse(aCase(), monday);
    expect(recordFirstResponse(answered, tuesday).firstResponseAt).toEqual(monday);
  });
});

import { ALLOWED_TRANSITIONS, type CaseStatus, canTransition } from './case-status.js';
import { IllegalTransition } from '../errors.js';

/** The part of a case the lifecycle rules read and write. */
export interface CaseLifecycle {
  readonly status: CaseStatus;
  readonly firstResponseAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly closedAt: Date | null;
  readonly reopenCount: number;
}

/** Moves a case to `to`, stamping resolution, closing and reopen counts. Throws {@link IllegalTransition}. */
export function transition<C extends CaseLifecycle>(c: C, to: CaseStatus, at: Date): C {
  if (!canTransition(c.status, to)) {
    throw new IllegalTransition(c.status, to, ALLOWED_TRANSITIONS[c.status]);
  }
  const reopening = c.status === 'resolved' && to === 'open';
  return {
    ...c,
    status: to,
    resolvedAt: to === 'resolved' ? at : reopening ? null : c.resolvedAt,
    closedAt: to === 'closed' ? at : c.closedAt,
    reopenCount: reopening ? c.reopenCount + 1 : c.reopenCount,
  };
}

/** What a new customer contact does to the case it threads onto. */
export type ContactRouting = 'append' | 'reopen' | 'follow_up';

export function routeCustomerContact(status: CaseStatus): ContactRouting {
  switch (status) {
    case 'closed':
      return 'follow_up';
    case 'resolved':
      return 'reopen';
    case 'new':
    case 'open':
    case 'pending':
    case 'on_hold':
      return 'append';
  }
}

/** A customer answering a case that waits on them puts it back in the team's court. */
export function statusAfterCustomerContact(status: CaseStatus): CaseStatus {
  return status === 'pending' || status === 'resolved' ? 'open' : status;
}

/** The first public reply by an agent is the case's first response (SLA, FRT). */
export function recordFirstResponse<C extends CaseLifecycle>(c: C, at: Date): C {
  return c.firstResponseAt ? c : { ...c, firstResponseAt: at };
}

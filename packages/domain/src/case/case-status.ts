import { z } from 'zod';

/**
 * Lifecycle of a case. `pending` waits on the customer, `on_hold` on a third party;
 * `closed` is final: a later contact opens a follow-up case linked to it.
 */
export const CASE_STATUSES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const caseStatusSchema = z.enum(CASE_STATUSES);

const WORKING = ['open', 'pending', 'on_hold'] as const;

/** Every legal move. `new → resolved` is first contact resolution. */
export const ALLOWED_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: [...WORKING, 'resolved'],
  open: ['pending', 'on_hold', 'resolved'],
  pending: ['open', 'on_hold', 'resolved'],
  on_hold: ['open', 'pending', 'resolved'],
  resolved: ['open', 'closed'],
  closed: [],
};

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/** A case the team still has to work on (counts toward backlog and SLA clocks). */
export function isActive(status: CaseStatus): boolean {
  return status !== 'resolved' && status !== 'closed';
}

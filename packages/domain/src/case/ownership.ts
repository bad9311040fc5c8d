import { IllegalEscalation } from '../errors.js';

/**
 * Who answers for a case. The owner follows "touch and hold": the agent who takes the
 * first contact owns the case until it closes, whatever escalations and re-assignments
 * happen; the assignee is whoever works it now.
 */
export interface Ownership {
  readonly ownerId: string | null;
  readonly assigneeId: string | null;
  readonly groupId: string | null;
  /** Support tier (1 = front line). */
  readonly tier: number;
}

/** Assigns the case; the first agent to take it becomes its owner. */
export function assign(
  o: Ownership,
  assigneeId: string | null,
  groupId?: string | null,
): Ownership {
  return {
    ...o,
    assigneeId,
    groupId: groupId === undefined ? o.groupId : groupId,
    ownerId: o.ownerId ?? assigneeId,
  };
}

/** Where an escalation sends the case. */
export interface EscalationTarget {
  readonly tier: number;
  readonly groupId: string | null;
  readonly assigneeId: string | null;
}

/** The record of one escalation (warm transfer): who, why, when, from where to where. */
export interface Escalation {
  readonly by: string;
  readonly reason: string;
  readonly at: Date;
  readonly fromTier: number;
  readonly toTier: number;
  readonly fromGroupId: string | null;
  readonly toGroupId: string | null;
  readonly fromAssigneeId: string | null;
  readonly toAssigneeId: string | null;
}

/**
 * Escalates a case to a higher tier or another group. The owner never changes; the case
 * stays assigned (to the new assignee, or to the group's queue) so it is never orphaned.
 */
export function escalate(
  o: Ownership,
  target: EscalationTarget,
  by: string,
  reason: string,
  at: Date,
): { ownership: Ownership; escalation: Escalation } {
  if (!reason.trim()) throw new IllegalEscalation('An escalation needs a reason.');
  const movesUp = target.tier > o.tier;
  const movesAcross =
    target.tier === o.tier && target.groupId !== null && target.groupId !== o.groupId;
  if (target.tier < o.tier) {
    throw new IllegalEscalation(
      `An escalation moves a case up: tier ${target.tier} is below the current tier ${o.tier}.`,
    );
  }
  if (target.assigneeId === null && target.groupId === null) {
    throw new IllegalEscalation('An escalation hands the case to a group, an agent or both.');
  }
  if (!movesUp && !movesAcross) {
    throw new IllegalEscalation(
      `An escalation must move the case to a higher tier than ${o.tier} or to another group.`,
    );
  }
  return {
    ownership: {
      ownerId: o.ownerId ?? o.assigneeId ?? target.assigneeId,
      assigneeId: target.assigneeId,
      groupId: target.groupId ?? o.groupId,
      tier: target.tier,
    },
    escalation: {
      by,
      reason,
      at,
      fromTier: o.tier,
      toTier: target.tier,
      fromGroupId: o.groupId,
      toGroupId: target.groupId ?? o.groupId,
      fromAssigneeId: o.assigneeId,
      toAssigneeId: target.assigneeId,
    },
  };
}

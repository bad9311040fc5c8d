import type { CaseView } from '../case/case.js';
import type { Channel } from '../case/channel.js';
import type { SurveySkipReason } from './survey.js';

/** A company's rules for surveying resolved cases. */
export interface SurveyPolicy {
  /** Channels whose plugins carry invitations (email today). */
  channels: readonly Channel[];
  excludeChannels: readonly Channel[];
  excludeTags: readonly string[];
  /** 0–100: the share of eligible cases surveyed. */
  samplePercent: number;
  /** A contact is invited at most once in this many days (0: no limit). */
  throttleDays: number;
}

/** What the survey sender knows about the case's contact and earlier invitations. */
export interface SurveyHistory {
  /** This case already had its invitation (from an earlier resolution). */
  caseSurveyed: boolean;
  /** When the contact was last invited, if ever. */
  contactLastInvitedAt: Date | null;
  contactOptedOut: boolean;
}

export type SurveyDecision =
  { decision: 'invite' } | { decision: 'skip'; reason: SurveySkipReason };

/**
 * Whether to survey a resolved case. The checks run from the most to the least definite, so the
 * recorded reason is the one a supervisor would name first. `sampleRoll` is 0–99, fixed per case
 * (see `sampleRoll`), so a retried decision never flips.
 */
export function decideSurvey(
  c: Pick<CaseView, 'status' | 'channel' | 'tags' | 'contact'>,
  policy: SurveyPolicy,
  history: SurveyHistory,
  now: Date,
  roll: number,
): SurveyDecision {
  const skip = (reason: SurveySkipReason): SurveyDecision => ({ decision: 'skip', reason });
  if (c.status !== 'resolved' && c.status !== 'closed') return skip('case_reopened');
  if (history.caseSurveyed) return skip('already_surveyed');
  if (policy.excludeChannels.includes(c.channel)) return skip('excluded_channel');
  if (c.tags.some((t) => policy.excludeTags.includes(t))) return skip('excluded_tag');
  if (!policy.channels.includes(c.channel)) return skip('channel_unsupported');
  if (!c.contact || !reachable(c.channel, c.contact)) return skip('no_contact');
  if (history.contactOptedOut) return skip('opted_out');
  if (
    policy.throttleDays > 0 &&
    history.contactLastInvitedAt &&
    now.getTime() - history.contactLastInvitedAt.getTime() < policy.throttleDays * 86_400_000
  ) {
    return skip('throttled');
  }
  if (roll >= policy.samplePercent) return skip('not_sampled');
  return { decision: 'invite' };
}

function reachable(channel: Channel, contact: NonNullable<CaseView['contact']>): boolean {
  if (channel === 'email') return !!contact.email;
  if (channel === 'sms' || channel === 'phone') return !!contact.phone;
  // Events written before contacts carried handles say nothing: let the social plugin decide.
  if (channel === 'social') return contact.handles === undefined || contact.handles.length > 0;
  return true; // other channels answer where the customer wrote from
}

/** A stable 0–99 roll for a case id (FNV-1a), so sampling is the same on every replica and retry. */
export function sampleRoll(caseId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < caseId.length; i++) {
    h ^= caseId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 100;
}

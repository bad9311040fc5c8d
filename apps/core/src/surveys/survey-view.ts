import type { SurveyView } from '@casehub/domain';
import type { SurveyEntity } from './survey.entity.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public shape of a survey record, used by the API and inside the survey events. */
export function toSurveyView(s: SurveyEntity): SurveyView {
  return {
    id: s.id,
    caseId: s.caseId,
    contactId: s.contactId,
    kind: s.kind,
    channel: s.channel,
    status: s.status,
    skipReason: s.skipReason,
    agentId: s.agentId,
    groupId: s.groupId,
    locale: s.locale,
    askCes: s.askCes,
    decidedAt: s.decidedAt.toISOString(),
    expiresAt: iso(s.expiresAt),
    answer:
      s.revision > 0 && s.score !== null && s.answeredAt
        ? {
            score: s.score,
            ces: s.ces,
            comment: s.comment,
            revision: s.revision,
            answeredAt: s.answeredAt.toISOString(),
          }
        : null,
  };
}

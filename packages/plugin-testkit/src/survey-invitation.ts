import { randomUUID } from 'node:crypto';
import {
  scaleScores,
  type CaseView,
  type EventMapV1,
  type SurveyKind,
  type SurveyView,
} from '@casehub/domain';

/** Where the invitations' links point by default. */
export const TEST_SURVEY_PAGES = 'https://survey.acme.example/s';

/**
 * A `survey.invited` event's data as the survey plugin decides it: the case's contact invited
 * to a survey of `kind` on `survey.channel` (default `email`), with its page, one link per score
 * and an unsubscribe link under `pages`. Any survey field can be given (its `id`, `expiresAt`, ...).
 */
export function surveyInvitation(
  c: CaseView,
  survey: Partial<SurveyView> & { kind: SurveyKind },
  pages = TEST_SURVEY_PAGES,
): EventMapV1['survey.invited'] {
  const id = survey.id ?? randomUUID();
  return {
    case: c,
    actor: { type: 'plugin', id: 'survey' },
    survey: {
      id,
      caseId: c.id,
      contactId: c.contact?.id ?? null,
      channel: 'email',
      status: 'invited',
      skipReason: null,
      agentId: null,
      groupId: null,
      locale: 'en',
      askCes: false,
      decidedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
      answer: null,
      ...survey,
    },
    links: {
      page: `${pages}/${id}`,
      scores: scaleScores(survey.kind).map((score) => ({
        score,
        url: `${pages}/${id}?score=${score}`,
      })),
      unsubscribe: `${pages}/${id}/unsubscribe`,
    },
  };
}

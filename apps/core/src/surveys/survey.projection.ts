import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { SurveyView } from '@casehub/domain';
import { insertRow, updateRow } from '../database/row-write.js';
import { CaseProjections } from '../cases/case-projections.js';
import { SurveyEntity } from './survey.entity.js';

/** Survey decisions become rows of surveys; an answer updates its survey's row. */
@Injectable()
export class SurveyProjection implements OnModuleInit {
  constructor(private readonly projections: CaseProjections) {}

  onModuleInit(): void {
    const decided = (survey: SurveyView) => [
      insertRow(SurveyEntity, {
        id: survey.id,
        caseId: survey.caseId,
        contactId: survey.contactId,
        kind: survey.kind,
        channel: survey.channel,
        status: survey.status,
        skipReason: survey.skipReason,
        agentId: survey.agentId,
        groupId: survey.groupId,
        locale: survey.locale,
        askCes: survey.askCes,
        decidedAt: new Date(survey.decidedAt),
        expiresAt: survey.expiresAt ? new Date(survey.expiresAt) : null,
        score: null,
        ces: null,
        comment: null,
        revision: 0,
        answeredAt: null,
        firstAnsweredAt: null,
      }),
    ];
    this.projections.register('survey.invited', ({ data }) => decided(data.survey));
    this.projections.register('survey.skipped', ({ data }) => decided(data.survey));
    this.projections.register('survey.responded', ({ data: { survey, firstAnswer } }) => {
      const answer = survey.answer!;
      const answeredAt = new Date(answer.answeredAt);
      return [
        updateRow(
          SurveyEntity,
          {
            status: 'responded',
            score: answer.score,
            ces: answer.ces,
            comment: answer.comment,
            revision: answer.revision,
            answeredAt,
            ...(firstAnswer ? { firstAnsweredAt: answeredAt } : {}),
          },
          { id: survey.id },
        ),
      ];
    });
  }
}

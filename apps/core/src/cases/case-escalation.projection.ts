import { Injectable, type OnModuleInit } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { insertRow } from '../database/row-write.js';
import { CaseProjections } from './case-projections.js';
import { CaseEscalationEntity } from './case-escalation.entity.js';

/** Keeps every escalation (who, why, when, from where to where) in case_escalations. */
@Injectable()
export class CaseEscalationProjection implements OnModuleInit {
  constructor(private readonly projections: CaseProjections) {}

  onModuleInit(): void {
    this.projections.register('case.escalated', ({ data: { escalation } }, c) => [
      insertRow(CaseEscalationEntity, {
        id: uuidv7(),
        caseId: c.id,
        ...escalation,
        at: new Date(escalation.at),
      }),
    ]);
  }
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { insertRow } from '../database/row-write.js';
import { CaseProjections } from '../cases/case-projections.js';
import { InteractionEntity } from './interaction.entity.js';

/** Every interaction.recorded of a case becomes a row of interactions, with the agent's note. */
@Injectable()
export class InteractionProjection implements OnModuleInit {
  constructor(private readonly projections: CaseProjections) {}

  onModuleInit(): void {
    this.projections.register('interaction.recorded', ({ data: { interaction }, note }, c, at) => [
      insertRow(InteractionEntity, {
        ...interaction,
        caseId: c.id,
        startedAt: new Date(interaction.startedAt),
        endedAt: interaction.endedAt ? new Date(interaction.endedAt) : null,
        note,
        createdAt: at,
      }),
    ]);
  }
}

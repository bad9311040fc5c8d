import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Case, type InteractionInput } from '@casehub/domain';
import { CaseWriter, type CaseCommand } from '../cases/case-writer.service.js';
import { NO_REQUEST, type RequestContext } from '../common/request-context.js';
import { CasesService, unknown } from '../cases/cases.service.js';
import { AgentsService } from '../agents/agents.service.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { InteractionEntity } from './interaction.entity.js';

export type InteractionView = ReturnType<typeof toInteractionView>;

@Injectable()
export class InteractionsService {
  constructor(
    private readonly writer: CaseWriter,
    private readonly cases: CasesService,
    private readonly agents: AgentsService,
    @InjectRepository(InteractionEntity)
    private readonly interactions: Repository<InteractionEntity>,
  ) {}

  /** Records one customer contact (call, chat, …) with its handle-time parts. */
  async record(
    ref: string,
    input: InteractionInput,
    by: Principal,
    request: RequestContext = NO_REQUEST,
  ): Promise<InteractionView> {
    const at = new Date();
    const row = {
      id: uuidv7(),
      channel: input.channel,
      direction: input.direction,
      startedAt: new Date(input.startedAt),
      endedAt: input.endedAt ? new Date(input.endedAt) : null,
      talkSeconds: input.talkSeconds,
      holdSeconds: input.holdSeconds,
      wrapUpSeconds: input.wrapUpSeconds,
      abandoned: input.abandoned,
      agentId: input.agentId ?? by.agentId ?? null,
      note: input.note ?? null,
    };
    const record: CaseCommand = async (c) => {
      const change = Case.recordInteraction(c, row, at);
      if (input.agentId && !(await this.agents.find(input.agentId)))
        throw unknown('agent', input.agentId, '#/agentId');
      return change;
    };
    const { change } = await this.writer.change(ref, actorOf(by), record, { request });
    return toInteractionView({ ...row, caseId: change.next.id, createdAt: at });
  }

  async list(ref: string): Promise<InteractionView[]> {
    const rows = await this.interactions.find({
      where: { caseId: await this.cases.idOf(ref) },
      order: { startedAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toInteractionView);
  }
}

export function toInteractionView(i: InteractionEntity) {
  return {
    id: i.id,
    caseId: i.caseId,
    channel: i.channel,
    direction: i.direction,
    startedAt: i.startedAt.toISOString(),
    endedAt: i.endedAt?.toISOString() ?? null,
    talkSeconds: i.talkSeconds,
    holdSeconds: i.holdSeconds,
    wrapUpSeconds: i.wrapUpSeconds,
    abandoned: i.abandoned,
    agentId: i.agentId,
    note: i.note,
    createdAt: i.createdAt.toISOString(),
  };
}

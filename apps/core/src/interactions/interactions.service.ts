import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { InteractionInput } from '@casehub/domain';
import { CaseWriter } from '../cases/case-writer.service.js';
import { CasesService, mustExist } from '../cases/cases.service.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { AgentEntity } from '../agents/agent.entity.js';
import { InteractionEntity } from './interaction.entity.js';
import { problems } from '../problems/problem.js';

export type InteractionView = ReturnType<typeof toInteractionView>;

@Injectable()
export class InteractionsService {
  constructor(
    private readonly writer: CaseWriter,
    private readonly cases: CasesService,
    @InjectRepository(InteractionEntity)
    private readonly interactions: Repository<InteractionEntity>,
  ) {}

  /** Records one customer contact (call, chat, …) with its handle-time parts. */
  async record(ref: string, input: InteractionInput, by: Principal): Promise<InteractionView> {
    let created: InteractionEntity | undefined;
    await this.writer.mutate(ref, actorOf(by), async (c, m) => {
      if (c.status === 'closed') {
        throw problems.conflict(`Case #${c.number} is closed; open a follow-up case instead.`);
      }
      const agentId = input.agentId ?? by.agentId;
      if (input.agentId) await mustExist(m.em, AgentEntity, input.agentId, '#/agentId', 'agent');
      const row = m.em.create(InteractionEntity, {
        id: uuidv7(),
        caseId: c.id,
        channel: input.channel,
        direction: input.direction,
        startedAt: new Date(input.startedAt),
        endedAt: input.endedAt ? new Date(input.endedAt) : null,
        talkSeconds: input.talkSeconds,
        holdSeconds: input.holdSeconds,
        wrapUpSeconds: input.wrapUpSeconds,
        abandoned: input.abandoned,
        agentId: agentId ?? null,
        note: input.note ?? null,
        createdAt: m.at,
      });
      await m.em.insert(InteractionEntity, row);
      created = row;
      const {
        note: _note,
        caseId: _caseId,
        createdAt: _createdAt,
        ...interaction
      } = toInteractionView(row);
      m.emit('interaction.recorded', { interaction });
    });
    return toInteractionView(created!);
  }

  async list(ref: string): Promise<InteractionView[]> {
    const c = await this.cases.get(ref);
    const rows = await this.interactions.find({
      where: { caseId: c.id },
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

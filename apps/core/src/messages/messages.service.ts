import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { recordFirstResponse, transition, type MessageView } from '@casehub/domain';
import { CaseWriter } from '../cases/case-writer.service.js';
import type { AddMessage } from '@casehub/domain';
import { actorOf, type Principal } from '../auth/principal.js';
import { problems } from '../problems/problem.js';
import { MessageEntity } from './message.entity.js';
import { recordMessage, toMessageView } from './record-message.js';
import { CasesService } from '../cases/cases.service.js';

@Injectable()
export class MessagesService {
  constructor(
    private readonly writer: CaseWriter,
    private readonly cases: CasesService,
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
  ) {}

  /**
   * Adds a reply or an internal note. A public agent reply is the case's first response if it
   * has none yet, and takes a new case into work (new → open).
   */
  async add(ref: string, input: AddMessage, by: Principal): Promise<MessageView> {
    let created: MessageEntity | undefined;
    await this.writer.mutate(ref, actorOf(by), async (c, m) => {
      if (c.status === 'closed')
        throw problems.conflict(`Case #${c.number} is closed; open a follow-up case instead.`);
      const authorType = by.role === 'plugin' ? 'plugin' : 'agent';
      if (input.visibility === 'public' && authorType === 'agent') {
        Object.assign(c, recordFirstResponse(c, m.at));
        if (c.status === 'new') {
          Object.assign(c, transition(c, 'open', m.at));
          m.emit('case.status_changed', { from: 'new', to: 'open', reason: 'first public reply' });
        }
      }
      created = await recordMessage(m, c, {
        visibility: input.visibility,
        authorType,
        authorId: by.agentId ?? by.keyId,
        body: input.body,
        attachments: input.attachments,
        channel: input.channel ?? c.channel,
      });
    });
    return toMessageView(created!);
  }

  async list(ref: string): Promise<MessageView[]> {
    const c = await this.cases.get(ref);
    const rows = await this.messages.find({
      where: { caseId: c.id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toMessageView);
  }
}

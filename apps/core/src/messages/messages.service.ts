import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  advancesDelivery,
  Case,
  isChannel,
  type AddMessage,
  type CaseEventOf,
  type InboundDelivery,
  type MessageView,
} from '@casehub/domain';
import { CaseWriter, type CaseCommand } from '../cases/case-writer.service.js';
import { NO_REQUEST, type RequestContext } from '../common/request-context.js';
import { CasesService } from '../cases/cases.service.js';
import { ConsentService } from '../contacts/consent.service.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { TemplatesService } from '../templates/templates.service.js';
import { MessageEntity } from './message.entity.js';
import { toMessageView } from './message-view.js';

@Injectable()
export class MessagesService {
  private readonly log = new Logger(MessagesService.name);

  constructor(
    private readonly writer: CaseWriter,
    private readonly cases: CasesService,
    private readonly consent: ConsentService,
    private readonly templates: TemplatesService,
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
  ) {}

  /**
   * Adds a reply or an internal note. A public agent reply is the case's first response if it
   * has none yet, and takes a new case into work (new → open).
   */
  async add(
    ref: string,
    input: AddMessage,
    by: Principal,
    request: RequestContext = NO_REQUEST,
  ): Promise<MessageView> {
    const at = new Date();
    const add: CaseCommand = async (c) => {
      const channel = input.channel ?? c.channel;
      // Checked against what the channel's plugins reported before anything is queued.
      const sent = input.template
        ? await this.templates.resolve(channel, input.template)
        : { template: null, body: input.body ?? '' };
      const recipientOptedOut =
        input.visibility === 'public' && c.contactId !== null && isChannel(channel)
          ? await this.consent.optedOut(c.contactId, channel, 'messages')
          : false;
      return Case.addMessage(
        c,
        {
          id: uuidv7(),
          visibility: input.visibility,
          authorType: by.role === 'plugin' ? 'plugin' : 'agent',
          authorId: by.agentId ?? by.keyId,
          body: sent.body,
          attachments: input.attachments,
          channel,
          recipientOptedOut,
          template: sent.template,
        },
        at,
      );
    };
    const { change } = await this.writer.change(ref, actorOf(by), add, { request });
    const created = change.events.find(
      (e): e is CaseEventOf<'message.created'> => e.name === 'message.created',
    );
    return created!.data.message;
  }

  async list(ref: string): Promise<MessageView[]> {
    const rows = await this.messages.find({
      where: { caseId: await this.cases.idOf(ref) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toMessageView);
  }

  /**
   * The case of the latest of these provider messages on `channel` (the ids a reply refers to:
   * In-Reply-To, References), or null.
   */
  async caseRepliedTo(channel: string, providerMessageIds: string[]): Promise<string | null> {
    if (!providerMessageIds.length) return null;
    const earlier = await this.messages.findOne({
      select: { caseId: true },
      where: { channel, providerMessageId: In(providerMessageIds) },
      order: { createdAt: 'DESC' },
    });
    return earlier?.caseId ?? null;
  }

  /**
   * Records what became of a reply a plugin delivered; the provider id lets answers thread.
   * Reports arrive late, twice and out of order: the status only moves forward (advancesDelivery),
   * compared and set in one statement so two reports at once cannot undo each other.
   */
  async recordDelivery(d: InboundDelivery): Promise<boolean> {
    for (;;) {
      const kept = await this.messages.findOne({
        select: { id: true, deliveryStatus: true, providerMessageId: true },
        where: { id: d.messageId },
      });
      if (!kept) {
        this.log.warn(`delivery report for unknown message ${d.messageId} from ${d.plugin}`);
        return false;
      }
      const set: Partial<MessageEntity> = {};
      const moves = advancesDelivery(kept.deliveryStatus, d.status);
      if (moves) Object.assign(set, { deliveryStatus: d.status, deliveryError: d.error ?? null });
      if (d.providerMessageId && (moves || !kept.providerMessageId))
        set.providerMessageId = d.providerMessageId;
      if (!Object.keys(set).length) return true;
      const { affected } = await this.messages.update(
        { id: d.messageId, deliveryStatus: kept.deliveryStatus ?? IsNull() },
        set,
      );
      if (affected) return true;
    }
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  normalizeIdentity,
  routeCustomerContact,
  transition,
  type Actor,
  type InboundDelivery,
  type InboundMessage,
} from '@casehub/domain';
import { CaseWriter, type CaseMutation } from '../cases/case-writer.service.js';
import { CaseEntity } from '../cases/case.entity.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { MessageEntity } from '../messages/message.entity.js';
import { recordMessage } from '../messages/record-message.js';
import { InteractionEntity } from '../interactions/interaction.entity.js';
import { Transactions } from '../database/transactions.js';
import { findThreadCase } from './inbound-threading.js';

export type InboundOutcome =
  | { kind: 'duplicate' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'appended' | 'reopened' | 'created' | 'follow_up'; caseId: string };

/** Turns customer contacts that plugins received into cases, messages and interactions. */
@Injectable()
export class InboundService {
  private readonly log = new Logger(InboundService.name);

  constructor(
    private readonly writer: CaseWriter,
    private readonly contacts: ContactsService,
    private readonly tx: Transactions,
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
  ) {}

  async receiveMessage(msg: InboundMessage): Promise<InboundOutcome> {
    // The same provider message twice is one message (a unique index backs this under races).
    if (
      await this.messages.existsBy({
        channel: msg.channel,
        providerMessageId: msg.providerMessageId,
      })
    ) {
      return { kind: 'duplicate' };
    }
    const identity = normalizeIdentity(msg.from.kind, msg.from.value);
    const { contact } = await this.tx.run((em) =>
      this.contacts.findOrCreate(em, msg.from.name ?? null, [identity]),
    );
    const actor: Actor = { type: 'contact', id: contact.id };
    const thread = await findThreadCase(this.messages.manager, msg, contact.id);
    const routing = thread ? routeCustomerContact(thread.status) : null;

    if (thread && routing !== 'follow_up') {
      await this.writer.mutate(thread.id, actor, async (c, m) => {
        // An automatic reply (out of office) is kept on the case but changes nothing about it.
        if (!msg.autoReply && (c.status === 'pending' || c.status === 'resolved')) {
          const from = c.status;
          Object.assign(c, transition(c, 'open', m.at));
          m.emit('case.status_changed', { from, to: 'open', reason: 'customer contact' });
          if (from === 'resolved') m.emit('case.reopened', { reason: 'customer_contact' });
        }
        await this.record(m, c, msg, contact.id);
      });
      return {
        kind: routing === 'reopen' && !msg.autoReply ? 'reopened' : 'appended',
        caseId: thread.id,
      };
    }
    if (msg.autoReply) {
      this.log.log(
        `auto-reply ${msg.providerMessageId} from ${identity.value} matches no case: not opening one`,
      );
      return { kind: 'ignored', reason: 'an automatic reply never opens a case' };
    }
    const created = await this.writer.create(actor, async (m) => {
      m.setTags([]);
      m.emit('case.created', {});
      const c = m.em.create(CaseEntity, {
        id: uuidv7(),
        number: 0,
        subject: subjectOf(msg),
        description: msg.body.slice(0, 100_000),
        status: 'new',
        priority: 'normal',
        channel: msg.channel,
        contactId: contact.id,
        ownerId: null,
        assigneeId: null,
        groupId: null,
        tier: 1,
        customFields: {},
        businessImpact: null,
        followUpOf: thread?.id ?? null,
        reopenCount: 0,
        version: 0,
        firstResponseAt: null,
        resolvedAt: null,
        closedAt: null,
        createdAt: m.at,
        updatedAt: m.at,
      });
      await this.record(m, c, msg, contact.id);
      return c;
    });
    return { kind: thread ? 'follow_up' : 'created', caseId: created.id };
  }

  /** Records what became of a reply a plugin delivered; the provider id lets answers thread. */
  async recordDelivery(d: InboundDelivery): Promise<boolean> {
    const message = await this.messages.findOneBy({ id: d.messageId });
    if (!message) {
      this.log.warn(`delivery report for unknown message ${d.messageId} from ${d.plugin}`);
      return false;
    }
    await this.messages.update(
      { id: message.id },
      {
        deliveryStatus: d.status,
        deliveryError: d.error ?? null,
        providerMessageId: d.providerMessageId ?? message.providerMessageId,
      },
    );
    return true;
  }

  private async record(
    m: CaseMutation,
    c: CaseEntity,
    msg: InboundMessage,
    contactId: string,
  ): Promise<void> {
    await recordMessage(m, c, {
      visibility: 'public',
      authorType: 'contact',
      authorId: contactId,
      body: msg.body,
      attachments: msg.attachments,
      channel: msg.channel,
      providerMessageId: msg.providerMessageId,
    });
    const at = new Date(msg.receivedAt);
    const interaction = {
      id: uuidv7(),
      caseId: c.id,
      channel: msg.channel,
      direction: 'inbound' as const,
      startedAt: at,
      endedAt: at,
      talkSeconds: 0,
      holdSeconds: 0,
      wrapUpSeconds: 0,
      abandoned: false,
      agentId: null,
      note: null,
      createdAt: m.at,
    };
    await m.em.insert(InteractionEntity, interaction);
    const { caseId: _c, note: _n, createdAt: _a, ...rest } = interaction;
    m.emit('interaction.recorded', {
      interaction: { ...rest, startedAt: at.toISOString(), endedAt: at.toISOString() },
    });
  }
}

/** A new case is named after the message's subject, else its first line. */
function subjectOf(msg: InboundMessage): string {
  const fromBody =
    msg.body
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  const subject = (msg.subject?.trim() || fromBody || `Message from ${msg.from.value}`).slice(
    0,
    300,
  );
  return subject;
}

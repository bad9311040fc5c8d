import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import {
  Case,
  consentKeyword,
  consentOfKeyword,
  KEYWORD_CHANNELS,
  keywordWord,
  normalizeIdentity,
  routeCustomerContact,
  THREADLESS_CHANNELS,
  type Actor,
  type CaseChange,
  type CaseState,
  type ContactRef,
  type ContactRouting,
  type InboundConsent,
  type CustomerContact,
  type InboundDelivery,
  type InboundMessage,
} from '@casehub/domain';
import { CaseWriter } from '../cases/case-writer.service.js';
import { CasesService } from '../cases/cases.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { ConsentService } from '../contacts/consent.service.js';
import type { ContactForCase } from '../contacts/contact-for-case.js';
import { MessagesService } from '../messages/messages.service.js';
import { isUniqueViolation } from '../database/unique-violation.js';

export type InboundOutcome =
  | { kind: 'duplicate' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'consent'; contactId: string }
  | { kind: 'appended' | 'reopened' | 'created' | 'follow_up'; caseId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Turns customer contacts that plugins received into cases, messages and interactions. */
@Injectable()
export class InboundService {
  private readonly log = new Logger(InboundService.name);

  constructor(
    private readonly writer: CaseWriter,
    private readonly cases: CasesService,
    private readonly contacts: ContactsService,
    private readonly messages: MessagesService,
    private readonly consent: ConsentService,
  ) {}

  async receiveMessage(msg: InboundMessage): Promise<InboundOutcome> {
    const identity = normalizeIdentity(msg.from.kind, msg.from.value);
    // "STOP" alone is the customer's word on being texted, not a case: it never opens one.
    const keyword = KEYWORD_CHANNELS.includes(msg.channel) ? consentKeyword(msg.body) : null;
    if (keyword) {
      const state = consentOfKeyword(keyword);
      if (!state) return { kind: 'ignored', reason: 'HELP is answered by the channel plugin' };
      const { contactId } = await this.consent.record({
        who: { identity },
        channel: msg.channel,
        topic: 'messages',
        state,
        at: new Date(msg.receivedAt),
        source: `keyword ${keywordWord(msg.body)}`,
        actor: { type: 'contact', id: null },
      });
      return { kind: 'consent', contactId };
    }
    try {
      return await this.contacts.withContact(msg.from.name ?? null, [identity], (contact) =>
        this.record(msg, contact),
      );
    } catch (err) {
      // The same provider message twice is one message (its unique index decides, even in a race).
      if (isUniqueViolation(err, 'messages')) return { kind: 'duplicate' };
      throw err;
    }
  }

  /** Adds the message to the case it belongs to, or opens one; the contact is saved with it. */
  private async record(
    msg: InboundMessage,
    { ref, rows }: ContactForCase,
  ): Promise<InboundOutcome> {
    const actor: Actor = { type: 'contact', id: ref.id };
    const at = new Date();
    const received: CustomerContact = {
      messageId: uuidv7(),
      interactionId: uuidv7(),
      contactId: ref.id,
      channel: msg.channel,
      body: msg.body,
      attachments: msg.attachments,
      providerMessageId: msg.providerMessageId,
      receivedAt: new Date(msg.receivedAt),
      autoReply: msg.autoReply,
    };
    const threadId = await this.threadOf(msg, ref.id);
    const thread = { routing: 'append' as ContactRouting, closed: null as CaseState | null };
    if (threadId) {
      const { view } = await this.writer.change(
        { id: threadId },
        actor,
        (c) => {
          thread.routing = routeCustomerContact(c.status);
          // A closed case is final: the message opens a follow-up case below instead.
          if (thread.routing !== 'follow_up') return Case.receiveCustomerContact(c, received, at);
          thread.closed = c;
          return { next: c, events: [] };
        },
        { also: rows },
      );
      if (!thread.closed)
        return {
          kind: thread.routing === 'reopen' && !msg.autoReply ? 'reopened' : 'appended',
          caseId: view.id,
        };
    }
    if (msg.autoReply) {
      this.log.log(
        `auto-reply ${msg.providerMessageId} from ${msg.from.value} matches no case: not opening one`,
      );
      return { kind: 'ignored', reason: 'an automatic reply never opens a case' };
    }
    const opening = this.opening(msg, ref, received, thread.closed, at);
    const created = await this.writer.open(opening, actor, ref, { also: rows });
    return { kind: thread.closed ? 'follow_up' : 'created', caseId: created.id };
  }

  /** A consent change a plugin learnt from its provider (Twilio's 21610) or a survey unsubscribe. */
  async recordConsent(c: InboundConsent): Promise<InboundOutcome> {
    const { contactId } = await this.consent.record({
      who: c.from
        ? { identity: normalizeIdentity(c.from.kind, c.from.value) }
        : { contactId: c.contactId! },
      channel: c.channel,
      topic: c.topic,
      state: c.consent,
      at: new Date(c.at),
      source: c.source,
      actor: { type: 'plugin', id: c.plugin },
    });
    return { kind: 'consent', contactId };
  }

  /** Records what became of a reply a plugin delivered. */
  recordDelivery(d: InboundDelivery): Promise<boolean> {
    return this.messages.recordDelivery(d);
  }

  /** A new case for the message, following up `closed` if it answered a closed case. */
  private opening(
    msg: InboundMessage,
    contact: ContactRef,
    received: CustomerContact,
    closed: CaseState | null,
    at: Date,
  ): CaseChange {
    const opened = Case.open(
      {
        id: uuidv7(),
        subject: subjectOf(msg),
        description: msg.body.slice(0, 100_000),
        channel: msg.channel,
        priority: 'normal',
        tags: [],
        customFields: {},
        businessImpact: null,
        contactId: contact.id,
        takenBy: null,
        assigneeId: null,
        group: null,
        followUpOf: closed,
      },
      at,
    );
    const { next, events } = Case.receiveCustomerContact(opened.next, received, at);
    return { next, events: [...opened.events, ...events] };
  }

  /**
   * The case a customer's message belongs to, in the order helpdesks trust the clues: the case
   * the plugin names, the thread (In-Reply-To, References against the provider ids of the
   * case's messages), then a ticket number — only if the case is this contact's own, so that
   * writing "[#1042]" does not get anyone into someone else's case; on a channel without
   * threads (SMS, chat), the contact's latest case on it.
   */
  private async threadOf(msg: InboundMessage, contactId: string): Promise<string | null> {
    const t = msg.threading;
    if (t.caseId && UUID.test(t.caseId)) {
      const named = await this.cases.idOf({ id: t.caseId.toLowerCase() }).catch(() => null);
      if (named) return named;
    }
    const replied = await this.messages.caseRepliedTo(
      msg.channel,
      [t.inReplyTo, ...(t.references ?? [])].filter((x): x is string => !!x),
    );
    if (replied) return replied;
    const numbered = t.caseNumber
      ? await this.cases.ownCaseByNumber(t.caseNumber, contactId)
      : null;
    if (numbered || !THREADLESS_CHANNELS.includes(msg.channel)) return numbered;
    return this.cases.latestOnChannel(contactId, msg.channel);
  }
}

/** A new case is named after the message's subject, else its first line. */
function subjectOf(msg: InboundMessage): string {
  const fromBody =
    msg.body
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  return (msg.subject?.trim() || fromBody || `Message from ${msg.from.value}`).slice(0, 300);
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { nuid } from '@nats-io/transport-node';
import { CoreApiError, CoreClient } from '@casehub/plugin-sdk';
import { TelegramState } from '../state/telegram-state.js';

/** How a message finds its case in the core (InboundMessage.threading). */
export interface Threading {
  caseId?: string;
  inReplyTo?: string;
}

/** What a group message tells about its conversation. */
export interface GroupConversation {
  /** The conversation: the chat, or one forum topic (conversationKey). */
  key: string;
  /** The group's contact handle (`telegram:<chat id>`) and name. */
  handle: string;
  name: string | null;
  /** A forum: each topic (and the General topic) is a conversation of its own. */
  forum: boolean;
  /** What a new case for it is called (the topic's name, else the message's first line). */
  subject: string;
  /** The provider id of the message it explicitly replies to. */
  replyTo?: string;
}

/** Older than this, an opening that never finished is a crashed replica's: take it over. */
const STALE_OPENING_MS = 30_000;
/** How long to wait for another replica to open the case before Telegram is asked to retry. */
const WAIT_FOR_OTHER_MS = 10_000;

/**
 * Keeps each conversation of a group in its own case. The core threads a message by the
 * provider ids of earlier ones, else puts it in the contact's latest case on the channel: right
 * for a private chat (one conversation), wrong for a forum, where every topic is a conversation
 * of the same contact (the group). So the plugin threads each group message by the last one
 * stored in its conversation, and opens the case of a forum conversation's first message itself
 * (through the core's API, tagged `telegram:<conversation>` so that a crashed attempt's case is
 * found again), once, whichever replica gets there first.
 */
@Injectable()
export class ConversationCases {
  private readonly log = new Logger('TelegramConversations');
  private readonly instance = nuid.next();

  constructor(
    @Inject(TelegramState) private readonly state: TelegramState,
    @Inject(CoreClient) private readonly core: CoreClient,
  ) {}

  async threading(c: GroupConversation): Promise<Threading> {
    const conv = (await this.state.conversation(c.key))?.value;
    if (conv?.last) return { inReplyTo: conv.last };
    if (conv?.caseId) return { caseId: conv.caseId };
    if (!c.forum) return c.replyTo ? { inReplyTo: c.replyTo } : {};
    return { caseId: await this.open(c) };
  }

  /** The message was stored: the conversation's next message threads to it. */
  reached(key: string, providerMessageId: string): Promise<void> {
    return this.state.conversationReached(key, providerMessageId);
  }

  private async open(c: GroupConversation): Promise<string> {
    const giveUp = Date.now() + WAIT_FOR_OTHER_MS;
    for (;;) {
      const conv = await this.state.conversation(c.key);
      if (conv?.value.caseId) return conv.value.caseId;
      const opening = conv?.value.opening;
      const mine =
        !opening || opening.by === this.instance || Date.now() - opening.at > STALE_OPENING_MS;
      if (mine) {
        const claim = { ...conv?.value, opening: { by: this.instance, at: Date.now() } };
        if (await this.state.saveConversation(c.key, claim, conv?.revision ?? 0)) {
          const caseId = await this.openCase(c);
          await this.recordCase(c.key, caseId);
          return caseId;
        }
        continue; // another replica claimed it in between
      }
      if (Date.now() > giveUp)
        throw new Error(`conversation ${c.key}: another replica is still opening its case`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private async openCase(c: GroupConversation): Promise<string> {
    const tag = `telegram:${c.key}`;
    const contact = await this.contact(c);
    // An earlier attempt that died before writing the case down left it here.
    const [earlier] = (await this.core.cases.list({ contact: contact.id, tag, limit: 1 })).items;
    if (earlier) return earlier.id;
    const opened = await this.core.cases.create({
      subject: c.subject.slice(0, 300) || `Telegram conversation in ${c.name ?? c.handle}`,
      channel: 'social',
      contactId: contact.id,
      tags: [tag],
    });
    this.log.log(`conversation ${c.key}: opened case #${opened.number}`);
    return opened.id;
  }

  /** The group's contact: the one holding its handle, else a new one (whoever creates it first). */
  private async contact(c: GroupConversation): Promise<{ id: string }> {
    const find = async () => (await this.core.contacts.find({ handle: c.handle })).items[0];
    const found = await find();
    if (found) return found;
    try {
      return await this.core.contacts.create({
        ...(c.name ? { name: c.name.slice(0, 200) } : {}),
        handles: [c.handle],
      });
    } catch (err) {
      // 409: the core (or another replica) gave the handle a contact meanwhile.
      const other = err instanceof CoreApiError && err.status === 409 ? await find() : undefined;
      if (other) return other;
      throw err;
    }
  }

  private async recordCase(key: string, caseId: string): Promise<void> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const conv = await this.state.conversation(key);
      const next = { ...conv?.value, caseId };
      delete next.opening;
      if (await this.state.saveConversation(key, next, conv?.revision ?? 0)) return;
    }
    throw new Error(`cannot record the case of conversation ${key}`);
  }
}

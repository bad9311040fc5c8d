import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, type AttachmentMeta } from '@casehub/domain';
import { InboundPublisher } from '@casehub/plugin-sdk';
import type { Message, Update } from '../bot-api/bot-api-types.js';
import { TelegramApiError } from '../bot-api/telegram-api-error.js';
import { MAX_DOWNLOAD_BYTES, TelegramClient } from '../bot-api/telegram-client.js';
import { TelegramFiles } from '../state/telegram-files.js';
import { TelegramState } from '../state/telegram-state.js';
import { ConversationCases, type Threading } from './conversation-cases.service.js';
import { MembershipConsent } from './membership-consent.service.js';
import { messageMedia, type MessageMedia } from './message-media.js';
import { chatName, inGroup, messageText } from './message-text.js';
import { conversationKey, handleOf, providerMessageId } from './telegram-ids.js';

/** How an update ended. */
export type Intake = 'stored' | 'ignored';

/**
 * Hands what Telegram sent to the core: a customer's message (`inbound.message`, its file kept
 * in the plugin's object store), a group's migration to a supergroup (remembered, so that it
 * keeps its contact and cases), the bot blocked or unblocked (consent). Resolves once stored;
 * rejects when that could not happen, and Telegram's retry (or the next poll) brings the same
 * update, whose message the core keeps once.
 */
@Injectable()
export class UpdateIntake {
  private readonly log = new Logger('TelegramInbound');

  constructor(
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
    @Inject(TelegramClient) private readonly telegram: TelegramClient,
    @Inject(TelegramFiles) private readonly files: TelegramFiles,
    @Inject(TelegramState) private readonly state: TelegramState,
    @Inject(ConversationCases) private readonly conversations: ConversationCases,
    @Inject(MembershipConsent) private readonly membership: MembershipConsent,
  ) {}

  async receive(update: Update): Promise<Intake> {
    if (update.my_chat_member) return this.membership.changed(update.my_chat_member);
    const m = update.message;
    if (!m) return 'ignored'; // edits, channel posts, …: nothing the bot asked for
    if (m.migrate_to_chat_id !== undefined) {
      await this.state.migrated(m.chat.id, m.migrate_to_chat_id);
      this.log.log(`group ${m.chat.id} became supergroup ${m.migrate_to_chat_id}`);
      return 'stored';
    }
    if (m.migrate_from_chat_id !== undefined) {
      await this.state.migrated(m.migrate_from_chat_id, m.chat.id);
      return 'stored';
    }
    if (m.chat.type === 'channel' || (m.from?.is_bot && !m.sender_chat)) return 'ignored';
    return this.message(m);
  }

  private async message(m: Message): Promise<Intake> {
    const group = m.chat.type !== 'private';
    const words = messageText(m);
    if (!words) return 'ignored'; // a service message: someone joined, a topic opened, …
    const id = providerMessageId(m.chat.id, m.message_id);
    const identity = await this.state.identityOf(m.chat.id);
    const handle = handleOf(identity);
    const { attachments, notes } = await this.media(m);
    const body = [group ? inGroup(m, words) : words, ...notes].join('\n');
    const topic =
      m.is_topic_message && m.message_thread_id !== undefined ? m.message_thread_id : null;
    // A message in a topic "replies" to the topic's first message when it answers nothing else.
    const replied = m.reply_to_message;
    const replyTo =
      replied && replied.message_id !== topic
        ? providerMessageId(m.chat.id, replied.message_id)
        : undefined;
    const key = conversationKey(identity, m);
    const threading: Threading = group
      ? await this.conversations.threading({
          key,
          handle,
          name: chatName(m.chat),
          forum: m.chat.is_forum === true,
          subject: replied?.forum_topic_created?.name ?? firstLine(words),
          replyTo,
        })
      : replyTo
        ? { inReplyTo: replyTo }
        : {};
    // Replies go back into the topic: written down before the core can answer the message.
    if (topic !== null) await this.state.rememberTopic(m.chat.id, m.message_id, topic);
    try {
      await this.inbound.message({
        channel: 'social',
        from: { kind: 'social', value: handle, name: chatName(m.chat) },
        providerMessageId: id,
        receivedAt: new Date(m.date * 1000).toISOString(),
        // A new case is named after the words, not after who wrote them in a group.
        ...(group ? { subject: firstLine(words) || null } : {}),
        body,
        attachments,
        threading,
      });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.log.warn(`message ${id} ignored: ${err.message}`);
      return 'ignored';
    }
    if (group) await this.conversations.reached(key, id);
    return 'stored';
  }

  /**
   * The message's file, fetched with the bot's token and kept. One Telegram will never serve
   * (over 20 MB, gone) is named in the body instead; a failure that may pass is thrown, so that
   * the update comes again.
   */
  private async media(m: Message): Promise<{ attachments: AttachmentMeta[]; notes: string[] }> {
    const media = messageMedia(m);
    if (!media) return { attachments: [], notes: [] };
    const unavailable = (why: string) => ({
      attachments: [],
      notes: [`[${media.filename} could not be fetched from Telegram: ${why}]`],
    });
    if (media.size !== null && media.size > MAX_DOWNLOAD_BYTES)
      return unavailable(
        `${Math.round(media.size / 1024 / 1024)} MB is over Telegram's 20 MB for bots`,
      );
    try {
      const bytes = await this.fetch(media);
      const meta = await this.files.keep(
        `${m.chat.id}/${m.message_id}/${media.fileUniqueId}`,
        bytes,
        {
          filename: media.filename,
          contentType: media.contentType,
        },
      );
      return { attachments: [meta], notes: [] };
    } catch (err) {
      if (err instanceof TelegramApiError && !err.transient) return unavailable(err.description);
      throw err;
    }
  }

  private async fetch(media: MessageMedia): Promise<Buffer> {
    const file = await this.telegram.getFile(media.fileId);
    if (!file.file_path) throw new TelegramApiError(400, 'Telegram gave no file_path');
    return this.telegram.download(file.file_path);
  }
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 300);
}

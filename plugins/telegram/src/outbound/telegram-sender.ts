import { Inject, Injectable, Logger } from '@nestjs/common';
import { nuid } from '@nats-io/transport-node';
import type { AttachmentMeta } from '@casehub/domain';
import type { Message } from '../bot-api/bot-api-types.js';
import { TelegramApiError } from '../bot-api/telegram-api-error.js';
import { TelegramClient, type ChatTarget } from '../bot-api/telegram-client.js';
import { TelegramState, type SendPart, type SendRecord } from '../state/telegram-state.js';
import { AttachmentSource } from './attachment-source.js';
import { FloodWait, SendingElsewhere } from './send-verdict.js';
import { splitText } from '@casehub/channel-kit';

/** What one sendMessage may carry: 4,096 characters (UTF-16 code units, as Telegram counts). */
const MAX_TEXT = 4_096;

/** A message to send once: `key` names it across attempts, replicas and restarts. */
export interface OutboundMessage {
  key: string;
  to: ChatTarget;
  text: string;
  attachments?: readonly AttachmentMeta[];
}

/** What went out: the chat (a supergroup after a migration) and each part's message id. */
export interface SentMessage {
  chatId: number;
  messageIds: number[];
}

/** Telegram's photos: JPEG, PNG or WebP up to 10 MB; anything else goes as a document. */
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const MAX_MIGRATIONS = 3;
/**
 * A claim not written for this long is a dead replica's: longer than any one request to
 * Telegram takes (25 s for an upload), plus room for clocks that differ a little.
 */
export const CLAIM_MS = 35_000;

/**
 * Sends a message through Telegram once across redeliveries, replicas and crashes: its parts
 * (the text, split at 4,096 characters, then each attachment) are written down before the first
 * request, each part's message id after Telegram accepted it; a redelivery sends only the parts
 * without an id. The replica sending holds a claim on the record: another one given the same
 * message meanwhile waits (SendingElsewhere) until it is done or its claim is stale. Telegram
 * cannot be asked whether a request in flight when a process died went through, so that one
 * part (and only it) is sent again, and a warning says so.
 *
 * Before each part it honours the chat's flood wait (a key of the plugin's bucket every replica
 * reads) and, when Telegram answers 429, sets it for `retry_after`; when a group turned into a
 * supergroup (400 with `migrate_to_chat_id`) it remembers the move and sends there.
 */
@Injectable()
export class TelegramSender {
  private readonly log = new Logger('TelegramSender');
  private readonly instance = nuid.next();
  /** Keys this process is sending now. */
  private readonly busy = new Set<string>();

  constructor(
    @Inject(TelegramClient) private readonly telegram: TelegramClient,
    @Inject(TelegramState) private readonly state: TelegramState,
    @Inject(AttachmentSource) private readonly attachments: AttachmentSource,
  ) {}

  /**
   * Throws FloodWait, SendingElsewhere, TelegramApiError or AttachmentUnavailable when a part
   * does not go out.
   */
  async send(out: OutboundMessage): Promise<SentMessage> {
    if (this.busy.has(out.key)) throw new SendingElsewhere(out.key);
    this.busy.add(out.key);
    try {
      const record = await this.claim(out);
      if (record.ids.every((id) => id !== null))
        return { chatId: record.sentTo ?? record.chatId, messageIds: record.ids };
      return await this.sendParts(out, record);
    } finally {
      this.busy.delete(out.key);
    }
  }

  /** The record, claimed for this replica; SendingElsewhere while another one sends it. */
  private async claim(out: OutboundMessage): Promise<SendRecord> {
    // Most messages are new: written down at once, read only when one is there already.
    const fresh = this.newRecord(out, { by: this.instance, at: Date.now() });
    if (await this.state.claimSending(out.key, fresh, 0)) return fresh;
    for (let attempt = 1; attempt <= 5; attempt++) {
      const found = await this.state.sending(out.key);
      const claim = { by: this.instance, at: Date.now() };
      if (!found) {
        const record = this.newRecord(out, claim);
        if (await this.state.claimSending(out.key, record, 0)) return record;
        continue; // another replica began it in between
      }
      const { record, revision } = found;
      if (record.ids.every((id) => id !== null)) return record;
      const theirs = record.claim;
      const age = theirs ? Date.now() - theirs.at : Infinity;
      if (theirs && theirs.by !== this.instance && age < CLAIM_MS)
        // Fresh: it is at work, look again soon. Older: it may be dead; wait its claim out.
        throw new SendingElsewhere(out.key, age < 3_000 ? 1_000 : CLAIM_MS - age);
      const inFlight = record.inFlight !== null && record.ids[record.inFlight] === null;
      if (!(await this.state.claimSending(out.key, { ...record, claim }, revision))) continue;
      if (inFlight && theirs)
        this.log.warn(
          `${out.key}: part ${record.inFlight! + 1} may have reached Telegram before the process sending it stopped; Telegram cannot tell, so it is sent again`,
        );
      return { ...record, claim };
    }
    throw new SendingElsewhere(out.key);
  }

  private newRecord(out: OutboundMessage, claim: SendRecord['claim']): SendRecord {
    const parts: SendPart[] = [
      ...(out.text.trim()
        ? splitText(out.text, MAX_TEXT).map((text) => ({ kind: 'text' as const, text }))
        : []),
      ...(out.attachments ?? []).map((_, attachment) => ({ kind: 'file' as const, attachment })),
    ];
    return {
      chatId: out.to.chatId,
      threadId: out.to.threadId,
      parts,
      ids: parts.map(() => null),
      inFlight: parts.length > 0 ? 0 : null, // the first part goes right after this write
      sentTo: null,
      claim,
    };
  }

  private async sendParts(out: OutboundMessage, record: SendRecord): Promise<SentMessage> {
    const save = () => this.state.saveSending(out.key, record);
    let chatId = await this.state.currentChat(record.sentTo ?? record.chatId);
    for (let i = 0; i < record.parts.length; i++) {
      if (record.ids[i] !== null) continue;
      const until = await this.state.floodUntil(chatId);
      if (until > Date.now()) {
        record.claim = null;
        await save();
        throw new FloodWait(chatId, until);
      }
      // Written down before the request (unless the claim just did), so a restart knows.
      const claimedAt = record.claim?.by === this.instance ? record.claim.at : 0;
      if (record.inFlight !== i || Date.now() - claimedAt > 1_000) {
        record.inFlight = i;
        record.claim = { by: this.instance, at: Date.now() };
        await save();
      }
      let sent: Message;
      for (let moves = 0; ; moves++) {
        try {
          sent = await this.post(record.parts[i], { chatId, threadId: record.threadId }, out);
          break;
        } catch (err) {
          if (
            err instanceof TelegramApiError &&
            err.migrateToChatId !== null &&
            moves < MAX_MIGRATIONS
          ) {
            this.log.log(`chat ${chatId} became supergroup ${err.migrateToChatId}: sending there`);
            await this.state.migrated(chatId, err.migrateToChatId);
            chatId = err.migrateToChatId;
            continue;
          }
          // Refused, so not sent: nobody sends it now, and a retry need not warn.
          record.inFlight = null;
          record.claim = null;
          await save();
          if (err instanceof TelegramApiError && err.errorCode === 429) {
            const wait = Date.now() + (err.retryAfter ?? 1) * 1000;
            await this.state.waitFlood(chatId, wait);
            throw new FloodWait(chatId, wait);
          }
          throw err;
        }
      }
      record.ids[i] = sent.message_id;
      record.sentTo = sent.chat.id;
      const next = record.ids.indexOf(null);
      // The next part is about to go: one write says both; after the last, nobody sends.
      record.inFlight = next >= 0 ? next : null;
      record.claim = next >= 0 ? { by: this.instance, at: Date.now() } : null;
      await save();
    }
    return { chatId: record.sentTo ?? chatId, messageIds: record.ids as number[] };
  }

  private async post(part: SendPart, to: ChatTarget, out: OutboundMessage): Promise<Message> {
    if (part.kind === 'text') return this.telegram.sendMessage(to, part.text);
    const file = await this.attachments.read(out.attachments![part.attachment]);
    const photo =
      PHOTO_TYPES.includes(file.contentType.toLowerCase()) && file.bytes.length <= MAX_PHOTO_BYTES;
    return this.telegram.sendFile(photo ? 'sendPhoto' : 'sendDocument', to, file);
  }
}

import type { NatsConnection } from '@nats-io/transport-node';
import type { KV } from '@nats-io/kv';
import { KvBucket, kvKey } from '@casehub/plugin-sdk';

/** One part of an outbound message: words, or one of the reply's attachments. */
export type SendPart = { kind: 'text'; text: string } | { kind: 'file'; attachment: number };

/**
 * An outbound message on its way (a reply or a survey invitation): written before the first
 * request to Telegram, each part's message id after Telegram accepted it. `inFlight` names the
 * part being sent: found without its id after a restart, it was in Telegram's hands or not,
 * and Telegram offers no way to ask which.
 */
export interface SendRecord {
  chatId: number;
  threadId: number | null;
  parts: SendPart[];
  /** Each part's Telegram `message_id`, null until accepted. */
  ids: (number | null)[];
  inFlight: number | null;
  /** The chat the ids belong to (the supergroup after a migration). */
  sentTo: number | null;
  /**
   * The replica sending it now, and when it last wrote (its clock): another replica given the
   * same message meanwhile waits rather than send a part twice. Null once nobody is sending.
   */
  claim: { by: string; at: number } | null;
}

/** Where a case's conversation is, as its customer messages told. */
export type CaseTarget =
  { platform: 'telegram'; chatId: number; threadId: number | null } | { platform: 'other' };

/**
 * A conversation of a group (the chat, or one forum topic): the case opened for it, and the
 * provider id of the last message stored, which threads the next one to the same case.
 */
export interface Conversation {
  caseId?: string;
  last?: string;
  /** A replica opening its case (creating it in the core) since `at`. */
  opening?: { by: string; at: number };
}

/**
 * The plugin's state, in one JetStream key-value bucket all its replicas share
 * (`casehub_telegram_<stream>`): the poll offset and lease, messages being sent, flood waits,
 * migrated groups, conversations and where each case's replies go. Writes are pipelined
 * publishes (KvBucket); what this replica wrote or read last of a key that heals itself (a move,
 * a flood wait: Telegram answers a send that ignored one) is not read again.
 */
export class TelegramState {
  private constructor(private readonly bucket: KvBucket) {}

  static async open(nc: NatsConnection, stream: string): Promise<TelegramState> {
    return new TelegramState(await KvBucket.open(nc, `casehub_telegram_${stream}`));
  }

  /** The bucket, for the SDK's pieces that take one (the poll lease). */
  get kv(): KV {
    return this.bucket.kv;
  }

  // ── Polling ──────────────────────────────────────────────────────────────────────────────

  /** The next update_id to ask getUpdates for (null: never polled). */
  async offset(): Promise<{ value: number | null; revision: number }> {
    const e = await this.bucket.get('poll.offset');
    return e ? { value: Number(e.value), revision: e.revision } : { value: null, revision: 0 };
  }

  /** Moves the offset forward (never back), whoever wrote it last. */
  async advanceOffset(to: number): Promise<void> {
    await this.bucket.change('poll.offset', (now) =>
      now !== null && Number(now) >= to ? null : String(to),
    );
  }

  // ── Sending ──────────────────────────────────────────────────────────────────────────────

  async sending(key: string): Promise<{ record: SendRecord; revision: number } | null> {
    const e = await this.bucket.get(`send.${kvKey(key)}`);
    return e ? { record: JSON.parse(e.value) as SendRecord, revision: e.revision } : null;
  }

  /**
   * Writes the record if it is still at `revision` (0: not there yet): false when another
   * replica wrote first.
   */
  async claimSending(key: string, record: SendRecord, revision: number): Promise<boolean> {
    return this.writeAt(`send.${kvKey(key)}`, JSON.stringify(record), revision);
  }

  async saveSending(key: string, record: SendRecord): Promise<void> {
    await this.bucket.put(`send.${kvKey(key)}`, JSON.stringify(record));
  }

  /** Until when (epoch ms) nobody sends into the chat: Telegram's `retry_after`, for all replicas. */
  async floodUntil(chatId: number): Promise<number> {
    const e = await this.bucket.latest(`flood.${chatId}`);
    return e ? Number(e.value) : 0;
  }

  async waitFlood(chatId: number, until: number): Promise<void> {
    await this.bucket.change(`flood.${chatId}`, (now) =>
      now !== null && Number(now) >= until ? null : String(until),
    );
  }

  // ── Migrated groups ──────────────────────────────────────────────────────────────────────

  /** The supergroup a group became (follows chains), or the chat itself. */
  async currentChat(chatId: number): Promise<number> {
    let id = chatId;
    for (let i = 0; i < 5; i++) {
      const e = await this.bucket.latest(`moved.${id}`);
      if (!e) return id;
      id = Number(e.value);
    }
    return id;
  }

  /** The chat whose identity (contact, conversations) a chat carries: the group it was. */
  async identityOf(chatId: number): Promise<number> {
    if (chatId > 0) return chatId; // a private chat: only groups migrate
    // A supergroup's alias is written before its first message is stored, and never changes.
    const e = await this.bucket.latest(`alias.${chatId}`);
    return e ? Number(e.value) : chatId;
  }

  /** Group `from` became supergroup `to`: replies go to `to`, and `to` is still `from`'s contact. */
  async migrated(from: number, to: number): Promise<void> {
    const identity = await this.identityOf(from);
    await this.bucket.put(`alias.${to}`, String(identity));
    await this.bucket.put(`moved.${from}`, String(to));
  }

  // ── Conversations and cases ──────────────────────────────────────────────────────────────

  async conversation(key: string): Promise<{ value: Conversation; revision: number } | null> {
    const e = await this.bucket.get(`conv.${kvKey(key)}`);
    return e ? { value: JSON.parse(e.value) as Conversation, revision: e.revision } : null;
  }

  /** Writes a conversation if it is still at `revision` (0: not there yet); false if it moved. */
  async saveConversation(key: string, value: Conversation, revision: number): Promise<boolean> {
    return this.writeAt(`conv.${kvKey(key)}`, JSON.stringify(value), revision);
  }

  /** Records the last message stored in a conversation (whatever else is there stays). */
  async conversationReached(key: string, providerMessageId: string): Promise<void> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const now = await this.conversation(key);
      const next: Conversation = { ...now?.value, last: providerMessageId };
      delete next.opening;
      if (await this.saveConversation(key, next, now?.revision ?? 0)) return;
    }
    throw new Error(`cannot record the conversation ${key}`);
  }

  /** The forum topic a stored message was written in. */
  async topicOf(chatId: number, messageId: number): Promise<number | null> {
    if (chatId > 0) return null; // a private chat has no topics
    const e = await this.bucket.get(`topic.${chatId}.${messageId}`);
    return e ? Number(e.value) : null;
  }

  async rememberTopic(chatId: number, messageId: number, threadId: number): Promise<void> {
    await this.bucket.put(`topic.${chatId}.${messageId}`, String(threadId));
  }

  async caseTarget(caseId: string): Promise<CaseTarget | null> {
    const e = await this.bucket.get(`case.${kvKey(caseId)}`);
    return e ? (JSON.parse(e.value) as CaseTarget) : null;
  }

  async setCaseTarget(caseId: string, target: CaseTarget): Promise<void> {
    const key = `case.${kvKey(caseId)}`;
    const value = JSON.stringify(target);
    if (this.bucket.remembered(key)?.value === value) return; // the case's conversation stays
    await this.bucket.put(key, value);
  }

  /** Writes the key if it is still at `revision` (0: not there); false when another write came first. */
  private async writeAt(key: string, value: string, revision: number): Promise<boolean> {
    const written =
      revision === 0
        ? await this.bucket.create(key, value)
        : await this.bucket.update(key, value, revision);
    return written !== null;
  }
}

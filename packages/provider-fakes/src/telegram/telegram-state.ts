import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { BotUser, Chat, ForumTopicCreated, Message, User } from './bot-api-types.js';
import { FileStore } from './file-store.js';
import { FloodControl } from './flood-control.js';
import type { FakeTelegramOptions } from './fake-telegram-options.js';
import type { InjectedFailure } from './injected-failure.js';
import type { RecordedRequest } from './recorded-request.js';
import type { SentTelegramMessage } from './sent-telegram-message.js';
import { UpdateQueue } from './update-queue.js';

/** A chat as the fake keeps it: its messages (the customers' and the bot's) and its fate. */
export interface ChatState {
  chat: Chat;
  nextMessageId: number;
  messages: Map<number, Message>;
  /** Forum topics by `message_thread_id` (the id of the topic's service message). */
  topics: Map<number, ForumTopicCreated>;
  /** The supergroup this group became: sends here fail with `migrate_to_chat_id`. */
  migratedTo: number | null;
  /** A private chat whose user blocked the bot (403). */
  blocked: boolean;
  /** A group that removed the bot (403). */
  botRemoved: boolean;
}

/** Everything a running fake knows; the HTTP handlers and the public API both work on it. */
export class TelegramState {
  readonly token: string;
  readonly bot: BotUser;
  readonly chats = new Map<number, ChatState>();
  readonly files = new FileStore();
  readonly updates: UpdateQueue;
  readonly flood: FloodControl;
  readonly sent: SentTelegramMessage[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly failures: InjectedFailure[] = [];
  readonly events = new EventEmitter<{ sent: [SentTelegramMessage] }>();
  readonly requireHttps: boolean;
  private nextUserId = 5_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
  private nextGroupId = 4_000_000_000 + Math.floor(Math.random() * 900_000_000);
  // -100 and the channel id (ten digits): -1001234567890.
  private nextSupergroupId = 1_001_000_000_000 + Math.floor(Math.random() * 900_000_000);

  constructor(options: FakeTelegramOptions) {
    const botId = 7_000_000_000 + Math.floor(Math.random() * 900_000_000);
    this.token =
      options.token ?? `${botId}:AA${randomBytes(25).toString('base64url').slice(0, 33)}`;
    if (!/^\d+:[A-Za-z0-9_-]{30,}$/.test(this.token))
      throw new Error(`FakeTelegram: a bot token is <bot id>:<secret>, got ${this.token}`);
    this.bot = {
      id: Number(this.token.split(':')[0]),
      is_bot: true,
      first_name: options.firstName ?? 'CaseHub Support',
      username: options.username ?? 'casehub_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
    this.updates = new UpdateQueue(options.webhook);
    this.flood = new FloodControl(options.floodLimits);
    this.requireHttps = options.requireHttps ?? false;
  }

  newUserId(): number {
    return this.nextUserId++;
  }

  /** A basic group's id (negative), or a supergroup's (`-100…`). */
  newGroupId(supergroup: boolean): number {
    return supergroup ? -this.nextSupergroupId++ : -this.nextGroupId++;
  }

  addChat(chat: Chat): ChatState {
    const state: ChatState = {
      chat,
      nextMessageId: 1,
      messages: new Map(),
      topics: new Map(),
      migratedTo: null,
      blocked: false,
      botRemoved: false,
    };
    this.chats.set(chat.id, state);
    return state;
  }

  /** A private chat with this user, made on first use (a user who pressed Start). */
  privateChat(user: User): ChatState {
    return (
      this.chats.get(user.id) ??
      this.addChat({
        id: user.id,
        type: 'private',
        first_name: user.first_name,
        ...(user.last_name ? { last_name: user.last_name } : {}),
        ...(user.username ? { username: user.username } : {}),
      })
    );
  }

  chatOf(id: number | string): ChatState | undefined {
    if (typeof id === 'number') return this.chats.get(id);
    if (/^-?\d+$/.test(id)) return this.chats.get(Number(id));
    const name = id.replace(/^@/, '').toLowerCase();
    return [...this.chats.values()].find((c) => c.chat.username?.toLowerCase() === name);
  }

  /** Stores a new message of the chat: the next id, the date, and the chat as it is now. */
  addMessage(chat: ChatState, fields: Omit<Message, 'message_id' | 'date' | 'chat'>): Message {
    const message: Message = {
      message_id: chat.nextMessageId++,
      ...fields,
      date: Math.floor(Date.now() / 1000),
      chat: { ...chat.chat },
    };
    chat.messages.set(message.message_id, message);
    return message;
  }

  reset(): void {
    this.sent.length = 0;
    this.requests.length = 0;
    this.failures.length = 0;
    this.flood.clear();
    this.updates.clear();
  }
}

/**
 * A message as `reply_to_message` carries it: without its own `reply_to_message` (Telegram
 * never nests them).
 */
export function asReplied(m: Message): Message {
  const { reply_to_message: _, ...rest } = m;
  return rest;
}

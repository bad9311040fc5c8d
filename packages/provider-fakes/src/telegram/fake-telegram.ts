import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotApi } from './bot-api.js';
import type { BotUser, Chat, Message, Update, User, WebhookInfo } from './bot-api-types.js';
import { customerMessage, type CustomerMessage } from './customer-message.js';
import type { FakeTelegramOptions } from './fake-telegram-options.js';
import type { FloodLimits } from './flood-control.js';
import { Stall, type StallFilter } from './held-requests.js';
import type { InjectedFailure } from './injected-failure.js';
import type { RecordedRequest } from './recorded-request.js';
import type { SentTelegramMessage } from './sent-telegram-message.js';
import { TelegramState } from './telegram-state.js';
import type { WebhookBehaviour } from './webhook-behaviour.js';
import { postUpdate, type WebhookDelivery } from './webhook-delivery.js';
import { waitForMatch } from '../shared/wait-for-match.js';

/**
 * For what a customer does to a chat: `silently` keeps the update from the bot, as one it never
 * got (sent while nobody took updates and dropped after Telegram's 24 hours, or filtered out).
 */
export interface Silently {
  silently?: boolean;
}

/** A customer's message, and the update that carries it to the bot (null: `allowed_updates` left it out). */
export interface CustomerUpdate {
  message: Message;
  update: Update | null;
}

/**
 * A local server that speaks Telegram's Bot API as documented (https://core.telegram.org/bots/api)
 * for one bot: getMe, setWebhook/deleteWebhook/getWebhookInfo, getUpdates (long polling, 409s),
 * sendMessage/sendPhoto/sendDocument (JSON, urlencoded and multipart), getFile and downloads;
 * Telegram's error answers (429 `retry_after`, 403 blocked, 400 `migrate_to_chat_id`, …). And the
 * customers' side: users, groups and forum topics that write to the bot (updates to the webhook
 * with `X-Telegram-Bot-Api-Secret-Token`, retried, or waiting for getUpdates), block it, migrate.
 * A fake, not Telegram: see the package README for what it leaves out.
 *
 * ```ts
 * const telegram = await FakeTelegram.start();
 * // give the plugin TELEGRAM_API_URL=telegram.url, TELEGRAM_BOT_TOKEN=telegram.token
 * const ann = telegram.user({ firstName: 'Ann', lastName: 'Lee' });
 * telegram.say(ann, 'My order never arrived');
 * const reply = await telegram.waitForMessage((m) => m.chatId === ann.id);
 * await telegram.close();
 * ```
 */
export class FakeTelegram {
  private readonly stalls: Stall[] = [];

  private constructor(
    private readonly server: Server,
    private readonly state: TelegramState,
    /** Base URL, e.g. `http://127.0.0.1:41234`: the plugin's `TELEGRAM_API_URL`. */
    readonly url: string,
    stalls: Stall[],
  ) {
    this.stalls = stalls;
  }

  /** Starts a fake on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    const state = new TelegramState(options);
    const stalls: Stall[] = [];
    const api = new BotApi(state, stalls);
    const server = createServer((req, res) => {
      api.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed)
          res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new FakeTelegram(server, state, `http://127.0.0.1:${port}`, stalls);
  }

  /** The bot's token: requests to `/bot<token>/…` with any other are answered 401. */
  get token(): string {
    return this.state.token;
  }

  /** The bot, as getMe answers. */
  get bot(): BotUser {
    return { ...this.state.bot };
  }

  // ── Customers ────────────────────────────────────────────────────────────────────────────

  /** A Telegram user who has started a private chat with the bot (chat id = user id). */
  user(
    opts: { firstName?: string; lastName?: string; username?: string; languageCode?: string } = {},
  ): User {
    const user: User = {
      id: this.state.newUserId(),
      is_bot: false,
      first_name: opts.firstName ?? 'Ann',
      ...(opts.lastName ? { last_name: opts.lastName } : {}),
      ...(opts.username ? { username: opts.username } : {}),
      language_code: opts.languageCode ?? 'en',
    };
    this.state.privateChat(user);
    return user;
  }

  /**
   * A group the bot is a member of: a basic group (negative id), a supergroup (`-100…`) or a
   * forum (a supergroup with topics).
   */
  group(opts: { title: string; supergroup?: boolean; forum?: boolean; username?: string }): Chat {
    const supergroup = opts.supergroup === true || opts.forum === true;
    const chat: Chat = {
      id: this.state.newGroupId(supergroup),
      type: supergroup ? 'supergroup' : 'group',
      title: opts.title,
      ...(opts.username ? { username: opts.username } : {}),
      ...(opts.forum ? { is_forum: true as const } : {}),
    };
    this.state.addChat(chat);
    return { ...chat };
  }

  /**
   * Someone opens a forum topic: the `forum_topic_created` service message (whose id is the
   * topic's `message_thread_id`) goes to the bot.
   */
  createTopic(chatId: number, name: string, by: User): { threadId: number } & CustomerUpdate {
    const chat = this.state.chats.get(chatId);
    if (!chat?.chat.is_forum) throw new Error(`FakeTelegram: chat ${chatId} is no forum`);
    const created = { name, icon_color: 7322096 };
    const message = this.state.addMessage(chat, {
      from: by,
      is_topic_message: true,
      forum_topic_created: created,
    });
    message.message_thread_id = message.message_id;
    chat.topics.set(message.message_id, created);
    return { threadId: message.message_id, message, update: this.state.updates.push({ message }) };
  }

  /** A customer writes: the message is stored in the chat and its update queued for the bot. */
  write(input: CustomerMessage): CustomerUpdate {
    const message = customerMessage(this.state, input);
    return { message, update: this.state.updates.push({ message }) };
  }

  /** A user writes a text in their private chat with the bot. */
  say(user: User, text: string, extra: Partial<CustomerMessage> = {}): CustomerUpdate {
    return this.write({ chat: user.id, from: user, text, ...extra });
  }

  /**
   * A basic group becomes a supergroup (a new id, `-100…`): the old group's service message
   * with `migrate_to_chat_id`, then the supergroup's with `migrate_from_chat_id`. Sends to the
   * old id fail from now on with 400 and `parameters.migrate_to_chat_id`.
   */
  migrate(
    chatId: number,
    by: User,
    opts: Silently = {},
  ): { supergroup: Chat; updates: (Update | null)[] } {
    const old = this.state.chats.get(chatId);
    if (!old || old.chat.type !== 'group')
      throw new Error(`FakeTelegram: chat ${chatId} is no basic group`);
    if (old.migratedTo !== null) throw new Error(`FakeTelegram: chat ${chatId} migrated already`);
    const chat: Chat = {
      id: this.state.newGroupId(true),
      type: 'supergroup',
      title: old.chat.title,
    };
    const next = this.state.addChat(chat);
    const to = this.state.addMessage(old, { from: by, migrate_to_chat_id: chat.id });
    old.migratedTo = chat.id;
    const from = this.state.addMessage(next, { from: by, migrate_from_chat_id: old.chat.id });
    const updates = opts.silently
      ? []
      : [this.state.updates.push({ message: to }), this.state.updates.push({ message: from })];
    return { supergroup: { ...chat }, updates };
  }

  /** The user blocks the bot: sends to them fail with 403, and the bot gets `my_chat_member`. */
  blockBot(user: User, opts: Silently = {}): Update | null {
    const chat = this.state.privateChat(user);
    chat.blocked = true;
    return opts.silently ? null : this.memberUpdate(chat.chat, user, 'member', 'kicked');
  }

  /** The user restarts the bot. */
  unblockBot(user: User): Update | null {
    const chat = this.state.privateChat(user);
    chat.blocked = false;
    return this.memberUpdate(chat.chat, user, 'kicked', 'member');
  }

  /** Someone removes the bot from a group: sends there fail with 403. */
  removeBot(chatId: number, by: User): Update | null {
    const chat = this.state.chats.get(chatId);
    if (!chat || chat.chat.type === 'private') throw new Error(`FakeTelegram: no group ${chatId}`);
    chat.botRemoved = true;
    return this.memberUpdate(chat.chat, by, 'member', 'left');
  }

  /** Queues an update that was sent already once more, with its `update_id`: a duplicate. */
  redeliver(update: Update): void {
    this.state.updates.enqueue(structuredClone(update));
  }

  /**
   * POSTs an update to any URL now, outside the queue, with the given secret token (the current
   * webhook's by default; `null` for none): a forged or replayed webhook.
   */
  postUpdate(
    update: Update,
    opts: { url?: string; secretToken?: string | null } = {},
  ): Promise<WebhookDelivery> {
    const url = opts.url ?? this.state.updates.webhook?.url;
    if (!url) throw new Error('FakeTelegram: no webhook is set; give a url');
    const secretToken =
      opts.secretToken === undefined
        ? (this.state.updates.webhook?.secretToken ?? null)
        : opts.secretToken;
    return postUpdate({ url, secretToken }, update, 0, 10_000);
  }

  /** Resolves once every queued update was confirmed (a 2xx from the webhook, or a later offset). */
  updatesSettled(): Promise<void> {
    return this.state.updates.settled();
  }

  /** What getWebhookInfo answers now. */
  get webhook(): {
    url: string;
    secretToken: string | null;
    pending: number;
    lastError: string | null;
  } {
    const q = this.state.updates;
    return {
      url: q.webhook?.url ?? '',
      secretToken: q.webhook?.secretToken ?? null,
      pending: q.pendingCount,
      lastError: q.lastError?.message ?? null,
    };
  }

  /** `allowed_updates` as last set (null: Telegram's default). */
  get allowedUpdates(): string[] | null {
    return this.state.updates.allowedUpdates ? [...this.state.updates.allowedUpdates] : null;
  }

  /** Every POST of an update to the webhook, with the answer. */
  get webhookDeliveries(): WebhookDelivery[] {
    return [...this.state.updates.deliveries];
  }

  // ── What the bot did ─────────────────────────────────────────────────────────────────────

  /** Every message the bot sent that Telegram accepted, oldest first. */
  get sent(): SentTelegramMessage[] {
    return [...this.state.sent];
  }

  /** The bot's messages in one chat, oldest first. */
  messagesIn(chatId: number): SentTelegramMessage[] {
    return this.state.sent.filter((m) => m.chatId === chatId);
  }

  /**
   * The first sent message that matches — one already sent, or the next to arrive. Rejects
   * after `timeoutMs` naming what was sent instead.
   */
  waitForMessage(
    predicate: (m: SentTelegramMessage) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<SentTelegramMessage> {
    return waitForMatch(
      {
        fake: 'FakeTelegram',
        current: () => this.state.sent,
        events: this.state.events,
        event: 'sent',
        view: (m: SentTelegramMessage) => m,
        describe: (m) => `${m.chatId}: ${JSON.stringify(m.text ?? m.caption)}`,
      },
      predicate,
      timeoutMs,
    );
  }

  /** Every Bot API request received, with what was answered. */
  get requests(): RecordedRequest[] {
    return [...this.state.requests];
  }

  // ── Trouble ──────────────────────────────────────────────────────────────────────────────

  /**
   * The next `count` requests that match are refused with this error, e.g.
   * `failNext(1, { errorCode: 500 })` or `failNext(1, { errorCode: 502, method: 'getFile' })`.
   */
  failNext(count: number, failure: InjectedFailure): void {
    for (let i = 0; i < count; i++) this.state.failures.push({ ...failure });
  }

  /** Sends into the chat get 429 `retry_after` (the seconds left) for `seconds` from now. */
  floodWait(chatId: number, seconds: number): void {
    this.state.flood.wait(chatId, seconds);
  }

  /** Telegram's flood limits, enforced from now on (`{}`: none). */
  setFloodLimits(limits: FloodLimits): void {
    this.state.flood.limits = { ...limits };
  }

  /** How updates travel to the webhook from now on. */
  setWebhookBehaviour(behaviour: WebhookBehaviour): void {
    this.state.updates.behaviour = { ...behaviour };
  }

  /**
   * Holds matching requests unanswered until `release()` (a client that leaves meanwhile is
   * never answered, and its request never processed): a plugin can be killed mid-request.
   */
  stall(filter: StallFilter = {}): Stall {
    const stall = new Stall(filter);
    this.stalls.push(stall);
    return stall;
  }

  /** Forgets sent messages, requests, failures, flood waits and pending updates; chats stay. */
  reset(): void {
    this.state.reset();
    for (const s of this.stalls.splice(0)) s.release();
  }

  /** Stops the server; pending updates are dropped. */
  async close(): Promise<void> {
    for (const s of this.stalls.splice(0)) s.release();
    this.state.updates.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  private memberUpdate(
    chat: Chat,
    by: User,
    from: 'member' | 'kicked',
    to: 'member' | 'kicked' | 'left',
  ): Update | null {
    const bot = { ...this.state.bot } as User;
    return this.state.updates.push({
      my_chat_member: {
        chat: { ...chat },
        from: by,
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: from, user: bot },
        new_chat_member: { status: to, user: bot },
      },
    });
  }
}

/** The Telegram API objects, for tests that read updates and answers. */
export type { WebhookInfo };

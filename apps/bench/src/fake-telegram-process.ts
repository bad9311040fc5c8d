/**
 * Child process: FakeTelegram (packages/provider-fakes, built, reached by path) for `pnpm
 * bench:social`, served by social-fake.ts. Customers are users who pressed Start (a private chat
 * each, ids the fake gives). Each message is an update as the Bot API documents it, posted with
 * the fake's own webhook delivery (postUpdate: `X-Telegram-Bot-Api-Secret-Token`, the webhook's
 * secret) outside its update queue: the queue posts one update at a time, where Telegram keeps up
 * to `max_connections` (40 by default) deliveries in flight. Telegram sends no delivery or read
 * receipts: no status webhooks.
 */
import { randomBytes } from 'node:crypto';
import { loadProviderFakes } from './built.js';
import { serveSocialFake } from './social-fake.js';

/** The parts of FakeTelegram (packages/provider-fakes/src/telegram) used here. */
interface User {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
}
interface FakeTelegram {
  readonly url: string;
  readonly token: string;
  readonly sent: { chatId: number; text: string | null }[];
  readonly requests: { method: string; params: Record<string, unknown>; status: number | null }[];
  user(opts: { firstName: string; lastName: string }): User;
  reset(): void;
  postUpdate(
    update: object,
    opts: { url: string; secretToken: string },
  ): Promise<{ status: number | null }>;
  waitForMessage(predicate: () => boolean, timeoutMs?: number): Promise<unknown>;
  updatesSettled(): Promise<void>;
  close(): Promise<void>;
}
interface FakeTelegramStatic {
  start(options: object): Promise<FakeTelegram>;
}

const { FakeTelegram } = await loadProviderFakes<{ FakeTelegram: FakeTelegramStatic }>();
const fake = await FakeTelegram.start({});
const secret = randomBytes(24).toString('hex');
const users = new Map<string, User>();
/** Message ids go up per chat, update ids per bot (Telegram's). */
const lastMessageId = new Map<string, number>();
let updateId = 700_000_000;
let target = '';

const isSend = (r: { method: string }) => r.method === 'sendMessage';

serveSocialFake({
  env: {
    TELEGRAM_API_URL: fake.url,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_WEBHOOK_SECRET: secret,
    TELEGRAM_MODE: 'webhook',
  },
  customer: (_i, name) => {
    const user = fake.user({ firstName: name.first, lastName: name.last });
    users.set(String(user.id), user);
    return String(user.id);
  },
  target: (url) => {
    target = url;
  },
  write: async (chat, text) => {
    const user = users.get(chat)!;
    const messageId = (lastMessageId.get(chat) ?? 0) + 1;
    lastMessageId.set(chat, messageId);
    const { id, first_name, last_name } = user;
    const update = {
      update_id: updateId++,
      message: {
        message_id: messageId,
        from: user,
        chat: { id, type: 'private', first_name, ...(last_name ? { last_name } : {}) },
        date: Math.floor(Date.now() / 1000),
        text,
      },
    };
    const d = await fake.postUpdate(update, { url: target, secretToken: secret });
    return { id: `telegram:${chat}:${messageId}`, status: d.status };
  },
  // Chats stay; the Bot API has no windows.
  reset: () => fake.reset(),
  reopen: () => undefined,
  sent: () => {
    // The fake keeps no count of repeated requests: the sendMessage requests with that text.
    const requests = new Map<string, number>();
    for (const r of fake.requests.filter(isSend)) {
      const key = `${String(r.params.chat_id)}\n${String(r.params.text)}`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
    }
    return fake.sent.map((m) => ({
      recipient: String(m.chatId),
      text: m.text,
      requestCount: requests.get(`${m.chatId}\n${m.text}`) ?? 0,
    }));
  },
  sendStatuses: () => fake.requests.filter(isSend).map((r) => r.status ?? 0),
  callbacks: () => [],
  waitForMessage: (predicate, timeoutMs) => fake.waitForMessage(predicate, timeoutMs),
  settled: () => fake.updatesSettled(),
  close: () => fake.close(),
});

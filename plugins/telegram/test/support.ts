import { expect, vi } from 'vitest';
import type { CaseView, ContactView, MessageView } from '@casehub/domain';
import type { NestFastifyApplication } from '@casehub/plugin-sdk';
import { freePort } from '@casehub/test-support';
import type { TestHub } from '@casehub/plugin-testkit';
import { FakeTelegram, type TelegramBotApi } from '@casehub/provider-fakes';
import { telegramPlugin } from '../src/telegram.plugin.js';
import { TelegramModule } from '../src/telegram.module.js';

/** Generous: the machine is shared, and a core, NATS and the plugin all run on it. */
export const waitFor = <T>(fn: () => Promise<T> | T, timeout = 30_000) =>
  vi.waitFor(fn, { timeout, interval: 100 });

export const WEBHOOK_SECRET = 'casehub_test-Secret_42';

export function startFakeTelegram(): Promise<FakeTelegram> {
  // Quick retries: a webhook that answered 503 gets the update again within a second or two.
  return FakeTelegram.start({
    username: 'acme_support_bot',
    webhook: { retryDelaysMs: [200, 500, 1_000, 2_000, 4_000] },
  });
}

export type Mode = 'webhook' | 'polling';

/** The settings the plugin runs with against the fake; in webhook mode, public at `publicPort`. */
export function pluginEnv(
  telegram: FakeTelegram,
  port: number,
  mode: Mode = 'webhook',
  publicPort = port,
): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_URL: telegram.url,
    TELEGRAM_MODE: mode,
    ...(mode === 'webhook'
      ? {
          TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
          TELEGRAM_PUBLIC_URL: `http://127.0.0.1:${publicPort}`,
        }
      : {}),
    TELEGRAM_PORT: String(port),
    TELEGRAM_HOST: '127.0.0.1',
    TELEGRAM_POLL_FAILOVER_SECONDS: '2',
  };
}

/**
 * Runs the plugin in the hub. In webhook mode it listens on a free port, which is also its
 * public URL unless `publicPort` names another replica's (a load balancer's) port; resolves
 * once Telegram has its webhook.
 */
export async function startTelegramPlugin(
  hub: TestHub,
  telegram: FakeTelegram,
  opts: { mode?: Mode; publicPort?: number } = {},
): Promise<{ url: string; port: number; app: NestFastifyApplication }> {
  const port = await freePort();
  const mode = opts.mode ?? 'webhook';
  const app = await hub.startPlugin(telegramPlugin, TelegramModule, {
    env: pluginEnv(telegram, port, mode, opts.publicPort ?? port),
    http: { port, host: '127.0.0.1' },
  });
  if (mode === 'webhook')
    await waitFor(() => expect(telegram.webhook.url).toMatch(/\/telegram\/webhook$/));
  return { url: `http://127.0.0.1:${port}`, port, app };
}

export const handleOf = (chatId: number) => `telegram:${chatId}`;

export async function contactOf(hub: TestHub, chatId: number): Promise<ContactView | undefined> {
  return (await hub.core.contacts.find({ handle: handleOf(chatId) })).items[0];
}

/** The social cases of the chat's contact, newest first. */
export async function casesOf(hub: TestHub, chatId: number): Promise<CaseView[]> {
  const contact = await contactOf(hub, chatId);
  if (!contact) return [];
  return (await hub.core.cases.list({ contact: contact.id, channel: 'social' })).items;
}

/** Waits until the chat's contact has exactly `count` cases, and returns them (oldest first). */
export async function casesReach(hub: TestHub, chatId: number, count: number): Promise<CaseView[]> {
  return waitFor(async () => {
    const cases = await casesOf(hub, chatId);
    expect(cases).toHaveLength(count);
    return [...cases].reverse();
  });
}

/** The bodies of a case's messages, oldest first. */
export async function bodies(hub: TestHub, caseId: string): Promise<string[]> {
  return (await hub.core.cases.messages(caseId)).items.map((m) => m.body);
}

/** Waits until a case's messages are exactly these bodies. */
export async function messagesReach(
  hub: TestHub,
  caseId: string,
  expected: string[],
): Promise<MessageView[]> {
  return waitFor(async () => {
    const { items } = await hub.core.cases.messages(caseId);
    expect(items.map((m) => m.body)).toEqual(expected);
    return items;
  });
}

/** Waits until the reply reports `status` (and returns it). */
export async function replyReaches(
  hub: TestHub,
  reply: MessageView,
  status: MessageView['deliveryStatus'],
): Promise<MessageView> {
  return waitFor(async () => {
    const m = (await hub.core.cases.messages(reply.caseId)).items.find((x) => x.id === reply.id);
    expect(m?.deliveryStatus).toBe(status);
    return m!;
  });
}

/**
 * An update nobody queued, for a chat the fake knows: what a forger would post to the webhook.
 */
export function forgedUpdate(user: TelegramBotApi.User, text: string): TelegramBotApi.Update {
  return {
    update_id: 1,
    message: {
      message_id: 9999,
      from: user,
      date: Math.floor(Date.now() / 1000),
      chat: { id: user.id, type: 'private', first_name: user.first_name },
      text,
    },
  };
}

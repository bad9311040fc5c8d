import { expect, vi } from 'vitest';
import type { CaseView, ContactView, MessageView } from '@casehub/domain';
import type { NestFastifyApplication } from '@casehub/plugin-sdk';
import { freePort } from '@casehub/test-support';
import type { TestHub } from '@casehub/plugin-testkit';
import {
  FakeMessenger,
  type FakeMessengerOptions,
  type MessengerPerson,
} from '@casehub/provider-fakes';
import { messengerPlugin } from '../src/messenger.plugin.js';
import { MessengerModule } from '../src/messenger.module.js';

export const waitFor = <T>(fn: () => Promise<T> | T, timeout = 30_000) =>
  vi.waitFor(fn, { timeout, interval: 100 });

export const HOUR = 3_600_000;
/** A time `hours` ago. */
export const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR);

/** Meta's side: a Page with an Instagram account, webhooks retried quickly. */
export function startFakeMeta(options: FakeMessengerOptions = {}): Promise<FakeMessenger> {
  return FakeMessenger.start({ webhooks: { retryDelaysMs: [200, 1_000, 3_000] }, ...options });
}

/** The settings the plugin runs with against the fake, listening on `port`. */
export function pluginEnv(
  meta: FakeMessenger,
  port: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    MESSENGER_PAGE_ID: meta.pageId,
    MESSENGER_PAGE_TOKEN: meta.pageToken,
    MESSENGER_APP_SECRET: meta.appSecret,
    MESSENGER_VERIFY_TOKEN: meta.verifyToken,
    MESSENGER_INSTAGRAM_ID: meta.instagramId,
    MESSENGER_API_URL: meta.url,
    MESSENGER_API_VERSION: 'v23.0',
    MESSENGER_PORT: String(port),
    MESSENGER_HOST: '127.0.0.1',
    MESSENGER_PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...extra,
  };
}

/** Runs the plugin in the hub and subscribes the fake's webhooks to it. */
export async function startMessengerPlugin(
  hub: TestHub,
  meta: FakeMessenger,
  extra: Record<string, string> = {},
): Promise<{ url: string; webhook: string; app: NestFastifyApplication }> {
  const port = await freePort();
  const app = await hub.startPlugin(messengerPlugin, MessengerModule, {
    env: pluginEnv(meta, port, extra),
    http: { port, host: '127.0.0.1' },
  });
  const url = `http://127.0.0.1:${port}`;
  meta.subscribe(`${url}/messenger/webhook`);
  return { url, webhook: `${url}/messenger/webhook`, app };
}

/** `messenger:<psid>` / `instagram:<igsid>`: the person's handle in the core. */
export const handleOf = (p: MessengerPerson) => `${p.platform}:${p.id}`;

export async function contactOf(
  hub: TestHub,
  p: MessengerPerson,
): Promise<ContactView | undefined> {
  return (await hub.core.contacts.find({ handle: handleOf(p) })).items[0];
}

/** The person's social cases, newest first. */
export async function casesOf(hub: TestHub, p: MessengerPerson): Promise<CaseView[]> {
  const contact = await contactOf(hub, p);
  if (!contact) return [];
  return (await hub.core.cases.list({ contact: contact.id, channel: 'social' })).items;
}

/** Waits for the person's one case and returns it. */
export function caseOf(hub: TestHub, p: MessengerPerson): Promise<CaseView> {
  return waitFor(async () => {
    const cases = await casesOf(hub, p);
    expect(cases).toHaveLength(1);
    return cases[0];
  });
}

/** Waits until the case holds `count` messages, and returns them. */
export function messagesOf(hub: TestHub, c: CaseView, count: number): Promise<MessageView[]> {
  return waitFor(async () => {
    const { items } = await hub.core.cases.messages(c.id);
    expect(items).toHaveLength(count);
    return items;
  });
}

/** Waits until the reply reports `status` (and returns it). */
export function replyReaches(
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

import { randomBytes } from 'node:crypto';
import { expect, vi } from 'vitest';
import type { CaseView, ContactView, MessageView } from '@casehub/domain';
import type { NestFastifyApplication } from '@casehub/plugin-sdk';
import { freePort } from '@casehub/test-support';
import type { TestHub } from '@casehub/plugin-testkit';
import { FakeWhatsApp, type FakeWhatsAppTemplate } from '@casehub/provider-fakes';
import { whatsappPlugin } from '../src/whatsapp.plugin.js';
import { WhatsAppModule } from '../src/whatsapp.module.js';

/** Generous: the machine is shared, and a hub's first answers can be slow. */
export const waitFor = <T>(fn: () => Promise<T> | T, timeout = 30_000) =>
  vi.waitFor(fn, { timeout, interval: 100 });

export const TOKEN = `EAAG${randomBytes(20).toString('hex')}`;
export const APP_SECRET = randomBytes(16).toString('hex');
export const VERIFY_TOKEN = 'casehub-verify-token';

export const TEMPLATES: FakeWhatsAppTemplate[] = [
  {
    name: 'case_update',
    language: 'en_US',
    body: 'Hello {{1}}, there is news about your case {{2}}. Reply to continue.',
  },
  { name: 'case_update', language: 'de', body: 'Hallo {{1}}, es gibt Neues zu Ihrem Fall {{2}}.' },
  { name: 'still_there', language: 'en_US', body: 'Are you still there? Reply to continue.' },
  { name: 'draft_promo', language: 'en_US', body: 'Not approved yet', status: 'PENDING' },
];

/** A customer's WhatsApp id (phone digits) no other test uses. */
export function newWaId(): string {
  return `4915${String(randomBytes(4).readUInt32BE() % 1e9).padStart(9, '0')}`;
}

export function startFakeWhatsApp(): Promise<FakeWhatsApp> {
  return FakeWhatsApp.start({
    accessTokens: [TOKEN],
    appSecret: APP_SECRET,
    templates: TEMPLATES,
    // Quick retries: a webhook the plugin could not take (it was down) comes again soon.
    webhooks: { retryDelaysMs: [500, 1_000, 2_000, 4_000, 8_000, 16_000] },
  });
}

/** The settings the plugin runs with against the fake. */
export function pluginEnv(
  wa: FakeWhatsApp,
  port: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    WHATSAPP_TOKEN: TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: wa.phoneNumberId,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    WHATSAPP_API_URL: wa.url,
    WHATSAPP_API_VERSION: 'v23.0',
    WHATSAPP_BUSINESS_ACCOUNT_ID: wa.businessAccountId,
    WHATSAPP_PORT: String(port),
    WHATSAPP_HOST: '127.0.0.1',
    WHATSAPP_PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...extra,
  };
}

/** Runs the plugin in the hub and points the fake's webhooks at it. */
export async function startWhatsAppPlugin(
  hub: TestHub,
  wa: FakeWhatsApp,
  extra: Record<string, string> = {},
): Promise<{ url: string; app: NestFastifyApplication }> {
  const port = await freePort();
  const app = await hub.startPlugin(whatsappPlugin, WhatsAppModule, {
    env: pluginEnv(wa, port, extra),
    http: { port, host: '127.0.0.1' },
  });
  const url = `http://127.0.0.1:${port}`;
  wa.setWebhook(`${url}/whatsapp/webhook`);
  return { url, app };
}

export async function contactOf(hub: TestHub, id: string): Promise<ContactView | undefined> {
  return (await hub.core.contacts.find({ handle: `whatsapp:${id}` })).items[0];
}

/** The social cases of the customer with this WhatsApp id, newest first. */
export async function casesOf(hub: TestHub, id: string): Promise<CaseView[]> {
  const contact = await contactOf(hub, id);
  if (!contact) return [];
  return (await hub.core.cases.list({ contact: contact.id, channel: 'social' })).items;
}

/** The customer writes; resolves with the case their message opened (or joined). */
export async function customerCase(
  hub: TestHub,
  wa: FakeWhatsApp,
  waId: string,
  text = 'My parcel never arrived',
): Promise<CaseView> {
  const sent = await wa.sendInbound({ waId, name: 'Zoë Ångström', text });
  expect(sent.status).toBe(200);
  return waitFor(async () => {
    const [c] = await casesOf(hub, waId);
    expect(c).toBeDefined();
    const { items } = await hub.core.cases.messages(c.id);
    expect(items.map((m) => m.providerMessageId)).toContain(sent.id);
    return c;
  });
}

/** The case's messages, oldest first. */
export async function messagesOf(hub: TestHub, caseId: string): Promise<MessageView[]> {
  return (await hub.core.cases.messages(caseId)).items;
}

/** Waits until the reply reports `status` (and returns it). */
export async function replyReaches(
  hub: TestHub,
  reply: MessageView,
  status: MessageView['deliveryStatus'],
  timeout?: number,
): Promise<MessageView> {
  return waitFor(async () => {
    const m = (await messagesOf(hub, reply.caseId)).find((x) => x.id === reply.id);
    expect(m?.deliveryStatus).toBe(status);
    return m!;
  }, timeout);
}

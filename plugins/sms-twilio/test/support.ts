import { randomBytes } from 'node:crypto';
import { expect, vi } from 'vitest';
import type { CaseView, ContactView, MessageView } from '@casehub/domain';
import type { NestFastifyApplication } from '@casehub/plugin-sdk';
import { freePort } from '@casehub/test-support';
import type { TestHub } from '@casehub/plugin-testkit';
import { FakeTwilio } from '@casehub/provider-fakes';
import { smsTwilioPlugin } from '../src/sms-twilio.plugin.js';
import { SmsTwilioModule } from '../src/sms-twilio.module.js';

export const waitFor = <T>(fn: () => Promise<T> | T, timeout = 20_000) =>
  vi.waitFor(fn, { timeout, interval: 100 });

export const ACCOUNT = {
  sid: `AC${randomBytes(16).toString('hex')}`,
  authToken: randomBytes(16).toString('hex'),
};
/** The support line's Twilio number. */
export const SUPPORT_NUMBER = '+15017122661';
export const HELP_TEXT =
  'Acme support: text us your question. Reply STOP to stop, START to resume. Q&A <24/7>';

/** A customer's mobile number no other test uses. */
export function newPhone(): string {
  // A valid North American number: the exchange starts with 2–9 (the core checks validity).
  const n = randomBytes(4).readUInt32BE();
  return `+1415${2 + (n % 8)}${String(Math.floor(n / 8) % 1_000_000).padStart(6, '0')}`;
}

export function startFakeTwilio(): Promise<FakeTwilio> {
  return FakeTwilio.start({ accounts: [ACCOUNT] });
}

/** The settings the plugin runs with against the fake, listening at `publicUrl`'s port. */
export function pluginEnv(twilio: FakeTwilio, port: number): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: ACCOUNT.sid,
    TWILIO_AUTH_TOKEN: ACCOUNT.authToken,
    TWILIO_FROM: SUPPORT_NUMBER,
    TWILIO_API_URL: twilio.url,
    SMS_TWILIO_PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMS_TWILIO_PORT: String(port),
    SMS_TWILIO_HOST: '127.0.0.1',
    SMS_HELP_TEXT: HELP_TEXT,
  };
}

/** Runs the plugin in the hub; its webhooks on a free port, which is also its public URL. */
export async function startSmsPlugin(
  hub: TestHub,
  twilio: FakeTwilio,
): Promise<{ url: string; app: NestFastifyApplication }> {
  const port = await freePort();
  const app = await hub.startPlugin(smsTwilioPlugin, SmsTwilioModule, {
    env: pluginEnv(twilio, port),
    // Signatures cover the public URL: the plugin must listen where it says it does.
    http: { port, host: '127.0.0.1' },
  });
  return { url: `http://127.0.0.1:${port}`, app };
}

export async function contactOf(hub: TestHub, phone: string): Promise<ContactView | undefined> {
  return (await hub.core.contacts.find({ phone })).items[0];
}

/** The sms cases of the customer with this phone, newest first. */
export async function casesOf(hub: TestHub, phone: string): Promise<CaseView[]> {
  const contact = await contactOf(hub, phone);
  if (!contact) return [];
  return (await hub.core.cases.list({ contact: contact.id, channel: 'sms' })).items;
}

/** A case a customer with this phone has on sms, opened by an agent. */
export function smsCase(
  hub: TestHub,
  phone: string,
  subject = 'Router drops the line',
): Promise<CaseView> {
  return hub.core.cases.create({ subject, channel: 'sms', contact: { name: 'Ann Lee', phone } });
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

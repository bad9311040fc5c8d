/**
 * Child process: FakeWhatsApp (packages/provider-fakes, built, reached by path) for `pnpm
 * bench:social`, served by social-fake.ts. Customers are known by phone (wa_id); their messages
 * are signed with the app secret, as Meta signs them, and open their 24-hour windows in the fake.
 * No read receipts (a status webhook fewer per reply: `delivered` is the last), and no retries of
 * a webhook not answered 200 (the benchmark counts it as refused instead).
 */
import { randomBytes } from 'node:crypto';
import { loadProviderFakes } from './built.js';
import { serveSocialFake } from './social-fake.js';
import { phoneOf } from './sms-workload.js';

/** The parts of FakeWhatsApp (packages/provider-fakes/src/whatsapp) used here. */
interface FakeWhatsApp {
  readonly url: string;
  readonly accessToken: string;
  readonly appSecret: string;
  readonly phoneNumberId: string;
  readonly sent: {
    waId: string | null;
    input: string;
    text: string | null;
    requestCount: number;
  }[];
  readonly requests: { method: string; path: string; status: number }[];
  readonly deliveries: { kind: 'message' | 'status'; httpStatus: number | null }[];
  setWebhook(url: string): void;
  reset(): void;
  sendInbound(m: { waId: string; name: string; text: string }): Promise<{
    id: string;
    status: number | null;
  }>;
  waitForMessage(predicate: () => boolean, timeoutMs?: number): Promise<unknown>;
  webhooksSettled(): Promise<void>;
  close(): Promise<void>;
}
interface FakeWhatsAppStatic {
  start(options: {
    readReceipts?: boolean;
    webhooks?: { retryDelaysMs?: readonly number[] };
  }): Promise<FakeWhatsApp>;
}

const { FakeWhatsApp } = await loadProviderFakes<{ FakeWhatsApp: FakeWhatsAppStatic }>();
const fake = await FakeWhatsApp.start({ readReceipts: false, webhooks: { retryDelaysMs: [] } });

serveSocialFake({
  env: {
    WHATSAPP_API_URL: fake.url,
    WHATSAPP_TOKEN: fake.accessToken,
    WHATSAPP_APP_SECRET: fake.appSecret,
    WHATSAPP_PHONE_NUMBER_ID: fake.phoneNumberId,
    WHATSAPP_VERIFY_TOKEN: randomBytes(12).toString('hex'),
  },
  // Nothing to make: a wa_id is the customer's phone number, digits only.
  customer: (i) => phoneOf(i).slice(1),
  target: (url) => fake.setWebhook(url),
  write: (waId, text, name) => fake.sendInbound({ waId, name: `${name.first} ${name.last}`, text }),
  reset: () => fake.reset(),
  // A message of theirs opens it (the fake has no other way); its webhook stays in this process.
  reopen: (waId, name) =>
    fake.sendInbound({ waId, name: `${name.first} ${name.last}`, text: 'Hallo 👋' }),
  sent: () =>
    fake.sent.map((m) => ({
      recipient: m.waId ?? m.input,
      text: m.text,
      requestCount: m.requestCount,
    })),
  sendStatuses: () =>
    fake.requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/messages'))
      .map((r) => r.status),
  callbacks: () => fake.deliveries.filter((d) => d.kind === 'status').map((d) => d.httpStatus),
  waitForMessage: (predicate, timeoutMs) => fake.waitForMessage(predicate, timeoutMs),
  settled: () => fake.webhooksSettled(),
  close: () => fake.close(),
});

/**
 * Child process: FakeMessenger (packages/provider-fakes, built, reached by path) for `pnpm
 * bench:social`, served by social-fake.ts. Customers are Messenger people of the Page (PSIDs
 * the benchmark chooses, names the User Profile API tells); their messages are signed with the
 * app secret over Meta's escaped bytes and open their windows in the fake. Each reply the fake
 * accepts is followed by its echo and a delivery event, as Meta's are; no retries of a webhook
 * not answered 200 (the benchmark counts it as refused instead).
 */
import { loadProviderFakes } from './built.js';
import { serveSocialFake } from './social-fake.js';

/** The parts of FakeMessenger (packages/provider-fakes/src/messenger) used here. */
interface FakeMessenger {
  readonly url: string;
  readonly pageId: string;
  readonly pageToken: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly sent: { recipientId: string; text: string | null; requestCount: number }[];
  readonly requests: { method: string; path: string; status: number }[];
  readonly webhooks: { mids: string[]; status: number | null }[];
  subscribe(url: string): void;
  reset(): void;
  message(person: string, message: { text: string }): unknown;
  addPerson(p: { id: string; firstName: string; lastName: string }): { id: string };
  customerWrites(
    person: string,
    message: { text: string },
  ): Promise<{ mid: string; deliveries: { status: number | null }[] }>;
  waitForMessage(predicate: () => boolean, timeoutMs?: number): Promise<unknown>;
  webhooksSettled(): Promise<void>;
  close(): Promise<void>;
}
interface FakeMessengerStatic {
  start(options: { webhooks?: { retryDelaysMs?: readonly number[] } }): Promise<FakeMessenger>;
}

const { FakeMessenger } = await loadProviderFakes<{ FakeMessenger: FakeMessengerStatic }>();
const fake = await FakeMessenger.start({ webhooks: { retryDelaysMs: [] } });

serveSocialFake({
  env: {
    MESSENGER_API_URL: fake.url,
    MESSENGER_PAGE_ID: fake.pageId,
    MESSENGER_PAGE_TOKEN: fake.pageToken,
    MESSENGER_APP_SECRET: fake.appSecret,
    MESSENGER_VERIFY_TOKEN: fake.verifyToken,
  },
  // A PSID: 16 digits, page-scoped.
  customer: (i, name) =>
    fake.addPerson({
      id: `7${String(i).padStart(15, '0')}`,
      firstName: name.first,
      lastName: name.last,
    }).id,
  target: (url) => fake.subscribe(url),
  write: async (psid, text) => {
    const r = await fake.customerWrites(psid, { text });
    return { id: r.mid, status: r.deliveries[0]?.status ?? null };
  },
  reset: () => fake.reset(),
  // The person's message, not posted: it opens their windows all the same.
  reopen: (psid) => fake.message(psid, { text: 'Bonjour 👋' }),
  sent: () =>
    fake.sent.map((m) => ({
      recipient: m.recipientId,
      text: m.text,
      requestCount: m.requestCount,
    })),
  sendStatuses: () =>
    fake.requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/messages'))
      .map((r) => r.status),
  // In an outbound run: the echoes and delivery events of the replies.
  callbacks: () => fake.webhooks.map((w) => w.status),
  waitForMessage: (predicate, timeoutMs) => fake.waitForMessage(predicate, timeoutMs),
  settled: () => fake.webhooksSettled(),
  close: () => fake.close(),
});

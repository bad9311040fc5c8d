/**
 * Child process: FakeTwilio (packages/provider-fakes, built, reached by path) for `pnpm bench:sms`,
 * in a process of its own so that its CPU is counted apart. One account, owning the support
 * number; messages are accepted (201) as Twilio's API would.
 *
 * Status callbacks: the plugin asks for them on every send (StatusCallback) and FakeTwilio has no
 * switch to leave them out, so the fake always signs and dispatches them (queued, sent,
 * delivered). While `deliver` is off (the default, and always in the raw runs), they never leave
 * this process: fetch() here answers them 200 at once, so the fake does the same work in both
 * runs and the plugin only sends. With `deliver` on they go to the plugin's webhook, as Twilio's
 * do. The fake makes no other outgoing request.
 *
 * The protocol every SMS fake of the benchmark speaks (sms-providers.ts):
 * `info` → { env } (the settings that reach it), `callbacks` {deliver}, `reset` (after the
 * callbacks in flight), `wait` {n, timeoutMs} → the time the n-th message since the reset was
 * accepted, `check` → what it accepted (messages per CaseHub message id, refusals, resends,
 * callbacks), `stop`.
 */
import { randomBytes } from 'node:crypto';
import { wallMs } from './clock.js';
import { serve } from './ipc.js';
import { loadProviderFakes } from './built.js';
import type { FakeCheck } from './provider-fake.js';
import { SUPPORT_NUMBER } from './sms-workload.js';

/** The parts of FakeTwilio (packages/provider-fakes/src/twilio/fake-twilio.ts) used here. */
interface SentMessage {
  body: string;
  statusCallback: string | null;
  requestCount: number;
}
interface FakeTwilio {
  readonly url: string;
  readonly sent: SentMessage[];
  readonly requests: { method: string; status: number }[];
  readonly callbacks: { status: number | null; error?: string }[];
  waitForMessage(predicate: (m: SentMessage) => boolean, timeoutMs?: number): Promise<SentMessage>;
  callbacksSettled(): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}
interface FakeTwilioStatic {
  start(options: {
    accounts: { sid: string; authToken: string; phoneNumbers?: string[] }[];
  }): Promise<FakeTwilio>;
}

const account = {
  sid: `AC${randomBytes(16).toString('hex')}`,
  authToken: randomBytes(16).toString('hex'),
  phoneNumbers: [SUPPORT_NUMBER],
};

let deliver = false;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) =>
  deliver ? realFetch(input, init) : Promise.resolve(new Response('', { status: 200 }));

const { FakeTwilio } = await loadProviderFakes<{ FakeTwilio: FakeTwilioStatic }>();
const fake = await FakeTwilio.start({ accounts: [account] });

/** The CaseHub message id a send was for: the plugin's status callback URL carries it. */
function messageIdOf(m: SentMessage): string | null {
  if (!m.statusCallback) return null;
  try {
    return new URL(m.statusCallback).searchParams.get('messageId');
  } catch {
    return null;
  }
}

serve({
  info: () => ({
    env: {
      TWILIO_API_URL: fake.url,
      TWILIO_ACCOUNT_SID: account.sid,
      TWILIO_AUTH_TOKEN: account.authToken,
      TWILIO_FROM: SUPPORT_NUMBER,
    },
  }),
  callbacks: (o: { deliver: boolean }) => {
    deliver = o.deliver;
  },
  reset: async () => {
    await fake.callbacksSettled();
    fake.reset();
  },
  wait: async ({ n, timeoutMs }: { n: number; timeoutMs: number }) => {
    // Called for every message already accepted, then for each one as it is (an event).
    let seen = 0;
    let at = 0;
    await fake.waitForMessage(() => {
      if (++seen < n) return false;
      at = wallMs();
      return true;
    }, timeoutMs);
    return at;
  },
  check: async (): Promise<FakeCheck> => {
    await fake.callbacksSettled();
    const byMessage: Record<string, number> = {};
    let withoutId = 0;
    let resent = 0;
    let bodyBytes = 0;
    const sent = fake.sent;
    for (const m of sent) {
      const id = messageIdOf(m);
      if (id === null) withoutId++;
      else byMessage[id] = (byMessage[id] ?? 0) + 1;
      if (m.requestCount > 1) resent++;
      bodyBytes += Buffer.byteLength(m.body);
    }
    const sends = fake.requests.filter((r) => r.method === 'POST');
    const callbacks = fake.callbacks;
    return {
      accepted: sent.length,
      byMessage,
      withoutId,
      resent,
      refused: sends.filter((r) => r.status !== 201).length,
      meanBodyBytes: sent.length ? bodyBytes / sent.length : 0,
      callbacks: {
        delivered: callbacks.length,
        failed: callbacks.filter((c) => c.status === null || c.status >= 300).length,
      },
    };
  },
  stop: async () => {
    await fake.close();
    setTimeout(() => process.exit(0), 10);
  },
});

/**
 * What every fake process of `pnpm bench:social` does around its provider's fake (packages/
 * provider-fakes, built, reached by path), given a SocialFakeAdapter: it is the load of the intake
 * runs and the provider of the outbound ones, in a process of its own so that its CPU is counted
 * apart.
 *
 * - Intake (`deliver`): the customers write, one message per webhook as the providers send them,
 *   `concurrency` webhooks in flight (Meta and Telegram deliver over several connections), each
 *   signed as the provider signs it; timed on this process's clock until every one was answered.
 * - Outbound: the plugin or the raw sender sends into the fake. Its status webhooks (and
 *   Messenger's echoes) are answered here while `callbacks` is off, and always in the raw runs:
 *   fetch() answers them 200 at once, so the fake does the same work in both runs and the plugin
 *   only sends. With `callbacks` on they go to the target, as the provider's do.
 *
 * Every run starts from a fake reset (its record empty: the fakes look messages up by scanning
 * what they keep, which would make each run slower than the one before). Resetting closes the
 * customers' 24-hour windows, which the replies need: `reset` opens them again, without a
 * webhook leaving this process (the plugin's own record of them is the intake's).
 *
 * Requests (social-providers.ts): `info` → { env } (the settings that reach it), `customers`
 * {count} → their ids (made once), `target` {url} (where webhooks go), `deliver` {tag, count,
 * concurrency} → IntakeLoad, `callbacks` {deliver}, and those of provider-fake.ts: `reset`,
 * `wait` {n, timeoutMs}, `check` → FakeCheck, `stop`.
 */
import { wallMs } from './clock.js';
import { serve } from './ipc.js';
import type { FakeCheck } from './provider-fake.js';
import { sendAll } from './raw-sends.js';
import { customerName, customerText } from './social-workload.js';

/** A message the fake accepted from the business. */
export interface SentRecord {
  /** The customer's id at the provider (wa_id, PSID, chat id). */
  recipient: string;
  text: string | null;
  /** Send requests with the same recipient and content (more than 1: a retry, or twice). */
  requestCount: number;
}

/** The part of a provider's fake the benchmark uses. */
export interface SocialFakeAdapter {
  env: Record<string, string>;
  /** Makes customer `i` (known to the fake from now on); their id at the provider. */
  customer(i: number, name: { first: string; last: string }): string | Promise<string>;
  target(url: string): void;
  /** The customer writes `text`: one webhook; its provider message id and the HTTP status answered. */
  write(
    customer: string,
    text: string,
    name: { first: string; last: string },
  ): Promise<{ id: string; status: number | null }>;
  /** Forgets what happened (`settled` first). */
  reset(): void;
  /** Opens the customer's 24-hour window in the fake again; any webhook it makes stays here. */
  reopen(customer: string, name: { first: string; last: string }): unknown;
  /** Everything the fake accepted since the reset, oldest first. */
  sent(): SentRecord[];
  /** The status answered to each send request so far, oldest first. */
  sendStatuses(): number[];
  /** The status the target answered each status webhook so far (null: unreachable). */
  callbacks(): (number | null)[];
  /** Calls `predicate` for each accepted message, those already there first, until it is true. */
  waitForMessage(predicate: () => boolean, timeoutMs: number): Promise<unknown>;
  /** Resolves once the webhooks under way are answered. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** What one `deliver` did. */
export interface IntakeLoad {
  seconds: number;
  /** Each message's provider id, in order. */
  ids: string[];
  /** Webhooks not answered 200: how many, and one of them. */
  refused: { count: number; sample: string | null };
}

export function serveSocialFake(fake: SocialFakeAdapter): void {
  let toTarget = false;
  let delivering = 0;
  let reopening = false;
  const realFetch = globalThis.fetch;
  // The fakes give every webhook POST one long-lived signal (close() aborts them all), on which
  // Node's fetch leaves a listener per request until a garbage collection: thousands in a run,
  // each past 1,500 warned about on stderr. A timeout of its own per POST instead (a run ends
  // only once every webhook was answered, before close()).
  globalThis.fetch = (input, init) =>
    (toTarget || delivering > 0) && !reopening
      ? realFetch(input, { ...init, signal: AbortSignal.timeout(30_000) })
      : Promise.resolve(new Response('', { status: 200 }));

  const customers: string[] = [];
  const reset = async () => {
    await fake.settled();
    fake.reset();
  };

  serve({
    info: () => ({ env: fake.env }),
    customers: async ({ count }: { count: number }) => {
      for (let i = customers.length; i < count; i++)
        customers.push(await fake.customer(i, customerName(i)));
      return customers.slice(0, count);
    },
    target: ({ url }: { url: string }) => fake.target(url),
    callbacks: (o: { deliver: boolean }) => {
      toTarget = o.deliver;
    },
    deliver: async (o: {
      tag: string;
      count: number;
      concurrency: number;
    }): Promise<IntakeLoad> => {
      if (o.count > customers.length) throw new Error(`only ${customers.length} customers`);
      const ids: string[] = new Array<string>(o.count);
      const messages = Array.from({ length: o.count }, (_, i) => customerText(o.tag, i));
      await reset(); // each run's customers write anew, to a fake that forgot the last run
      delivering++;
      try {
        const done = await sendAll(messages, o.concurrency, async (text, i) => {
          const w = await fake.write(customers[i], text, customerName(i));
          ids[i] = w.id;
          if (w.status !== 200)
            throw new Error(`message ${w.id}: the webhook answered ${w.status}`);
        });
        return { seconds: (done.endedAt - done.startedAt) / 1000, ids, refused: done.errors };
      } finally {
        delivering--;
      }
    },
    reset: async () => {
      await reset();
      reopening = true;
      try {
        for (const [i, c] of customers.entries()) await fake.reopen(c, customerName(i));
        await fake.settled();
      } finally {
        reopening = false;
      }
    },
    wait: async ({ n, timeoutMs }: { n: number; timeoutMs: number }) => {
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
      await fake.settled();
      const sent = fake.sent();
      const byText: Record<string, number> = {};
      let withoutId = 0;
      let bodyBytes = 0;
      for (const m of sent) {
        if (m.text === null) withoutId++;
        else byText[`${m.recipient}\n${m.text}`] = (byText[`${m.recipient}\n${m.text}`] ?? 0) + 1;
        bodyBytes += Buffer.byteLength(m.text ?? '');
      }
      const callbacks = fake.callbacks();
      return {
        accepted: sent.length,
        byMessage: {},
        byText,
        withoutId,
        resent: sent.filter((m) => m.requestCount > 1).length,
        refused: fake.sendStatuses().filter((s) => s !== 200).length,
        meanBodyBytes: sent.length ? bodyBytes / sent.length : 0,
        callbacks: {
          delivered: callbacks.length,
          failed: callbacks.filter((s) => s === null || s >= 300).length,
        },
      };
    },
    stop: async () => {
      await fake.close();
      setTimeout(() => process.exit(0), 10);
    },
  });
}

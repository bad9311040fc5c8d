/**
 * `concurrency` workers taking the next item until none is left: how the raw senders of
 * `bench:sms` and `bench:social` keep their requests in flight, and how the social fakes deliver
 * their webhooks.
 */
import { wallMs } from './clock.js';

export interface SendAllResult {
  /** This process's clock (clock.ts). */
  startedAt: number;
  endedAt: number;
  /** Items `send` resolved for. */
  sent: number;
  /** Items it threw for, and the first error's message. */
  errors: { count: number; sample: string | null };
}

export async function sendAll<T>(
  items: readonly T[],
  concurrency: number,
  send: (item: T, index: number) => Promise<unknown>,
): Promise<SendAllResult> {
  const errors = { count: 0, sample: null as string | null };
  let next = 0;
  const startedAt = wallMs();
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        await send(items[i], i);
      } catch (err) {
        errors.count++;
        errors.sample ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { startedAt, endedAt: wallMs(), sent: items.length - errors.count, errors };
}

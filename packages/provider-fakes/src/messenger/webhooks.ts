import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { metaSignature } from '@casehub/channel-kit';
import { metaJson } from './meta-json.js';
import type { MessengerState } from './messenger-state.js';
import type {
  MessengerPostOptions,
  MessengerWebhookBehaviour,
  MessengerWebhookDelivery,
} from './webhook-delivery.js';
import type { MessengerPreparedEvent } from './webhook-events.js';
import { stopController } from '../shared/stop-signal.js';

const DEFAULT_RETRIES = [200, 1_000, 3_000];

/**
 * POSTs webhooks to the subscribed URL as Meta does: `{ object, entry: [{ id, time, messaging:
 * [event] }] }` (several entries in one POST when batched), signed over the exact bytes with
 * `X-Hub-Signature-256` (and the older SHA-1 `X-Hub-Signature`), retried when not answered 200.
 */
export class MessengerWebhooks {
  readonly deliveries: MessengerWebhookDelivery[] = [];
  target: string | null;
  behaviour: MessengerWebhookBehaviour;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly stop = stopController();

  constructor(
    private readonly state: MessengerState,
    target: string | undefined,
    private readonly initialBehaviour: MessengerWebhookBehaviour = {},
  ) {
    this.target = target ?? null;
    this.behaviour = { ...initialBehaviour };
  }

  /**
   * POSTs the events as one batch (one entry each, in the order given), twice if asked; resolves
   * with each POST once the plugin answered 200 or the retries ran out.
   */
  post(
    events: readonly MessengerPreparedEvent[],
    options: MessengerPostOptions = {},
  ): Promise<MessengerWebhookDelivery[]> {
    const work = this.send(events, options);
    this.pending.add(work);
    void work.catch(() => undefined).finally(() => this.pending.delete(work));
    return work;
  }

  /** Resolves once every POST started so far has been answered (or given up). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  close(): void {
    this.stop.abort();
  }

  reset(): void {
    this.deliveries.length = 0;
    this.behaviour = { ...this.initialBehaviour };
  }

  private async send(
    events: readonly MessengerPreparedEvent[],
    options: MessengerPostOptions,
  ): Promise<MessengerWebhookDelivery[]> {
    if (events.length === 0) return [];
    const url = this.target;
    if (!url)
      throw new Error('FakeMessenger: no webhook URL (start({ webhookUrl }) or subscribe(url))');
    const platforms = new Set(events.map((e) => e.platform));
    if (platforms.size > 1) {
      throw new Error('FakeMessenger: one POST carries Messenger or Instagram events, not both');
    }
    const object = events[0].platform === 'messenger' ? 'page' : 'instagram';
    const payload = {
      object,
      entry: events.map((e) => ({ id: e.accountId, time: Date.now(), messaging: [e.event] })),
    };
    const body = metaJson(payload, this.behaviour.escapeUnicode ?? true);
    const bytes = Buffer.from(body, 'utf8');
    const signWith = options.signWith ?? 'valid';
    const secret = signWith === 'valid' ? this.state.appSecret : `not-${this.state.appSecret}`;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'facebookexternalua',
    };
    if (signWith !== 'none') {
      headers['X-Hub-Signature'] = `sha1=${createHmac('sha1', secret).update(bytes).digest('hex')}`;
      headers['X-Hub-Signature-256'] = metaSignature(secret, bytes);
    }
    const delay = options.delayMs ?? this.behaviour.delayMs ?? 0;
    const retries = options.retryDelaysMs ?? this.behaviour.retryDelaysMs ?? DEFAULT_RETRIES;
    const out: MessengerWebhookDelivery[] = [];
    for (let copy = 0; copy < (options.twice ? 2 : 1); copy++) {
      if (delay) await sleep(delay, undefined, { signal: this.stop.signal });
      const delivery: MessengerWebhookDelivery = {
        url,
        object,
        body,
        signature: headers['X-Hub-Signature-256'],
        attempts: [],
        status: null,
        mids: events.flatMap((e) => e.mids),
      };
      this.deliveries.push(delivery);
      for (let attempt = 0; ; attempt++) {
        const answer = await this.attempt(url, headers, bytes);
        delivery.attempts.push(answer);
        delivery.status = answer.status;
        if (answer.status === 200 || attempt >= retries.length) break;
        await sleep(retries[attempt], undefined, { signal: this.stop.signal });
      }
      out.push(delivery);
    }
    return out;
  }

  private async attempt(
    url: string,
    headers: Record<string, string>,
    bytes: Buffer,
  ): Promise<MessengerWebhookDelivery['attempts'][number]> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: bytes,
        redirect: 'manual',
        signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(30_000)]),
      });
      return { status: res.status, body: await res.text() };
    } catch (error) {
      if (this.stop.signal.aborted) throw error;
      const cause =
        error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return { status: null, error: `${(error as Error).message}${cause}`, body: '' };
    }
  }
}

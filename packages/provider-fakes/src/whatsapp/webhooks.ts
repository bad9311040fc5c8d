import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { metaSignature } from '@casehub/channel-kit';
import { DEFAULT_RETRY_DELAYS_MS, type WhatsAppWebhookBehaviour } from './webhook-behaviour.js';
import type { WhatsAppWebhookDelivery } from './webhook-delivery.js';
import type { WhatsAppState } from './whatsapp-state.js';
import { outOfOrder } from '../shared/out-of-order.js';
import { stopController } from '../shared/stop-signal.js';

/** A webhook to post: what it is about, and its JSON. */
export interface PlannedWebhook {
  kind: WhatsAppWebhookDelivery['kind'];
  messageId: string;
  status: WhatsAppWebhookDelivery['status'];
  payload: unknown;
  signWith?: 'valid' | 'wrong' | 'none';
}

interface Planned extends PlannedWebhook {
  index: number;
  copy: 1 | 2;
  /** The bytes posted (and signed): the same for each retry and copy. */
  body: string;
}

/**
 * Posts webhooks to the plugin's callback URL as Meta does: JSON signed with the app secret
 * (`X-Hub-Signature-256`, and the older SHA-1 `X-Hub-Signature`), retried while the plugin
 * answers anything but 200 — late, twice and out of order when asked.
 */
export class Webhooks {
  readonly deliveries: WhatsAppWebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly stop = stopController();
  private fault: Error | undefined;

  constructor(private readonly state: WhatsAppState) {}

  /**
   * Posts the webhooks one after another; resolves with each one's first attempt (retries of
   * those not answered 200 go on in the background, `settled()` waits for them).
   */
  dispatch(
    items: readonly PlannedWebhook[],
    behaviour: WhatsAppWebhookBehaviour,
  ): Promise<WhatsAppWebhookDelivery[]> {
    const url = this.state.webhookUrl;
    if (!url || items.length === 0) return Promise.resolve([]);
    const copies: (1 | 2)[] = behaviour.duplicate ? [1, 2] : [1];
    let planned: Planned[] = items.flatMap((item, index) => {
      const body = JSON.stringify(item.payload);
      return copies.map((copy) => ({ ...item, index, copy, body }));
    });
    if (behaviour.shuffle) planned = outOfOrder(planned);
    const retryDelays = behaviour.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const first = (async () => {
      const out: WhatsAppWebhookDelivery[] = [];
      for (const p of planned) {
        if (behaviour.delayMs)
          await sleep(behaviour.delayMs, undefined, { signal: this.stop.signal });
        const d = await this.post(url, p, 1);
        out.push(d);
        if (d.httpStatus !== 200 && retryDelays.length > 0)
          this.track(this.retry(url, p, retryDelays));
      }
      return out;
    })();
    this.track(first.then(() => undefined));
    return first;
  }

  /** Resolves once every webhook dispatched so far (and its retries) is done with. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.fault) throw this.fault;
  }

  close(): void {
    this.stop.abort();
  }

  clear(): void {
    this.deliveries.length = 0;
    this.fault = undefined;
  }

  private track(work: Promise<void>): void {
    // Never rejects: a fault of the fake itself surfaces from settled().
    const done = work.catch((error: unknown) => {
      if (!this.stop.signal.aborted)
        this.fault ??= error instanceof Error ? error : new Error(String(error));
    });
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
  }

  private async retry(url: string, p: Planned, delays: readonly number[]): Promise<void> {
    for (let i = 0; i < delays.length; i++) {
      await sleep(delays[i], undefined, { signal: this.stop.signal });
      const d = await this.post(url, p, i + 2);
      if (d.httpStatus === 200) return;
    }
  }

  private async post(url: string, p: Planned, attempt: number): Promise<WhatsAppWebhookDelivery> {
    const signWith = p.signWith ?? 'valid';
    const secret = signWith === 'valid' ? this.state.appSecret : `not-${this.state.appSecret}`;
    const signature = signWith === 'none' ? undefined : metaSignature(secret, p.body);
    const record: WhatsAppWebhookDelivery = {
      kind: p.kind,
      messageId: p.messageId,
      status: p.status,
      body: p.body,
      signature,
      copy: p.copy,
      attempt,
      httpStatus: null,
      responseBody: '',
    };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'facebookexternalua',
          ...(signature === undefined
            ? {}
            : {
                'X-Hub-Signature-256': signature,
                'X-Hub-Signature': `sha1=${createHmac('sha1', secret).update(p.body).digest('hex')}`,
              }),
        },
        body: p.body,
        redirect: 'manual',
        signal: this.stop.signal,
      });
      record.httpStatus = response.status;
      record.responseBody = await response.text();
    } catch (error) {
      if (this.stop.signal.aborted) throw error;
      record.error = describe(error);
    }
    this.deliveries.push(record);
    return record;
  }
}

/**
 * A random order in which the last status arrives before some earlier one (a `sent` after the
 * `read`: what a plugin must not step back for).
 */

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

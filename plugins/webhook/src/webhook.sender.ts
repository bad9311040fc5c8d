import { Inject, Injectable, Logger } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import type { CloudEvent } from '@casehub/domain';
import { InjectPluginConfig, PermanentFailure } from '@casehub/plugin-sdk';
import type { WebhookConfig, WebhookTarget } from './webhook.config.js';
import { DeliveryLog } from './delivery-log.js';

/** Statuses worth retrying: the receiver is down, overloaded or asks us to slow down. */
const RETRYABLE = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * Sends an event to every target that wants it, as a CloudEvent (structured JSON) signed per the
 * Standard Webhooks spec: webhook-id (the event id, for the receiver's de-duplication),
 * webhook-timestamp and webhook-signature (v1, HMAC-SHA256).
 */
@Injectable()
export class WebhookSender {
  private readonly log = new Logger('Webhook');
  private readonly signers = new Map<string, Webhook>();

  constructor(
    @InjectPluginConfig() private readonly cfg: WebhookConfig,
    @Inject(DeliveryLog) private readonly deliveries: DeliveryLog,
  ) {
    for (const t of cfg.targets) this.signers.set(t.url, new Webhook(t.secret));
  }

  /** Throws when a target should be retried; a PermanentFailure when it never will accept it. */
  async send(name: string, event: CloudEvent): Promise<void> {
    const failures: string[] = [];
    let permanent = true;
    for (const target of this.cfg.targets.filter((t) => t.events.includes(name))) {
      if (await this.deliveries.unsubscribed(target.url)) continue;
      if (await this.deliveries.delivered(event.id, target.url)) continue;
      const outcome = await this.post(target, event);
      if (outcome === 'ok') await this.deliveries.markDelivered(event.id, target.url);
      else if (outcome === 'gone') {
        this.log.warn(`${target.url} answered 410 Gone: unsubscribed, no more events go there`);
        await this.deliveries.unsubscribe(target.url);
      } else {
        failures.push(`${target.url}: ${outcome.reason}`);
        permanent &&= !outcome.retry;
      }
    }
    if (failures.length) {
      const message = failures.join('; ');
      throw permanent ? new PermanentFailure(message) : new Error(message);
    }
  }

  private async post(
    target: WebhookTarget,
    event: CloudEvent,
  ): Promise<'ok' | 'gone' | { retry: boolean; reason: string }> {
    const body = JSON.stringify(event);
    const at = new Date();
    const signature = this.signers.get(target.url)!.sign(event.id, at, body);
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/cloudevents+json',
          'webhook-id': event.id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
          'user-agent': 'CaseHub-Webhook/1',
        },
        body,
        signal: AbortSignal.timeout(this.cfg.timeoutMs),
        redirect: 'manual',
      });
      await res.body?.cancel();
      if (res.ok) return 'ok';
      if (res.status === 410) return 'gone';
      return { retry: RETRYABLE(res.status), reason: `HTTP ${res.status}` };
    } catch (err) {
      return { retry: true, reason: (err as Error).message }; // refused, reset, timed out
    }
  }
}

import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';

/**
 * What this plugin has done per target, in a JetStream key-value bucket all its replicas share:
 * which (event, target) pairs are delivered, so a retry for one failing target does not send the
 * event again to the others; and which targets unsubscribed with 410 Gone.
 */
export class DeliveryLog {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, stream: string): Promise<DeliveryLog> {
    const kv = await new Kvm(nc).create(`casehub_webhook_${stream}`, { history: 1 });
    return new DeliveryLog(kv);
  }

  async delivered(eventId: string, url: string): Promise<boolean> {
    return (await this.kv.get(`d.${eventId}.${hash(url)}`)) !== null;
  }

  async markDelivered(eventId: string, url: string): Promise<void> {
    await this.kv.put(`d.${eventId}.${hash(url)}`, new Date().toISOString());
  }

  async unsubscribed(url: string): Promise<boolean> {
    const e = await this.kv.get(`gone.${hash(url)}`);
    return e !== null && e.operation === 'PUT';
  }

  async unsubscribe(url: string): Promise<void> {
    await this.kv.put(`gone.${hash(url)}`, url);
  }
}

function hash(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 32);
}

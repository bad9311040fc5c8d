import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';

/**
 * The plugin's memory of handled events, keyed by event id, in a JetStream key-value bucket
 * shared by all its replicas: a redelivered or republished event is acknowledged, not redone.
 */
export class Inbox {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, plugin: string, ttlMs: number): Promise<Inbox> {
    return new Inbox(
      await new Kvm(nc).create(`casehub_inbox_${plugin}`, { ttl: ttlMs, history: 1 }),
    );
  }

  async has(eventId: string): Promise<boolean> {
    const e = await this.kv.get(key(eventId));
    return e !== null && e.operation === 'PUT';
  }

  async remember(eventId: string): Promise<void> {
    await this.kv.put(key(eventId), new Date().toISOString());
  }
}

/** KV keys allow letters, digits, - _ = and dots; event ids are UUIDs, but be safe with any id. */
function key(eventId: string): string {
  return /^[A-Za-z0-9_=-]+$/.test(eventId) ? eventId : Buffer.from(eventId).toString('base64url');
}

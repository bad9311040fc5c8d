import type { KV } from '@nats-io/kv';
import { kvKey } from './kv-key.js';

/**
 * Outbound messages on their way, one record each in the plugin's key-value bucket (keys
 * `send.<key>`), written before the first request to the provider and after each answer, so a
 * redelivery or a replica that takes over after a crash finds what was already sent and sends
 * only the rest. What a record holds is the plugin's (the parts and the provider's ids, say).
 */
export class SendRecords<R> {
  constructor(private readonly kv: KV) {}

  async get(key: string): Promise<R | null> {
    const e = await this.kv.get(this.key(key));
    return e && e.operation === 'PUT' ? e.json<R>() : null;
  }

  /** Records a send as begun, unless a record is there already (then that one is returned). */
  async begin(key: string, record: R): Promise<R> {
    try {
      await this.kv.create(this.key(key), JSON.stringify(record));
      return record;
    } catch (err) {
      const existing = await this.get(key);
      if (existing) return existing;
      throw err;
    }
  }

  async save(key: string, record: R): Promise<void> {
    await this.kv.put(this.key(key), JSON.stringify(record));
  }

  private key(key: string): string {
    return `send.${kvKey(key)}`;
  }
}

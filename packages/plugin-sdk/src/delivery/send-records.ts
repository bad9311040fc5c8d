import type { KV } from '@nats-io/kv';
import { KvBucket } from '../nats/kv-bucket.js';
import { kvKey } from './kv-key.js';

/**
 * Outbound messages on their way, one record each in the plugin's key-value bucket (keys
 * `send.<key>`), written before the first request to the provider and after each answer, so a
 * redelivery or a replica that takes over after a crash finds what was already sent and sends
 * only the rest. What a record holds is the plugin's (the parts and the provider's ids, say).
 * Given a KvBucket, the writes are pipelined publishes, and `start` asks nothing before it
 * creates a record (one request for a first attempt).
 */
export class SendRecords<R> {
  private readonly bucket: KvBucket;

  constructor(kv: KV | KvBucket) {
    this.bucket = KvBucket.of(kv);
  }

  async get(key: string): Promise<R | null> {
    const found = await this.bucket.get(this.key(key));
    return found ? (JSON.parse(found.value) as R) : null;
  }

  /**
   * Records a send as begun, unless a record is there already (then that one is returned, and
   * `begun` is false: a first attempt fixed what is sent).
   */
  async start(key: string, record: R): Promise<{ record: R; begun: boolean }> {
    if ((await this.bucket.create(this.key(key), JSON.stringify(record))) !== null)
      return { record, begun: true };
    const existing = await this.bucket.get(this.key(key));
    if (existing) return { record: JSON.parse(existing.value) as R, begun: false };
    // Deleted in between (it expired): begin afresh against the marker just read.
    return this.start(key, record);
  }

  /** Records a send as begun, unless a record is there already (then that one is returned). */
  async begin(key: string, record: R): Promise<R> {
    return (await this.start(key, record)).record;
  }

  async save(key: string, record: R): Promise<void> {
    await this.bucket.put(this.key(key), JSON.stringify(record));
  }

  private key(key: string): string {
    return `send.${kvKey(key)}`;
  }
}

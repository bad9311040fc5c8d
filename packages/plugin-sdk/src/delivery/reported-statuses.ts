import type { KV } from '@nats-io/kv';
import type { DeliveryStatus } from '@casehub/domain';
import { KvBucket } from '../nats/kv-bucket.js';
import { kvKey } from './kv-key.js';

/** The furthest delivery status reported to the core for a message, and its key's revision. */
export interface ReportedStatus {
  status: DeliveryStatus;
  revision: number;
}

/**
 * The furthest delivery status a plugin reported for each outbound message, in its key-value
 * bucket (keys `status.<message id>`), so every replica's reports move forward only.
 */
export class ReportedStatuses {
  private readonly bucket: KvBucket;

  constructor(kv: KV | KvBucket) {
    this.bucket = KvBucket.of(kv);
  }

  async reported(messageId: string): Promise<ReportedStatus | null> {
    const found = await this.bucket.get(this.key(messageId));
    return found ? { status: found.value as DeliveryStatus, revision: found.revision } : null;
  }

  /**
   * Records the status reported, if nobody recorded another since `revision` (0: none yet).
   * False when another replica got there first.
   */
  async recordReported(
    messageId: string,
    status: DeliveryStatus,
    revision: number,
  ): Promise<boolean> {
    return (await this.bucket.update(this.key(messageId), status, revision)) !== null;
  }

  private key(messageId: string): string {
    return `status.${kvKey(messageId)}`;
  }
}

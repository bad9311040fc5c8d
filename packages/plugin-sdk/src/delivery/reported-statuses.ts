import type { KV } from '@nats-io/kv';
import type { DeliveryStatus } from '@casehub/domain';
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
  constructor(private readonly kv: KV) {}

  async reported(messageId: string): Promise<ReportedStatus | null> {
    const e = await this.kv.get(this.key(messageId));
    return e && e.operation === 'PUT'
      ? { status: e.string() as DeliveryStatus, revision: e.revision }
      : null;
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
    const key = this.key(messageId);
    try {
      if (revision === 0) await this.kv.create(key, status);
      else await this.kv.update(key, status, revision);
      return true;
    } catch {
      return false;
    }
  }

  private key(messageId: string): string {
    return `status.${kvKey(messageId)}`;
  }
}

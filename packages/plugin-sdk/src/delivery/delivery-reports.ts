import type { DeliveryStatus } from '@casehub/domain';
import type { InboundPublisher } from '../inbound-publisher.js';
import type { ReportedStatuses } from './reported-statuses.js';

/** A delivery report about a reply. */
export interface DeliveryReport {
  messageId: string;
  status: DeliveryStatus;
  providerMessageId?: string | null;
  error?: string | null;
}

/** Whether `next` moves a message on from what was reported before (the provider's own order). */
export type MovesForward = (reported: DeliveryStatus | null, next: DeliveryStatus) => boolean;

/**
 * Tells the core what became of replies, only ever forwards: the furthest status reported per
 * message is kept (ReportedStatuses), and a report that would not move past it is dropped, so
 * the provider's late, repeated and reordered callbacks make one report each step. Reports about
 * one message are made one at a time in this process, so they reach the core in the order they
 * were decided. Extend it as the plugin's injectable, passing its statuses and its order.
 */
export class DeliveryReports {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly statuses: Pick<ReportedStatuses, 'reported' | 'recordReported'>,
    private readonly inbound: InboundPublisher,
    private readonly movesForward: MovesForward,
  ) {}

  /** Publishes the report if it moves the message forward; true when it did. */
  report(r: DeliveryReport): Promise<boolean> {
    const before = this.queues.get(r.messageId) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => this.forward(r));
    this.queues.set(r.messageId, mine);
    void mine
      .catch(() => undefined)
      .finally(() => {
        if (this.queues.get(r.messageId) === mine) this.queues.delete(r.messageId);
      });
    return mine;
  }

  private async forward(r: DeliveryReport): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const reported = await this.statuses.reported(r.messageId);
      if (!this.movesForward(reported?.status ?? null, r.status)) return false;
      // Published before it is recorded: a crash in between publishes it again (the same event id).
      await this.inbound.delivery({
        messageId: r.messageId,
        status: r.status,
        providerMessageId: r.providerMessageId ?? null,
        error: r.error ?? null,
        at: new Date().toISOString(),
      });
      if (await this.statuses.recordReported(r.messageId, r.status, reported?.revision ?? 0))
        return true;
      // Another replica recorded a status in between: look again.
      if (attempt >= 5) throw new Error(`cannot record the delivery status of ${r.messageId}`);
    }
  }
}

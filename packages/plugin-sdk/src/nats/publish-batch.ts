import type { NatsConnection, PublishOptions } from '@nats-io/transport-node';

interface Queued {
  subject: string;
  payload: string | Uint8Array;
  options: PublishOptions | undefined;
  failed: ((err: Error) => void) | undefined;
}

/**
 * Publishes made during one turn of the event loop, handed to the NATS client together so that
 * they leave in one socket write. The client writes what was published by the end of each
 * microtask: with dozens of events in flight, each handler's next step is a write of its own,
 * and on loopback a write is charged the delivery to nats-server too — 30 % of a busy plugin's
 * CPU (see docs/operations.md, "Social"). One batch per connection, so every publisher on it
 * (the inbox, inbound events, key-value writes and reads, acknowledgements) shares the write.
 */
export class PublishBatch {
  private static readonly batches = new WeakMap<NatsConnection, PublishBatch>();
  private queue: Queued[] = [];
  private scheduled = false;

  private constructor(private readonly nc: NatsConnection) {}

  /** The connection's batch. */
  static of(nc: NatsConnection): PublishBatch {
    let batch = PublishBatch.batches.get(nc);
    if (!batch) {
      batch = new PublishBatch(nc);
      PublishBatch.batches.set(nc, batch);
    }
    return batch;
  }

  /** Publishes at the end of this turn; `failed` hears of a publish the client refused. */
  publish(
    subject: string,
    payload: string | Uint8Array,
    options?: PublishOptions,
    failed?: (err: Error) => void,
  ): void {
    this.queue.push({ subject, payload, options, failed });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    for (const q of queue) {
      try {
        this.nc.publish(q.subject, q.payload, q.options);
      } catch (err) {
        q.failed?.(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }
}

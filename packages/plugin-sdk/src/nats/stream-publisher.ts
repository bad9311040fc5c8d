import {
  headers,
  nuid,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';
import { PublishBatch } from './publish-batch.js';

export interface PubAck {
  stream: string;
  seq: number;
  duplicate: boolean;
}

export interface StreamMessage {
  subject: string;
  payload: string | Uint8Array;
  /** Sent as Nats-Msg-Id: the stream drops a repeat within its duplicate window. */
  msgId?: string;
  /**
   * Sent as Nats-Expected-Last-Subject-Sequence: stored only if the subject's last message has
   * this sequence (0: none), i.e. a key-value compare-and-set.
   */
  expectedLastSubjectSequence?: number;
  traceparent?: string | null;
  /** Other headers, e.g. `KV-Operation: DEL` for a key-value delete marker. */
  headers?: Readonly<Record<string, string>>;
}

/** JetStream refused the message; `code` is its API error code (e.g. WRONG_LAST_SEQUENCE). */
export class JetStreamPublishError extends Error {
  static readonly WRONG_LAST_SEQUENCE = 10071;

  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'JetStreamPublishError';
  }
}

/** A stream's last message on a subject, as JetStream's direct get answers it. */
export interface LastMessage {
  data: Uint8Array;
  headers: MsgHdrs;
  seq: number;
}

interface Waiting {
  answered: (msg: Msg) => void;
  reject: (err: Error) => void;
  deadline: number;
}

/**
 * Publishes to JetStream and waits for the stream's acknowledgement, many messages in flight
 * over one reply subscription. `js.publish` of @nats-io/jetstream 3.4 makes a request per
 * message, with its own timer and a RequestError (stack trace included) built even on success:
 * 12 % of the core's CPU while the relay drained a backlog, 9 % of a plugin's per event (its
 * inbox's compare-and-set). Here a message costs a publish and a map entry; one sweep every
 * quarter timeout fails what was not acknowledged in time. The acknowledgement is JetStream's
 * documented PubAck ({ stream, seq, duplicate } or { error: { code, err_code, description } }).
 * Its messages leave with the connection's other publishes of the same turn (PublishBatch).
 * It reads the same way: `lastOf` is JetStream's direct get, over the same subscription.
 */
export class StreamPublisher {
  private readonly inbox = `_INBOX.${nuid.next()}`;
  private readonly sub: Subscription;
  private readonly waiting = new Map<string, Waiting>();
  private readonly sweeper: NodeJS.Timeout;
  private next = 0;
  private readonly decoder = new TextDecoder();
  private readonly batch: PublishBatch;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs = 5000,
  ) {
    this.batch = PublishBatch.of(nc);
    // Subscriptions survive reconnects; acks lost in a disconnect time out and are retried.
    this.sub = nc.subscribe(`${this.inbox}.*`, {
      callback: (err, msg) => {
        if (err) return this.failAll(err);
        const w = this.take(msg.subject.slice(this.inbox.length + 1));
        if (!w) return; // timed out already
        try {
          w.answered(msg);
        } catch (e) {
          w.reject(e as Error);
        }
      },
    });
    this.sweeper = setInterval(() => this.sweep(), Math.max(10, timeoutMs / 4));
    this.sweeper.unref();
  }

  publish(m: StreamMessage): Promise<PubAck> {
    const token = (this.next++).toString(36);
    const h = headers();
    if (m.msgId) h.set('Nats-Msg-Id', m.msgId);
    if (m.expectedLastSubjectSequence !== undefined)
      h.set('Nats-Expected-Last-Subject-Sequence', String(m.expectedLastSubjectSequence));
    if (m.traceparent) h.set('traceparent', m.traceparent);
    for (const [name, value] of Object.entries(m.headers ?? {})) h.set(name, value);
    return this.ask(token, m.subject, m.payload, h, (msg) => this.pubAck(msg));
  }

  /**
   * The last message stored on `subject` in `stream` (JetStream's direct get: the stream must
   * allow it, as key-value buckets do), null when there is none.
   */
  lastOf(stream: string, subject: string): Promise<LastMessage | null> {
    const token = (this.next++).toString(36);
    const request = JSON.stringify({ last_by_subj: subject });
    return this.ask(token, `$JS.API.DIRECT.GET.${stream}`, request, undefined, (msg) => {
      const code = msg.headers?.code ?? 0;
      if (code === 404) return null;
      if (code >= 300 || !msg.headers)
        throw new JetStreamPublishError(`direct get of ${subject}: ${msg.headers?.description}`);
      return {
        data: msg.data,
        headers: msg.headers,
        seq: Number(msg.headers.get('Nats-Sequence')),
      };
    });
  }

  private ask<T>(
    token: string,
    subject: string,
    payload: string | Uint8Array,
    h: MsgHdrs | undefined,
    read: (msg: Msg) => T,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const answered = (msg: Msg) => resolve(read(msg));
      this.waiting.set(token, { answered, reject, deadline: performance.now() + this.timeoutMs });
      this.batch.publish(
        subject,
        payload,
        { reply: `${this.inbox}.${token}`, headers: h },
        (err) => {
          this.take(token);
          reject(err);
        },
      );
    });
  }

  private pubAck(msg: Msg): PubAck {
    if (msg.headers?.code === 503) throw new JetStreamPublishError('no stream for this subject');
    const ack = JSON.parse(this.decoder.decode(msg.data)) as PubAck & {
      error?: { err_code?: number; description: string };
    };
    if (ack.error)
      throw new JetStreamPublishError(`JetStream: ${ack.error.description}`, ack.error.err_code);
    return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate ?? false };
  }

  /**
   * Writes `value` to `key` of the key-value bucket `bucket` (on the subject the KV client writes
   * it to) only if the key's last revision is `revision`: that of a deleted or purged key is its
   * marker's, 0 a key never written (or expired). Resolves with the new revision; a lost race
   * fails with JetStreamPublishError WRONG_LAST_SEQUENCE.
   */
  async compareAndSet(
    bucket: string,
    key: string,
    value: string,
    revision: number,
  ): Promise<number> {
    const subject = `$KV.${bucket}.${key}`;
    return (await this.publish({ subject, payload: value, expectedLastSubjectSequence: revision }))
      .seq;
  }

  /** Stops listening; what is still waiting fails. */
  close(): void {
    clearInterval(this.sweeper);
    this.sub.unsubscribe();
    this.failAll(new Error('publisher closed'));
  }

  private take(token: string): Waiting | undefined {
    const w = this.waiting.get(token);
    if (w) this.waiting.delete(token);
    return w;
  }

  private sweep(): void {
    const now = performance.now();
    for (const [token, w] of this.waiting) {
      if (w.deadline > now) continue;
      this.waiting.delete(token);
      w.reject(new Error(`no acknowledgement from JetStream within ${this.timeoutMs} ms`));
    }
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}

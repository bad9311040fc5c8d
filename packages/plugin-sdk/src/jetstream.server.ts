import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
} from '@nats-io/jetstream';
import { lastValueFrom } from 'rxjs';
import { cloudEventSchema, eventNameOfType, type CloudEvent } from '@casehub/domain';
import {
  resolveOptions,
  type JetStreamTransportOptions,
  type ResolvedJetStreamOptions,
} from './jetstream.options.js';
import { JetStreamContext } from './jetstream.context.js';
import { KeyedQueue } from './keyed-queue.js';
import { Inbox } from './inbox.js';
import { deadLetterSubject, ensureDeadLetterStream, sendToDeadLetter } from './dead-letter.js';

/**
 * NestJS microservice transport over a durable JetStream consumer (the stock NATS transport is
 * core NATS: at most once). An event is acknowledged only after its handler succeeded; a failure
 * is retried after a delay; after `maxAttempts` it goes to the dead-letter stream and the rest
 * flows on. Handled event ids are remembered, so a redelivery is not handled twice.
 *
 * ```ts
 * const app = await NestFactory.createMicroservice(AppModule, {
 *   strategy: new JetStreamTransport({ plugin: 'webhook' }),
 * });
 * ```
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  private readonly opts: ResolvedJetStreamOptions;
  private readonly log: Logger;
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private inbox: Inbox | null = null;
  private messages: ConsumerMessages | null = null;
  private queue: KeyedQueue;
  private loop: Promise<void> | null = null;

  constructor(options: JetStreamTransportOptions) {
    super();
    this.opts = resolveOptions(options);
    this.queue = new KeyedQueue(this.opts.concurrency);
    this.log = new Logger(`JetStream:${this.opts.plugin}`);
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  private async start(): Promise<void> {
    const o = this.opts;
    this.nc = await connect({
      servers: o.servers,
      name: `casehub-plugin-${o.plugin}`,
      maxReconnectAttempts: -1,
    });
    this.js = jetstream(this.nc);
    const jsm = await jetstreamManager(this.nc);
    await ensureDeadLetterStream(this.nc, o.stream, o.subjectPrefix);
    this.inbox = await Inbox.open(this.nc, o.plugin, o.inboxTtlMs);
    const exists = await jsm.consumers.info(o.stream, o.plugin).catch(() => null);
    if (!exists) {
      await jsm.consumers.add(o.stream, {
        durable_name: o.plugin,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: o.deliverFrom === 'all' ? DeliverPolicy.All : DeliverPolicy.New,
        filter_subject: `${o.subjectPrefix}.v1.>`,
        ack_wait: nanos(o.ackWaitMs),
        // A safety net only: the transport dead-letters an event itself after maxAttempts.
        max_deliver: o.maxAttempts + 2,
        max_ack_pending: Math.max(o.concurrency * 4, 64),
      });
    }
    const consumer = await this.js.consumers.get(o.stream, o.plugin);
    this.messages = await consumer.consume({ max_messages: Math.max(o.concurrency * 2, 16) });
    this.loop = this.pump(this.messages);
    this.log.log(`consuming ${o.stream} as ${o.plugin}`);
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      const event = this.parse(msg);
      if (!event) continue;
      // One case at a time, in stream order; different cases side by side.
      void this.queue.run(event.subject, () => this.handle(msg, event));
    }
  }

  /** Reads the CloudEvent; a message that is not one is dead-lettered at once (it never will be). */
  private parse(msg: JsMsg): CloudEvent | null {
    try {
      return cloudEventSchema.parse(msg.json()) as CloudEvent;
    } catch (err) {
      void this.deadLetter(
        msg,
        'unparseable',
        `not a CloudEvent: ${(err as Error).message}`,
        msg.seq.toString(),
      );
      return null;
    }
  }

  private async handle(msg: JsMsg, event: CloudEvent): Promise<void> {
    const name = eventNameOfType(event.type) ?? event.type;
    const handler = this.getHandlerByPattern(name);
    if (!handler) return msg.ack(); // an event this plugin does not consume
    if (await this.inbox!.has(event.id)) return msg.ack(); // handled already: a redelivery
    try {
      const result = await handler(event, new JetStreamContext([msg, event]));
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      await this.inbox!.remember(event.id);
      msg.ack();
    } catch (err) {
      const attempt = msg.info.deliveryCount;
      const error = describeError(err);
      if (attempt >= this.opts.maxAttempts) {
        this.log.error(`${name} ${event.id} failed ${attempt} times, dead-lettered: ${error}`);
        await this.deadLetter(msg, name, error, event.id);
      } else {
        const delays = this.opts.retryDelaysMs;
        const delay = delays[Math.min(attempt - 1, delays.length - 1)];
        this.log.warn(
          `${name} ${event.id} failed (attempt ${attempt}), retrying in ${delay} ms: ${error}`,
        );
        msg.nak(delay);
      }
    }
  }

  private async deadLetter(
    msg: JsMsg,
    name: string,
    error: string,
    eventId: string,
  ): Promise<void> {
    try {
      await sendToDeadLetter(this.js!, {
        subject: deadLetterSubject(this.opts.subjectPrefix, this.opts.plugin, name),
        plugin: this.opts.plugin,
        eventId,
        originalSubject: msg.subject,
        attempts: msg.info.deliveryCount,
        error,
        data: msg.data,
      });
      msg.term(); // term(reason) does not terminate on nats-server 2.9
    } catch (err) {
      // The dead-letter stream is unreachable: leave the event to be redelivered, never drop it.
      this.log.error(`could not dead-letter ${eventId}: ${(err as Error).message}`);
      msg.nak(this.opts.retryDelaysMs.at(-1));
    }
  }

  /** Stops taking events, lets the ones in hand finish, then closes the connection. */
  async close(): Promise<void> {
    await this.messages?.close();
    await this.loop;
    await this.queue.idle();
    if (this.nc && !this.nc.isClosed()) await this.nc.drain();
  }

  on(): never {
    throw new Error('JetStreamTransport has no events to listen to');
  }

  unwrap<T>(): T {
    if (!this.nc) throw new Error('JetStreamTransport is not connected yet');
    return this.nc as T;
  }
}

/** Handlers' errors reach the transport as Errors or, through Nest's RPC layer, as plain objects. */
function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && 'message' in err) return String(err.message);
  return typeof err === 'string' ? err : JSON.stringify(err);
}

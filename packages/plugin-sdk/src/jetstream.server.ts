import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
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
import {
  cloudEventSchema,
  eventNameOfType,
  hubOfStream,
  isEventOfHub,
  streamDescriptionOf,
  type CloudEvent,
} from '@casehub/domain';
import {
  resolveOptions,
  type JetStreamTransportOptions,
  type ResolvedJetStreamOptions,
} from './jetstream.options.js';
import { JetStreamContext } from './jetstream.context.js';
import { KeyedQueue } from './keyed-queue.js';
import { HandleLater } from './handle-later.js';
import { isPermanent } from './permanent-failure.js';
import { Registration, RegistrationRefused } from './registration.js';
import { Inbox, type CaseRead } from './inbox.js';
import { PublishBatch } from './nats/publish-batch.js';
import { StreamPublisher } from './nats/stream-publisher.js';
import { wasHandled } from './case-progress.js';
import { deadLetterSubject, ensureDeadLetterStream, sendToDeadLetter } from './dead-letter.js';

const UNKNOWN_CASE_GRACE_MS = 2000;

/** JetStream's acknowledgement of a message, as JsMsg.ack() sends it. */
const ACK_PAYLOAD = new TextEncoder().encode('+ACK');
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
  /** The hub that owns the stream (its description), undefined for a stream made before hubs. */
  private hubId: string | undefined;
  private readonly foreignHubs = new Set<string>();
  private inbox: Inbox | null = null;
  /** The inbox's writes, over one reply subscription (see StreamPublisher). */
  private publisher: StreamPublisher | null = null;
  private messages: ConsumerMessages | null = null;
  private queue: KeyedQueue;
  private loop: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Per case, the latest of its events this process holds: the next one waits on it, not a poll. */
  private readonly inHand = new Map<string, { sequence: number; work: Promise<unknown> }>();
  private closing = false;
  private starting: Promise<void> | null = null;
  private registration: Registration | null = null;
  /** Handlers by event name: Nest's own look-up parses the name as JSON, throwing, per event. */
  private readonly handlers = new Map<string, MessageHandler | null>();

  constructor(options: JetStreamTransportOptions) {
    super();
    this.opts = resolveOptions(options);
    this.queue = new KeyedQueue(this.opts.concurrency);
    this.log = new Logger(`JetStream:${this.opts.plugin}`);
  }

  /**
   * Connects and starts consuming. While NATS or the event stream is not there yet (the core
   * not started), it keeps trying with back-off; `listen` resolves once events flow.
   */
  async listen(callback: (err?: unknown) => void): Promise<void> {
    for (let wait = 500; !this.closing; wait = Math.min(wait * 2, 10_000)) {
      try {
        this.starting = this.start();
        await this.starting;
        return callback();
      } catch (err) {
        if (this.closing) return;
        if (err instanceof RegistrationRefused) {
          this.log.error(err.message);
          await this.nc?.close().catch(() => undefined);
          return callback(err); // not worth retrying: the plugin must be upgraded or the core
        }
        this.log.warn(`cannot consume yet (${describeError(err)}); retrying in ${wait} ms`);
        this.publisher?.close();
        await this.nc?.close().catch(() => undefined);
        this.nc = null;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async start(): Promise<void> {
    const o = this.opts;
    this.nc = await connect({
      servers: o.servers,
      name: `casehub-plugin-${o.plugin}`,
      maxReconnectAttempts: -1,
      // Else every request (the inbox makes several per event) captures a stack trace: costly.
      noAsyncTraces: true,
    });
    this.js = jetstream(this.nc);
    if (o.manifest) {
      this.registration = new Registration(this.nc, o.plugin, o.manifest, o.subjectPrefix, (m) =>
        this.log.warn(m),
      );
      await this.registration.register();
    }
    const jsm = await jetstreamManager(this.nc);
    // The hub that owns the stream: its events are ours, another hub's are passed over.
    this.hubId = hubOfStream((await jsm.streams.info(o.stream)).config.description);
    await ensureDeadLetterStream(this.nc, o.stream, o.subjectPrefix);
    this.publisher = new StreamPublisher(this.nc);
    this.inbox = await Inbox.open(this.nc, this.publisher, o.stream, o.plugin, o.inboxTtlMs);
    const exists = await jsm.consumers.info(o.stream, o.plugin).catch(() => null);
    if (!exists) {
      await jsm.consumers.add(o.stream, {
        durable_name: o.plugin,
        // The hub it was made for, as `nats consumer info` shows it.
        ...(this.hubId
          ? { description: `${streamDescriptionOf(this.hubId)}, plugin ${o.plugin}` }
          : {}),
        ack_policy: AckPolicy.Explicit,
        deliver_policy: o.deliverFrom === 'all' ? DeliverPolicy.All : DeliverPolicy.New,
        filter_subject: `${o.subjectPrefix}.v1.${o.subjects}`,
        ack_wait: nanos(o.ackWaitMs),
        // A safety net only: the transport dead-letters an event itself after maxAttempts.
        max_deliver: o.maxAttempts + 2,
        max_ack_pending: Math.max(o.concurrency * 4, 64),
      });
    }
    const consumer = await this.js.consumers.get(o.stream, o.plugin);
    if (this.closing) throw new Error('closing');
    this.messages = await consumer.consume({ max_messages: Math.max(o.concurrency * 2, 16) });
    this.loop = this.consumeLoop(this.messages);
    this.registration?.startHeartbeat(o.heartbeatMs);
    this.log.log(`consuming ${o.stream} as ${o.plugin}`);
  }

  /**
   * Pumps events; when an operator re-creates the consumer (`casehub replay`), the client stops
   * pulling from it, so take up the new one under the same name.
   */
  private async consumeLoop(first: ConsumerMessages): Promise<void> {
    let messages = first;
    for (;;) {
      void this.watchForDeletion(messages);
      await this.pump(messages);
      if (this.closing) return;
      for (let wait = 250; !this.closing; wait = Math.min(wait * 2, 5_000)) {
        try {
          const consumer = await this.js!.consumers.get(this.opts.stream, this.opts.plugin);
          messages = await consumer.consume({
            max_messages: Math.max(this.opts.concurrency * 2, 16),
          });
          this.messages = messages;
          this.inbox?.forget(); // `casehub replay --forget` purges the bucket before it
          this.log.log(`consumer ${this.opts.plugin} was re-created: consuming again`);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, wait));
        }
      }
      if (this.closing) return;
    }
  }

  private async watchForDeletion(messages: ConsumerMessages): Promise<void> {
    for await (const s of messages.status()) {
      if (s.type === 'consumer_deleted') {
        messages.stop();
        return;
      }
    }
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      const event = this.parse(msg);
      if (!event || !this.ofThisHub(msg, event)) continue;
      // Wait for the case's previous event (perhaps on another replica) outside the queue,
      // so a retried predecessor coming back to this replica is never stuck behind it.
      const earlier = this.inHand.get(event.subject);
      const work = this.awaitPredecessor(
        msg,
        event,
        earlier && earlier.sequence < (event.sequence ?? 0) ? earlier.work : undefined,
      )
        .then((go) =>
          // One case at a time, in stream order; different cases side by side.
          go ? this.queue.run(event.subject, () => this.handle(msg, event)) : undefined,
        )
        .catch((err: unknown) => this.log.error(`event ${event.id}: ${describeError(err)}`));
      const mine = event.sequence === undefined ? null : { sequence: event.sequence, work };
      if (mine) this.inHand.set(event.subject, mine);
      this.inFlight.add(work);
      void work.finally(() => {
        this.inFlight.delete(work);
        if (mine && this.inHand.get(event.subject) === mine) this.inHand.delete(event.subject);
      });
    }
  }

  /** An event another hub published into this hub's stream is acknowledged and passed over. */
  private ofThisHub(msg: JsMsg, event: CloudEvent): boolean {
    if (isEventOfHub(event, this.hubId)) return true;
    msg.ack();
    if (!this.foreignHubs.has(event.hubid!)) {
      this.foreignHubs.add(event.hubid!);
      this.log.warn(
        `${this.opts.stream} belongs to hub ${this.hubId}, but event ${event.id} is of hub ` +
          `${event.hubid}: passed over, as every event of that hub will be`,
      );
    }
    return false;
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

  /**
   * Handles one event: judged a redelivery by its case's progress (or, for an event without a
   * sequence, its own key), handled, recorded, acknowledged.
   */
  private async handle(msg: JsMsg, event: CloudEvent): Promise<void> {
    const name = eventNameOfType(event.type) ?? event.type;
    const handler = this.handlerFor(name);
    const sequence = event.sequence;
    const redelivered = msg.info.deliveryCount > 1;
    try {
      // A redelivery asks the bucket: the copy in memory may not have caught up yet.
      const known =
        sequence === undefined ? undefined : await this.inbox!.read(event.subject, redelivered);
      if (handler) {
        const handled =
          sequence === undefined
            ? 'ask-event-key'
            : wasHandled(known!.progress, sequence, redelivered);
        if (handled === true || (handled === 'ask-event-key' && (await this.inbox!.has(event.id))))
          return await this.doneAndAck(msg, event, known); // handled already: a redelivery
        const result = await handler(
          event,
          new JetStreamContext([msg, event, this.opts.maxAttempts]),
        );
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        // Only the event's own key can say it was handled where the case's progress cannot.
        if (sequence === undefined || (known!.progress && sequence <= known!.progress.legacyUpTo))
          await this.inbox!.remember(event.id);
      }
      // Events this plugin does not handle still move the case on, so the next one may go.
      await this.doneAndAck(msg, event, known);
    } catch (err) {
      if (err instanceof HandleLater) {
        msg.nak(Math.max(0, Math.round(err.delayMs)));
        return;
      }
      const attempt = msg.info.deliveryCount;
      const error = describeError(err);
      if (attempt >= this.opts.maxAttempts || isPermanent(err)) {
        this.log.error(`${name} ${event.id} failed ${attempt} times, dead-lettered: ${error}`);
        await this.deadLetter(msg, name, error, event.id);
        await this.done(event, false); // a parked event must not hold its case back
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

  private handlerFor(name: string): MessageHandler | null {
    let handler = this.handlers.get(name);
    if (handler === undefined) {
      handler = this.getHandlerByPattern(name);
      this.handlers.set(name, handler);
    }
    return handler;
  }

  /** Handlers added after the first events (unusual) are looked up again. */
  override addHandler(...args: Parameters<Server['addHandler']>): void {
    this.handlers.clear();
    super.addHandler(...args);
  }

  /**
   * Records the event as handled and acknowledges it, both in one write to the socket (the
   * record is sent first): one packet instead of a round trip and then a packet. The effect is
   * done by then, so the ack does not wait for the record's answer: a record that still fails
   * (it is retried against the latest progress first) only delays the case's next event.
   */
  private async doneAndAck(msg: JsMsg, event: CloudEvent, known?: CaseRead): Promise<void> {
    const recorded = this.done(event, true, known);
    // Leaves with the turn's other publishes (PublishBatch), as msg.ack() would alone.
    const reply = (msg as JsMsg & { reply?: string }).reply;
    if (reply) PublishBatch.of(this.nc!).publish(reply, ACK_PAYLOAD);
    else msg.ack();
    try {
      await recorded;
    } catch (err) {
      this.log.error(
        `event ${event.id} was handled but not recorded (${describeError(err)}); ` +
          `case ${event.subject} may wait up to orderWaitMs for it`,
      );
    }
  }

  /**
   * Replicas share one consumer, so a case's next event may reach one replica while another
   * still handles the one before. Each event carries its case's `sequence`: wait (keeping the
   * delivery alive) until the previous one is done, for at most `orderWaitMs`. `earlier` is
   * the case's previous event if this process holds it. Resolves to false to leave the event
   * (shutting down).
   */
  private async awaitPredecessor(
    msg: JsMsg,
    event: CloudEvent,
    earlier?: Promise<unknown>,
  ): Promise<boolean> {
    // Order between replicas needs every event of a case; with a narrower filter, per replica only.
    if (this.opts.subjects !== '>' || event.sequence === undefined || event.sequence <= 1)
      return true;
    let earlierDone = !earlier;
    void earlier?.finally(() => (earlierDone = true));
    const started = Date.now();
    // What is in memory first (a redelivery asks the bucket), then the bucket while waiting.
    let fresh = msg.info.deliveryCount > 1;
    for (;;) {
      // Held here (e.g. two events of one commit): read the case once it is done, not before.
      if (!earlierDone && !this.closing && Date.now() - started <= this.opts.orderWaitMs) {
        msg.working();
        await wait(1000, earlier);
        continue;
      }
      const last = (await this.inbox!.read(event.subject, fresh)).progress?.done ?? null;
      fresh = true;
      // Shutting down: leave it unacknowledged, JetStream gives it to a replica that stays.
      if (this.closing) {
        msg.nak();
        return false;
      }
      if (last !== null && last >= event.sequence - 1) return true; // the predecessor is done
      // A case never seen: its first events may be in hand elsewhere, or the plugin joined
      // after them (deliverFrom 'new', retention). Give them a moment, then go.
      const limit =
        last === null
          ? Math.min(UNKNOWN_CASE_GRACE_MS, this.opts.orderWaitMs)
          : this.opts.orderWaitMs;
      if (Date.now() - started > limit) {
        if (last !== null)
          this.log.warn(
            `case ${event.subject}: event ${event.sequence - 1} still missing; handling ${event.sequence}`,
          );
        return true;
      }
      msg.working();
      await (earlierDone ? wait(25) : wait(1000, earlier));
    }
  }

  /** Moves the case on past the event; sends the write before its first await when `known`. */
  private async done(event: CloudEvent, handled: boolean, known?: CaseRead): Promise<void> {
    if (event.sequence === undefined) return;
    const from = known ?? (await this.inbox!.read(event.subject));
    await this.inbox!.complete(event.subject, event.sequence, handled, from);
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
    this.closing = true;
    await this.starting?.catch(() => undefined); // a start under way finishes (or fails) first
    this.registration?.stop();
    await this.messages?.close();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    await this.queue.idle();
    await this.inbox?.close();
    this.publisher?.close();
    const nc = this.nc;
    if (nc && !nc.isClosed()) await nc.drain().catch(() => nc.close());
  }

  on(): never {
    throw new Error('JetStreamTransport has no events to listen to');
  }

  unwrap<T>(): T {
    if (!this.nc) throw new Error('JetStreamTransport is not connected yet');
    return this.nc as T;
  }
}

/** Resolves after `ms`, or as soon as `early` settles. */
function wait(ms: number, early?: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void early?.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Handlers' errors reach the transport as Errors or, through Nest's RPC layer, as plain objects. */
function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && 'message' in err) return String(err.message);
  return typeof err === 'string' ? err : JSON.stringify(err);
}

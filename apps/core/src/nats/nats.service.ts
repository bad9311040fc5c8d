import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, StorageType, type JetStreamClient } from '@nats-io/jetstream';
import { CORE_CONFIG } from '../config/config.module.js';
import type { NatsConfig } from './nats.config.js';
import { StreamPublisher } from '@casehub/plugin-sdk';
import { hubOfStream, streamDescriptionOf } from '@casehub/domain';
import { HubService } from '../hub/hub.service.js';

/** The stream belongs to another hub: this core must not publish to it or consume from it. */
export class StreamOfAnotherHub extends Error {}

/**
 * The core's NATS connection. Start-up never waits for NATS: the API takes cases while NATS is
 * away (they wait in the outbox) and /health/ready says so.
 */
@Injectable()
export class NatsService implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(NatsService.name);
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private streamPublisher: StreamPublisher | null = null;
  private streamReady = false;
  private closed = false;
  private online = false;
  private readonly connectListeners: ((nc: NatsConnection) => void)[] = [];
  private markStreamOwned!: () => void;
  /** Resolves once the stream is known to be this hub's (never, if it is another's). */
  readonly streamOwned = new Promise<void>((resolve) => (this.markStreamOwned = resolve));
  private readonly fatalListeners: ((err: StreamOfAnotherHub) => void)[] = [];
  private refusal: StreamOfAnotherHub | null = null;

  /** Runs `listener` when the core must not go on (its stream belongs to another hub). */
  onFatal(listener: (err: StreamOfAnotherHub) => void): void {
    this.fatalListeners.push(listener);
  }

  /** Runs `listener` once connected (subscriptions made there survive reconnects). */
  onConnected(listener: (nc: NatsConnection) => void): void {
    if (this.nc && !this.nc.isClosed()) listener(this.nc);
    else this.connectListeners.push(listener);
  }

  /** The connection, or null before the first connect. */
  connection(): NatsConnection | null {
    return this.nc;
  }

  constructor(
    @Inject(CORE_CONFIG) private readonly cfg: NatsConfig,
    private readonly hub: HubService,
  ) {}

  onModuleInit(): void {
    void this.start();
  }

  private async start(): Promise<void> {
    const slow = setTimeout(
      () =>
        this.log.warn(
          `NATS at ${this.cfg.NATS_URL} does not answer yet; events wait in the outbox`,
        ),
      5000,
    );
    try {
      this.nc = await connect({
        servers: this.cfg.NATS_URL.split(','),
        name: 'casehub-core',
        waitOnFirstConnect: true,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        // Else every publish captures a stack trace for an error it almost never raises.
        noAsyncTraces: true,
      });
      if (this.closed) return void (await this.nc.close());
      this.js = jetstream(this.nc);
      this.streamPublisher = new StreamPublisher(this.nc);
      this.online = true;
      this.log.log(`connected to NATS at ${this.nc.getServer()}`);
      for (const listener of this.connectListeners) listener(this.nc);
      void this.watchStatus(this.nc);
      await this.ensureStream();
    } catch (err) {
      if (err instanceof StreamOfAnotherHub) this.refuse(err);
      else if (!this.closed) this.log.error({ err }, 'NATS connection failed');
    } finally {
      clearTimeout(slow);
    }
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') {
        this.online = false;
        this.log.warn(`NATS disconnected; events wait in the outbox`);
      }
      if (s.type === 'reconnect') {
        this.online = true;
        this.log.log(`NATS reconnected`);
        this.streamReady = false;
        await this.ensureStream().catch((err: unknown) =>
          err instanceof StreamOfAnotherHub
            ? this.refuse(err)
            : this.log.error({ err }, 'stream check failed'),
        );
      }
    }
  }

  /** Creates the event stream if it is missing (idempotent; several replicas may race). */
  async ensureStream(): Promise<void> {
    if (!this.nc) throw new Error('NATS is not connected');
    const jsm = await jetstreamManager(this.nc);
    const hubId = await this.hub.load();
    const config = {
      name: this.cfg.NATS_STREAM,
      description: streamDescriptionOf(hubId),
      subjects: [`${this.cfg.NATS_SUBJECT_PREFIX}.v1.>`],
      storage: StorageType.File,
      num_replicas: this.cfg.NATS_STREAM_REPLICAS,
      duplicate_window: nanos(this.cfg.NATS_DUPLICATE_WINDOW_SECONDS * 1000),
      max_age: nanos(this.cfg.NATS_STREAM_MAX_AGE_DAYS * 24 * 3600 * 1000),
      max_bytes: this.cfg.NATS_STREAM_MAX_MB ? this.cfg.NATS_STREAM_MAX_MB * 1024 * 1024 : -1,
    };
    try {
      const { config: current } = await jsm.streams.info(config.name);
      this.checkOwner(hubOfStream(current.description), hubId);
      // The settings an operator may change later are brought in line at start-up; a stream
      // made before hubs had ids is claimed.
      const drift = (
        ['description', 'num_replicas', 'duplicate_window', 'max_age', 'max_bytes'] as const
      ).filter((k) => current[k] !== config[k]);
      if (drift.length) {
        await jsm.streams.update(config.name, { ...current, ...config }).then(
          () => this.log.log(`updated stream ${config.name}: ${drift.join(', ')}`),
          (err: unknown) =>
            this.log.error(
              { err },
              `stream ${config.name} keeps its settings (${drift.join(', ')})`,
            ),
        );
      }
    } catch (err) {
      if (!isStreamNotFound(err)) throw err;
      try {
        await jsm.streams.add(config);
        this.log.log(`created stream ${config.name} on ${config.subjects[0]}`);
      } catch (err) {
        // Another replica created it first: fine as long as it exists now, and is ours.
        const { config: current } = await jsm.streams.info(config.name).catch(() => {
          throw err;
        });
        this.checkOwner(hubOfStream(current.description), hubId);
      }
    }
    this.streamReady = true;
    this.markStreamOwned();
  }

  private refuse(err: StreamOfAnotherHub): void {
    this.refusal = err;
    this.log.fatal(err.message);
    for (const listener of this.fatalListeners) listener(err);
  }

  private checkOwner(owner: string | undefined, hubId: string): void {
    if (!owner || owner === hubId) return;
    if (this.cfg.NATS_STREAM_ADOPT) {
      this.log.warn(
        `NATS_STREAM_ADOPT: taking over stream ${this.cfg.NATS_STREAM} from hub ${owner}`,
      );
      return;
    }
    throw new StreamOfAnotherHub(
      `The NATS stream ${this.cfg.NATS_STREAM} belongs to another hub (${owner}), made with ` +
        `another database; this hub is ${hubId}. Two hubs on one NATS server each need their own ` +
        `stream and subjects: set NATS_STREAM and NATS_SUBJECT_PREFIX (e.g. CASEHUB_B and ` +
        `casehub-b) for this one. If the other hub is gone for good (you started over with an ` +
        `empty database), set NATS_STREAM_ADOPT=true once to take its stream over.`,
    );
  }

  /** The JetStream client, or null while NATS is unreachable or the stream is not there. */
  jetstream(): JetStreamClient | null {
    return this.nc && !this.nc.isClosed() && this.online && this.streamReady ? this.js : null;
  }

  /** Publishes into the stream many at a time (the relay), or null as jetstream() is. */
  publisher(): StreamPublisher | null {
    return this.jetstream() ? this.streamPublisher : null;
  }

  /** Why isReady() is false, for /health/ready. */
  notReadyBecause(): string {
    return this.refusal?.message ?? 'NATS not connected or stream missing';
  }

  /** Connected, with the stream in place: what /health/ready reports. */
  isReady(): boolean {
    return this.jetstream() !== null;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.nc && !this.nc.isClosed()) await this.nc.drain().catch(() => this.nc?.close());
    this.streamPublisher?.close();
  }
}

function isStreamNotFound(err: unknown): boolean {
  return /stream not found/i.test((err as Error)?.message ?? '');
}

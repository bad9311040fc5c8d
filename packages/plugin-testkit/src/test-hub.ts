import { randomBytes, randomUUID } from 'node:crypto';
import type {
  DynamicModule,
  INestApplicationContext,
  INestMicroservice,
  Type,
} from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  buildEvent,
  subjectOf,
  type CloudEvent,
  type EventMapV1,
  type EventName,
} from '@casehub/domain';
import {
  CoreClient,
  createPluginApp,
  deadLetterEvent,
  DeadLetters,
  InboundPublisher,
  pluginHttpUrl,
  type DeadLetter,
  type HttpPluginDefinition,
  type JetStreamTransportOptions,
  type NestFastifyApplication,
  type PluginDefinition,
} from '@casehub/plugin-sdk';
import { CoreProcess, resolveCoreEntry } from './core-process.js';
import { postgresDatabase, sqliteDatabase, type ThrowAwayDatabase } from './database.js';

export interface TestHubOptions {
  /** `sqlite` (default; or CASEHUB_TESTKIT_DATABASE) or `postgres`. */
  database?: 'sqlite' | 'postgres';
  /** For `postgres`: a connection allowed to CREATE DATABASE. Default CASEHUB_TESTKIT_PG_URL, else postgres://postgres@127.0.0.1:5432/postgres. */
  postgresUrl?: string;
  /** Default NATS_URL, else nats://127.0.0.1:4222. */
  natsUrl?: string;
  /** The built core's dist/main.js. Default CASEHUB_CORE_ENTRY, else the installed @casehub/core. */
  coreEntry?: string;
  /** More settings for the core (see docs/configuration.md). */
  coreEnv?: Record<string, string>;
}

export interface StartPluginOptions {
  /** The plugin's own settings (what its config schema validates). */
  env?: Record<string, string>;
  /** Delivery overrides. Tests get quick retries (100, 200, 400 ms) unless they say otherwise. */
  delivery?: Omit<JetStreamTransportOptions, 'plugin' | 'manifest'>;
  /**
   * Where a plugin that serves HTTP listens. Default any free port on 127.0.0.1, whatever its
   * settings say; the app's `url` tells where.
   */
  http?: { port?: number; host?: string };
}

/** What `hub.startPlugin` returns: the plugin's NestJS app, and for one that serves HTTP, where. */
export type StartedPlugin<App = INestMicroservice> = App & {
  /** `http://127.0.0.1:<port>` for a plugin whose definition has `http`, else undefined. */
  readonly url: App extends NestFastifyApplication ? string : string | undefined;
};

export type DeadLetterWithEvent = DeadLetter & { event: CloudEvent };

/**
 * A CaseHub hub of its own for one test file: a real core (child process) on a free port with
 * its own database, its own JetStream stream and subject prefix on the real NATS, so tests never
 * see each other's events. `stop()` removes all of it.
 */
export class TestHub {
  /** The core's REST API, as an admin. */
  readonly core: CoreClient;
  private readonly plugins = new Set<INestApplicationContext>();
  private readonly deadLetterStore: DeadLetters;

  private constructor(
    /** The settings a plugin (or anything else) needs to join this hub. */
    readonly env: Readonly<Record<string, string>>,
    readonly nc: NatsConnection,
    private coreProcess: CoreProcess,
    /** How the core was started, to start it again (`restartCore`). */
    private readonly coreStart: { entry: string; env: Record<string, string> },
    private readonly database: ThrowAwayDatabase,
  ) {
    this.core = new CoreClient({ url: env.CASEHUB_URL, apiKey: env.CASEHUB_API_KEY });
    this.deadLetterStore = new DeadLetters(nc, env.NATS_STREAM, env.NATS_SUBJECT_PREFIX);
  }

  static async start(options: TestHubOptions = {}): Promise<TestHub> {
    const run = randomBytes(4).toString('hex');
    const natsUrl = options.natsUrl ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
    const kind = options.database ?? process.env.CASEHUB_TESTKIT_DATABASE ?? 'sqlite';
    const database =
      kind === 'postgres'
        ? await postgresDatabase(
            options.postgresUrl ??
              process.env.CASEHUB_TESTKIT_PG_URL ??
              'postgres://postgres@127.0.0.1:5432/postgres',
            `casehub_testkit_${run}`,
          )
        : await sqliteDatabase();
    const adminKey = `testkit-admin-${randomBytes(16).toString('hex')}`;
    const env: Record<string, string> = {
      NATS_URL: natsUrl,
      NATS_STREAM: `TESTKIT_${run}`,
      NATS_SUBJECT_PREFIX: `testkit${run}.casehub`,
    };
    let core: CoreProcess;
    const coreStart = {
      entry: resolveCoreEntry(options.coreEntry),
      env: {
        ...env,
        ...database.env,
        NATS_EMBEDDED: 'never',
        CASEHUB_ADMIN_KEY: adminKey,
        LOG_LEVEL: 'warn',
        LOG_HTTP: 'false',
        OUTBOX_POLL_MS: '50',
        PLUGIN_DOWN_AFTER_SECONDS: '5',
        ...options.coreEnv,
      },
    };
    try {
      core = await CoreProcess.start(coreStart.entry, coreStart.env);
    } catch (err) {
      await database.drop();
      throw err;
    }
    const nc = await connect({ servers: natsUrl.split(','), name: `casehub-testkit-${run}` });
    return new TestHub(
      { ...env, CASEHUB_URL: core.url, CASEHUB_API_KEY: adminKey },
      nc,
      core,
      coreStart,
      database,
    );
  }

  /**
   * Stops the core (SIGTERM) and runs `whileDown`, then starts it again on the same port and
   * database: what a plugin does while the core restarts or is deployed. Resolves when it is
   * ready again.
   */
  async restartCore(whileDown?: () => Promise<void>): Promise<void> {
    await this.coreProcess.stop();
    try {
      await whileDown?.();
    } finally {
      const port = Number(new URL(this.env.CASEHUB_URL).port);
      this.coreProcess = await CoreProcess.start(this.coreStart.entry, this.coreStart.env, port);
    }
  }

  get stream(): string {
    return this.env.NATS_STREAM;
  }

  get subjectPrefix(): string {
    return this.env.NATS_SUBJECT_PREFIX;
  }

  /** What the core printed lately: worth showing when a test fails. */
  get coreLog(): string {
    return this.coreProcess.log;
  }

  /**
   * Starts a plugin in this process against the hub; `stop()` stops it too (unless the test
   * closed it already). One that serves HTTP listens on a free port of 127.0.0.1: `app.url`.
   */
  async startPlugin<C>(
    definition: HttpPluginDefinition<C>,
    pluginModule: Type | DynamicModule,
    options?: StartPluginOptions,
  ): Promise<StartedPlugin<NestFastifyApplication>>;
  async startPlugin<C>(
    definition: PluginDefinition<C>,
    pluginModule: Type | DynamicModule,
    options?: StartPluginOptions,
  ): Promise<StartedPlugin<INestMicroservice>>;
  async startPlugin<C>(
    definition: PluginDefinition<C>,
    pluginModule: Type | DynamicModule,
    options: StartPluginOptions = {},
  ): Promise<StartedPlugin<INestMicroservice | NestFastifyApplication>> {
    const app: INestApplicationContext = await createPluginApp(definition, pluginModule, {
      env: { ...this.env, ...options.env },
      transport: { retryDelaysMs: [100, 200, 400], heartbeatMs: 1_000, ...options.delivery },
      logger: ['error', 'warn'],
      http: definition.http
        ? { port: options.http?.port ?? 0, host: options.http?.host ?? '127.0.0.1' }
        : options.http,
    });
    this.plugins.add(app);
    const url = pluginHttpUrl(app);
    const close = async () => {
      this.plugins.delete(app);
      await app.close();
    };
    // A view of Nest's app (itself a proxy that ignores assignments) with `url`, and a close()
    // that `stop()` knows of, so a plugin the test closed is not torn down a second time.
    return new Proxy(app, {
      get: (target, prop, receiver) =>
        prop === 'url' ? url : prop === 'close' ? close : Reflect.get(target, prop, receiver),
      has: (target, prop) => prop === 'url' || Reflect.has(target, prop),
    }) as StartedPlugin<INestMicroservice>;
  }

  /**
   * Publishes an event as the core's relay would (for a plugin's tests that need an exact event;
   * most tests rather change a case through `core` and let the core emit it). With `unchecked`
   * the data goes out even where it breaks the contract, to test a plugin's defences.
   */
  async publish<N extends EventName>(
    name: N,
    data: EventMapV1[N],
    meta: { id?: string; subject?: string; unchecked?: boolean } = {},
  ): Promise<CloudEvent<N>> {
    const caseId = (data as { case?: { id?: string } }).case?.id;
    const envelope = {
      id: meta.id ?? randomUUID(),
      source: '/casehub/testkit',
      time: new Date(),
      subject: meta.subject ?? caseId ?? randomUUID(),
    };
    // `unchecked`: the data as given, even where it breaks the contract (a plugin's defences).
    const event = meta.unchecked
      ? buildEvent(name, data, envelope, { validate: false })
      : buildEvent(name, data, envelope);
    await jetstream(this.nc).publish(subjectOf(name, this.subjectPrefix), JSON.stringify(event), {
      msgID: event.id,
    });
    return event;
  }

  /** Publishes inbound contacts as plugin `plugin` would. */
  inbound(plugin: string): InboundPublisher {
    return new InboundPublisher(this.nc, { plugin, subjectPrefix: this.subjectPrefix });
  }

  /** Every event in the hub's stream so far, oldest first (optionally one kind only). */
  async events<N extends EventName>(name?: N): Promise<CloudEvent<N>[]> {
    const jsm = await jetstreamManager(this.nc);
    const filter = name ? subjectOf(name, this.subjectPrefix) : `${this.subjectPrefix}.v1.>`;
    const consumer = `testkit_reader_${randomBytes(3).toString('hex')}`;
    await jsm.consumers.add(this.stream, {
      name: consumer,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      inactive_threshold: 30_000_000_000,
    });
    const out: CloudEvent<N>[] = [];
    try {
      const c = await jetstream(this.nc).consumers.get(this.stream, consumer);
      const pending = (await c.info()).num_pending;
      if (pending > 0) {
        for await (const m of await c.fetch({ max_messages: pending, expires: 5_000 })) {
          out.push(m.json<CloudEvent<N>>());
          if (out.length >= pending) break;
        }
      }
    } finally {
      await jsm.consumers.delete(this.stream, consumer).catch(() => undefined);
    }
    return out;
  }

  /** What plugins gave up on (all of them, or one), with the error and the event. */
  async deadLetters(plugin?: string): Promise<DeadLetterWithEvent[]> {
    const letters = await this.deadLetterStore.list(plugin);
    return letters.map((l) => ({ ...l, event: deadLetterEvent(l) }));
  }

  /** Stops the plugins and the core, then removes the streams, buckets and database. */
  async stop(): Promise<void> {
    for (const app of [...this.plugins]) await app.close().catch(() => undefined);
    await this.coreProcess.stop();
    // The event stream, its dead letters and the plugins' key-value buckets (KV_…<stream>…).
    const jsm = await jetstreamManager(this.nc);
    for await (const name of jsm.streams.names()) {
      if (name.includes(this.stream)) await jsm.streams.delete(name).catch(() => undefined);
    }
    await this.nc.close();
    await this.database.drop();
  }
}

/** `const hub = await startTestHub()` in `beforeAll`, `await hub.stop()` in `afterAll`. */
export function startTestHub(options?: TestHubOptions): Promise<TestHub> {
  return TestHub.start(options);
}

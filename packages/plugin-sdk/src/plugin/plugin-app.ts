import 'reflect-metadata';
import {
  Module,
  type DynamicModule,
  type INestMicroservice,
  type LoggerService,
  type LogLevel,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect } from '@nats-io/transport-node';
import { JetStreamTransport } from '../jetstream.server.js';
import type { JetStreamTransportOptions } from '../jetstream.options.js';
import { PluginErrorFilter } from '../plugin-error.filter.js';
import { InboundPublisher } from '../inbound-publisher.js';
import { CoreClient } from '../core-client/core-client.js';
import type {
  HttpPluginDefinition,
  PluginDefinition,
  PluginEnv,
  PluginHttpOptions,
} from './define-plugin.js';
import { loadPluginConfig } from './plugin-config.js';
import { pluginLogger } from './plugin-logger.js';
import { PLUGIN_CONFIG, PluginContext } from './plugin-context.js';

export interface PluginAppOptions {
  /** Where settings come from. Default process.env. */
  env?: PluginEnv;
  /** Transport settings that win over the environment and the definition (tests use this). */
  transport?: Omit<JetStreamTransportOptions, 'plugin' | 'manifest'>;
  logger?: LoggerService | LogLevel[] | false;
  /**
   * Where a plugin that serves HTTP listens, winning over its definition's `http()`: tests use
   * `{ port: 0, host: '127.0.0.1' }` (any free port, this machine only; `pluginHttpUrl(app)` gives
   * the URL). Only for a definition with `http`.
   */
  http?: { port?: number; host?: string };
}

/**
 * Builds a plugin and starts consuming: validates its settings (PluginConfigError names each bad
 * variable), connects to NATS, registers with the core and takes events. Besides the plugin's
 * own providers, its module can inject the settings (`@InjectPluginConfig()`), PluginContext,
 * InboundPublisher (hand customer contacts to the core) and CoreClient (the REST API).
 *
 * A plugin whose definition has `http` also serves its module's HTTP controllers on Fastify (one
 * NestJS app, events and requests side by side) and is returned as a `NestFastifyApplication`,
 * listening; `pluginHttpUrl(app)` says where. `close()` stops taking events and finishes those in
 * hand, then stops the HTTP server (in-flight requests finish) and the rest.
 */
export function createPluginApp<C>(
  definition: HttpPluginDefinition<C>,
  pluginModule: Type | DynamicModule,
  options?: PluginAppOptions,
): Promise<NestFastifyApplication>;
export function createPluginApp<C>(
  definition: PluginDefinition<C>,
  pluginModule: Type | DynamicModule,
  options?: PluginAppOptions,
): Promise<INestMicroservice>;
export async function createPluginApp<C>(
  definition: PluginDefinition<C>,
  pluginModule: Type | DynamicModule,
  options: PluginAppOptions = {},
): Promise<INestMicroservice | NestFastifyApplication> {
  if (options.http && !definition.http) {
    throw new Error(
      `the ${definition.name} plugin serves no HTTP (its definition has no http()), yet options.http was given`,
    );
  }
  const env = options.env ?? process.env;
  const config = await loadPluginConfig(definition, env);
  const transport: JetStreamTransportOptions = {
    servers: env.NATS_URL || 'nats://127.0.0.1:4222',
    stream: env.NATS_STREAM || 'CASEHUB',
    subjectPrefix: env.NATS_SUBJECT_PREFIX || 'casehub',
    ...definition.delivery,
    ...options.transport,
    plugin: definition.name,
    manifest: {
      version: definition.version,
      consumes: [...definition.consumes],
      channels: [...(definition.channels ?? [])],
      description: definition.description,
    },
  };
  const servers = transport.servers!;
  // Waits for NATS like the transport does: a plugin may start before the hub.
  const nc = await connect({
    servers: Array.isArray(servers) ? servers : servers.split(','),
    name: `casehub-plugin-${definition.name}-app`,
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    noAsyncTraces: true, // no stack trace captured per request: a quarter of a busy plugin's CPU
  });
  const context = new PluginContext(
    definition.name,
    transport.stream!,
    transport.subjectPrefix!,
    nc,
  );

  @Module({})
  class PluginRuntimeModule {}
  const runtime: DynamicModule = {
    module: PluginRuntimeModule,
    global: true,
    providers: [
      { provide: PLUGIN_CONFIG, useValue: config },
      { provide: PluginContext, useValue: context },
      {
        provide: InboundPublisher,
        useValue: new InboundPublisher(nc, {
          plugin: definition.name,
          subjectPrefix: transport.subjectPrefix,
        }),
      },
      {
        provide: CoreClient,
        useValue: new CoreClient({
          url: env.CASEHUB_URL || `http://127.0.0.1:${env.PORT || 3000}`,
          apiKey: env.CASEHUB_API_KEY || undefined,
        }),
      },
    ],
    exports: [PLUGIN_CONFIG, PluginContext, InboundPublisher, CoreClient],
  };

  @Module({ imports: [runtime, pluginModule] })
  class PluginRootModule {}

  const strategy = new JetStreamTransport(transport);
  const logger = { logger: options.logger ?? pluginLogger(env) };
  let app: INestMicroservice | NestFastifyApplication | undefined;
  try {
    if (definition.http) {
      const http: PluginHttpOptions = { ...definition.http(config), ...definedOnly(options.http) };
      const { FastifyAdapter } = await import('@nestjs/platform-fastify');
      class PluginFastifyAdapter extends FastifyAdapter {
        private stopping = false;

        constructor(opts: { trustProxy: boolean | string | string[] }) {
          super(opts);
          // A keep-alive connection whose request was in flight at close() would hold the
          // server open until it times out (72 s): its answer closes it instead.
          this.getInstance().addHook('onSend', (_req, reply, payload, done) => {
            if (this.stopping) void reply.header('connection', 'close');
            done(null, payload);
          });
        }

        // The first step of Nest's shutdown: as without HTTP, the events and requests in hand
        // finish before any provider is torn down (Nest would stop both after onModuleDestroy).
        // Typed void in FastifyAdapter, but Nest awaits it (NestApplication.prepareClose).
        // eslint-disable-next-line @typescript-eslint/no-misused-promises
        override async beforeClose(): Promise<void> {
          this.stopping = true;
          super.beforeClose();
          await Promise.all([strategy.close(), this.getInstance().close()]);
        }
      }
      const web = await NestFactory.create<NestFastifyApplication>(
        PluginRootModule,
        new PluginFastifyAdapter({ trustProxy: http.trustProxy ?? false }),
        // Nest's own parsers: JSON and HTML forms (urlencoded), the bytes kept for signatures.
        { rawBody: true, ...logger },
      );
      app = web;
      // Deferred, or the filter would come too late: the handlers are wired when connected.
      const events = web.connectMicroservice({ strategy }, { deferInitialization: true });
      events.useGlobalFilters(new PluginErrorFilter()); // the events only: HTTP keeps Nest's
      // The app runs the lifecycle hooks (onModuleInit, ...) once for both.
      (events as { setIsInitHookCalled?: (called: boolean) => void }).setIsInitHookCalled?.(true);
      await definition.configureHttp?.(web, config);
      await web.init();
      // Listening first: a port in use fails the start before the plugin registers or takes events.
      await web.listen(http.port, http.host ?? '0.0.0.0');
      await web.startAllMicroservices();
      return web;
    }
    const microservice = await NestFactory.createMicroservice(PluginRootModule, {
      strategy,
      ...logger,
    });
    app = microservice;
    microservice.useGlobalFilters(new PluginErrorFilter());
    await microservice.listen();
    return microservice;
  } catch (err) {
    await app?.close().catch(() => undefined);
    if (!nc.isClosed()) await nc.close();
    throw err;
  }
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(o ?? {}).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

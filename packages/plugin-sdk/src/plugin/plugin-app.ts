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
import { connect } from '@nats-io/transport-node';
import { JetStreamTransport } from '../jetstream.server.js';
import type { JetStreamTransportOptions } from '../jetstream.options.js';
import { PluginErrorFilter } from '../plugin-error.filter.js';
import { InboundPublisher } from '../inbound-publisher.js';
import { CoreClient } from '../core-client/core-client.js';
import type { PluginDefinition, PluginEnv } from './define-plugin.js';
import { loadPluginConfig } from './plugin-config.js';
import { PLUGIN_CONFIG, PluginContext } from './plugin-context.js';

export interface PluginAppOptions {
  /** Where settings come from. Default process.env. */
  env?: PluginEnv;
  /** Transport settings that win over the environment and the definition (tests use this). */
  transport?: Omit<JetStreamTransportOptions, 'plugin' | 'manifest'>;
  logger?: LoggerService | LogLevel[] | false;
}

/**
 * Builds a plugin and starts consuming: validates its settings (PluginConfigError names each bad
 * variable), connects to NATS, registers with the core and takes events. Besides the plugin's
 * own providers, its module can inject the settings (`@InjectPluginConfig()`), PluginContext,
 * InboundPublisher (hand customer contacts to the core) and CoreClient (the REST API).
 */
export async function createPluginApp<C>(
  definition: PluginDefinition<C>,
  pluginModule: Type | DynamicModule,
  options: PluginAppOptions = {},
): Promise<INestMicroservice> {
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

  let app: INestMicroservice | undefined;
  try {
    app = await NestFactory.createMicroservice(PluginRootModule, {
      strategy: new JetStreamTransport(transport),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    app.useGlobalFilters(new PluginErrorFilter());
    await app.listen();
    return app;
  } catch (err) {
    await app?.close().catch(() => undefined);
    if (!nc.isClosed()) await nc.close();
    throw err;
  }
}

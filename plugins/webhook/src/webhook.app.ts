import 'reflect-metadata';
import { Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connect } from '@nats-io/transport-node';
import {
  JetStreamTransport,
  PluginErrorFilter,
  type JetStreamTransportOptions,
} from '@casehub/plugin-sdk';
import { DELIVERABLE, type WebhookConfig } from './webhook.config.js';
import { WebhookSender } from './webhook.sender.js';
import { WebhookHandlers } from './webhook.handlers.js';
import { DeliveryLog } from './delivery-log.js';

export const VERSION = '0.1.0';

/** Builds and starts the webhook plugin (used by main.ts and the tests). */
export async function startWebhookPlugin(
  cfg: WebhookConfig,
  transport: Omit<JetStreamTransportOptions, 'plugin' | 'manifest'> = {},
): Promise<INestMicroservice> {
  const servers = transport.servers ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const stream = transport.stream ?? process.env.NATS_STREAM ?? 'CASEHUB';
  const nc = await connect({ servers: Array.isArray(servers) ? servers : servers.split(',') });
  const sender = new WebhookSender(cfg, await DeliveryLog.open(nc, stream));

  @Module({
    controllers: [WebhookHandlers],
    providers: [{ provide: WebhookSender, useValue: sender }],
  })
  class WebhookModule {}

  const app = await NestFactory.createMicroservice(WebhookModule, {
    strategy: new JetStreamTransport({
      retryDelaysMs: [1_000, 5_000, 15_000, 30_000, 60_000],
      maxAttempts: 10, // a receiver down for several minutes still gets everything
      ...transport,
      servers,
      stream,
      plugin: 'webhook',
      manifest: {
        version: VERSION,
        consumes: DELIVERABLE,
        channels: [],
        description: 'Signed CloudEvents to your URLs',
      },
    }),
    bufferLogs: false,
  });
  app.useGlobalFilters(new PluginErrorFilter());
  await app.listen();
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await nc.drain();
  };
  return app;
}

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { CoreConfig } from './core-config.js';
import { ProblemDetailsFilter } from './problems/problem-details.filter.js';
import { ProblemValidationPipe } from './problems/problem-validation.pipe.js';
import { setupOpenApi } from './openapi/openapi.js';
import { inboundTransport } from './inbound/inbound.transport.js';
import { parseSize } from './config/env.js';
import { MetricsService } from './metrics/metrics.service.js';
import { NatsService } from './nats/nats.service.js';
import { observeHttp } from './metrics/http-observability.hook.js';
import fastifyCompress from '@fastify/compress';
import { AllowedMethods } from './http/allowed-methods.js';
import { clientErrorHandler, frameworkErrors } from './http/client-errors.js';
import { refuseUnstorableText } from './http/unstorable-text.hook.js';

/** Builds the core application (used by main.ts, the tests and the benchmark). */
export async function createApp(config: CoreConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: parseSize(config.CASEHUB_MAX_BODY),
    frameworkErrors,
    clientErrorHandler,
  });
  const fastify = adapter.getInstance();
  const allowedMethods = new AllowedMethods();
  allowedMethods.attach(fastify);
  refuseUnstorableText(fastify);
  // JSON only: any other body is a 415 (Fastify's answer to a type it has no parser for).
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser(
    /^application\/[\w.-]+\+json$/,
    { parseAs: 'string' },
    fastify.getDefaultJsonParser('error', 'error'),
  );
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    bodyParser: false, // Fastify's own JSON parser only: no form bodies
  });
  app.useLogger(app.get(Logger));
  // Request bodies sent gzip-, deflate- or brotli-encoded are read (within CASEHUB_MAX_BODY once
  // decompressed); answers are not compressed here (a proxy's job, and CPU the core needs).
  await app.register(fastifyCompress, {
    globalCompression: false,
    globalDecompression: true,
    requestEncodings: ['br', 'gzip', 'deflate', 'identity'],
  });
  observeHttp(fastify, app.get(MetricsService), config.LOG_HTTP);
  app.useGlobalPipes(new ProblemValidationPipe());
  app.useGlobalFilters(
    new ProblemDetailsFilter({ maxBody: config.CASEHUB_MAX_BODY, allowedMethods }),
  );
  app.enableShutdownHooks();
  setupOpenApi(app);
  if (config.INBOUND_CONSUMER) {
    app.connectMicroservice({ strategy: inboundTransport(config) }, { inheritAppConfig: true });
    await app.init();
    // Not awaited: the API serves while NATS is away; the consumer starts once the stream is
    // there and is this hub's (never on another hub's: it would take that hub's customers).
    void app
      .get(NatsService)
      .streamOwned.then(() => app.startAllMicroservices())
      .catch((err: unknown) => app.get(Logger).error(err));
  }
  return app;
}

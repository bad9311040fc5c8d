import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { CoreConfig } from './config/config.schema.js';
import { ProblemDetailsFilter } from './problems/problem-details.filter.js';
import { ProblemValidationPipe } from './problems/problem-validation.pipe.js';
import { problems } from './problems/problem.js';
import { setupOpenApi } from './openapi/openapi.js';
import { requestContextMiddleware } from './common/request-context.js';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Builds the core application (used by main.ts, the tests and the benchmark). */
export async function createApp(config: CoreConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: config.CASEHUB_MAX_BODY, strict: true, type: JSON_TYPES });
  // After the body parser: its stream callbacks would run outside the request's context.
  app.use(requestContextMiddleware);
  app.useGlobalPipes(new ProblemValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}

/** A write with a body must say it is JSON; anything else is a 415, not a confusing 400. */
function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 ||
    req.headers['transfer-encoding'] !== undefined;
  if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is(JSON_TYPES)) {
    const got = req.headers['content-type'] ?? 'no Content-Type';
    return next(problems.unsupportedMediaType(`Send the body as application/json (got ${got}).`));
  }
  next();
}

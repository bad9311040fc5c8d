import type { FastifyInstance } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import type { MetricsService } from './metrics.service.js';

/**
 * One place sees every response, errors included: it times it by route pattern (bounded
 * labels, never the raw URL) and, with LOG_HTTP, logs one line without headers or query string
 * (so neither an Authorization value nor a searched email address reaches the logs).
 */
export function observeHttp(
  fastify: FastifyInstance,
  metrics: MetricsService,
  logRequests: boolean,
): void {
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: req.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (logRequests) {
      PinoLogger.root.info(
        {
          reqId: req.id,
          method: req.method,
          path: req.url.split('?')[0], // never the query string: searches carry emails and phones
          route,
          statusCode: reply.statusCode,
          responseTime: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request completed',
      );
    }
    done();
  });
}

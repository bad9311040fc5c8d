import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './metrics.service.js';

/** Times every response, errors included, by route pattern (never by raw URL: bounded labels). */
export function recordHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', (req, reply, done) => {
    metrics.httpDuration.observe(
      {
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}

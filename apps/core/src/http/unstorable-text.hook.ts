import type { FastifyInstance } from 'fastify';
import { findUnstorableText } from '@casehub/domain';
import { validationProblem } from '../problems/zod-problem.js';
import { sendProblem } from './send-problem.js';

/**
 * Text no database stores as sent (NUL, unpaired surrogates) is refused with a 400 naming the
 * field, on every route, in the path, the query string and the body alike. A Fastify hook, not a
 * Nest pipe: pipes also see the inbound consumer's events, whose text is cleaned instead.
 */
export function refuseUnstorableText(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (req, reply) => {
    const parts = [
      ['path', req.params],
      ['query string', req.query],
      ['body', req.body],
    ] as const;
    for (const [where, value] of parts) {
      const found = findUnstorableText(value);
      if (found.length === 0) continue;
      const issues = found.map((u) => ({ path: [...u.path], message: `${u.reason}.` }));
      return sendProblem(reply, validationProblem(issues, where).problem, req.url);
    }
  });
}

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/** Puts `ETag: "<version>"` on the answer (the value a client sends back in If-Match) and returns the case. */
export type CaseEtag = <T extends { version: number }>(view: T) => T;

/**
 * The answer's ETag setter, as a handler parameter. Not an interceptor: any interceptor makes
 * Nest run the handler through an rxjs pipeline, which cost an intake a fifth of the core's
 * CPU (0.47 → 0.38 ms per case, most of it garbage collection).
 */
export const CaseEtag = createParamDecorator((_: unknown, ctx: ExecutionContext): CaseEtag => {
  const reply = ctx.switchToHttp().getResponse<FastifyReply>();
  return (view) => {
    reply.header('ETag', `"${view.version}"`);
    return view;
  };
});

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PageRequest } from './survey-pages.service.js';

/** A request to a survey link's page: what the page logic needs, and where the answer goes. */
export interface LinkRequest extends PageRequest {
  /** The client's address (behind a trusted proxy: from X-Forwarded-For). */
  address: string;
  reply: FastifyReply;
}

/** `@SurveyLink()`: the `/s/:token` request as a LinkRequest. */
export const SurveyLink = createParamDecorator((_: unknown, ctx: ExecutionContext): LinkRequest => {
  const http = ctx.switchToHttp();
  const req =
    http.getRequest<
      FastifyRequest<{ Params: { token: string }; Querystring: { lang?: unknown } }>
    >();
  const acceptLanguage = req.headers['accept-language'];
  return {
    token: req.params.token,
    lang: req.query.lang,
    acceptLanguage: Array.isArray(acceptLanguage) ? acceptLanguage[0] : acceptLanguage,
    address: req.ip,
    reply: http.getResponse<FastifyReply>(),
  };
});

import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  DomainError,
  IllegalEscalation,
  IllegalTransition,
  InvalidIdentity,
} from '@casehub/domain';
import { problems, ProblemException, type Problem } from './problem.js';

/** body-parser and friends signal client errors with these. */
interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message: string;
}

/** Turns every error into RFC 9457 problem+json; a client's mistake is never a 5xx. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly log = new Logger('Problems');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const problem = { ...this.toProblem(error), instance: req.originalUrl };
    if (problem.status >= 500) this.log.error({ err: error, url: req.originalUrl }, problem.detail);
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="casehub"');
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(error: unknown): Problem {
    if (error instanceof ProblemException) return error.problem;
    if (error instanceof IllegalTransition) {
      return problems.illegalTransition(error.message, {
        from: error.from,
        to: error.to,
        allowed: error.allowed,
      }).problem;
    }
    if (error instanceof IllegalEscalation)
      return problems.illegalEscalation(error.message).problem;
    if (error instanceof InvalidIdentity) return problems.validation(error.message).problem;
    if (error instanceof DomainError) return problems.conflict(error.message).problem;
    if (error instanceof HttpException) {
      // Nest wraps body-parser's SyntaxError for invalid JSON in a BadRequestException.
      const cause = error.cause as HttpishError | undefined;
      if (cause?.type === 'entity.parse.failed' || cause instanceof SyntaxError) {
        return problems.malformedJson(`The body could not be parsed as JSON: ${cause.message}`)
          .problem;
      }
      return this.fromHttpException(error);
    }
    const e = error as HttpishError;
    const status = e?.status ?? e?.statusCode;
    if (e?.type === 'entity.parse.failed')
      return problems.malformedJson(`The body could not be parsed: ${e.message}`).problem;
    if (e?.type === 'entity.too.large')
      return problems.payloadTooLarge(`The body exceeds the limit: ${e.message}`).problem;
    if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
      return problems.unsupportedMediaType(e.message).problem;
    }
    if (typeof status === 'number' && status >= 400 && status < 500)
      return problems.badRequest(e.message, { status }).problem;
    return problems.internal('Something went wrong on our side; it has been logged.').problem;
  }

  private fromHttpException(error: HttpException): Problem {
    const status = error.getStatus();
    const body = error.getResponse();
    const message =
      typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
    const detail = Array.isArray(message)
      ? message.join('; ')
      : typeof message === 'string'
        ? message
        : JSON.stringify(message);
    if (status === 404) return problems.notFound(detail).problem;
    if (status === 405) return problems.methodNotAllowed(detail).problem;
    if (status === 401) return problems.unauthorized(detail).problem;
    if (status === 403) return problems.forbidden(detail).problem;
    if (status === 413) return problems.payloadTooLarge(detail).problem;
    if (status === 503 && typeof body === 'object') {
      // Readiness answers (terminus) keep their per-dependency report as extensions.
      const { error, details } = body as { error?: unknown; details?: unknown };
      return problems.unavailable('A dependency is not ready.', { error, details }).problem;
    }
    if (status >= 500)
      return problems.internal('Something went wrong on our side; it has been logged.', { status })
        .problem;
    return problems.badRequest(detail, { status }).problem;
  }
}

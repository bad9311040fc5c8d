import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { throwError, type Observable } from 'rxjs';
import {
  DomainError,
  IllegalEscalation,
  IllegalTransition,
  InvalidIdentity,
} from '@casehub/domain';
import { problems, ProblemException, type Problem } from './problem.js';
import type { AllowedMethods } from '../http/allowed-methods.js';
import { sendProblem } from '../http/send-problem.js';

export interface ProblemDetailsOptions {
  /** CASEHUB_MAX_BODY as configured, quoted in a 413. */
  readonly maxBody: string;
  /** Routes' methods, for a 405 with `Allow` where a path exists under other methods. */
  readonly allowedMethods?: AllowedMethods;
}

/** Fastify (and most Node HTTP libraries) mark client errors with a status and a code. */
interface HttpishError {
  status?: number;
  statusCode?: number;
  code?: string;
  message: string;
}

/** Turns every error into RFC 9457 problem+json; a client's mistake is never a 5xx. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly log = new Logger('Problems');

  constructor(private readonly options: ProblemDetailsOptions = { maxBody: '1mb' }) {}

  catch(error: unknown, host: ArgumentsHost): void | Observable<never> {
    // Handlers of JetStream events: their transport retries or dead-letters the error as is.
    if (host.getType() !== 'http') return throwError(() => error);
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const allow = this.allowedInstead(error, req);
    const problem = allow
      ? problems.methodNotAllowed(`${req.method} is not allowed here; use ${allow}.`).problem
      : this.toProblem(error);
    if (allow) void reply.header('Allow', allow);
    // 503 is a readiness answer (a dependency is down), already reported by its own component.
    if (problem.status >= 500 && problem.status !== 503) {
      this.log.error({ err: error, url: req.url }, problem.detail);
    }
    if (problem.status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="casehub"');
    void sendProblem(reply, problem, req.url);
  }

  /** For a request no route took: the methods its path does take, if any. */
  private allowedInstead(error: unknown, req: FastifyRequest): string | undefined {
    if (!(error instanceof NotFoundException) || req.routeOptions?.url !== undefined) return;
    const methods = this.options.allowedMethods?.for(req.url) ?? [];
    // A path that matches only loosely (an empty segment: /v1/cases//messages) stays a 404.
    return methods.length > 0 && !methods.includes(req.method) ? methods.join(', ') : undefined;
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
    // Nest passes Fastify's body errors through as-is or wrapped with the original as `cause`.
    const e = (error instanceof HttpException && error.cause ? error.cause : error) as HttpishError;
    const status = e?.status ?? e?.statusCode;
    switch (e?.code) {
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return problems.malformedJson('The body is empty; send a JSON document.').problem;
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return problems.malformedJson(`The body is not valid JSON: ${e.message}`).problem;
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return problems.payloadTooLarge(
          `The body is larger than ${this.options.maxBody} (CASEHUB_MAX_BODY), counted after decompression.`,
          { limit: this.options.maxBody },
        ).problem;
      case 'FST_CP_ERR_INVALID_CONTENT_ENCODING':
        return problems.unsupportedEncoding(
          `${e.message}; send the body as it is, or with Content-Encoding gzip, deflate or br.`,
        ).problem;
      case 'FST_CP_ERR_INVALID_CONTENT':
        return problems.malformedJson(
          'The body could not be decompressed with the Content-Encoding it was sent with.',
        ).problem;
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return problems.unsupportedMediaType('Send the body as application/json.').problem;
      case undefined:
      default:
    }
    // Fastify's JSON parser reports a syntax error as a SyntaxError with status 400.
    if (error instanceof SyntaxError && status === 400) {
      return problems.malformedJson(`The body is not valid JSON: ${e.message}`).problem;
    }
    if (error instanceof HttpException) return this.fromHttpException(error);
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

import { HttpException } from '@nestjs/common';

export const PROBLEM_BASE = 'https://casehub.dev/problems/';

/** One field at fault, located by JSON Pointer into the request (RFC 6901). */
export interface FieldError {
  pointer: string;
  detail: string;
}

/** An RFC 9457 problem; `type` is stable per kind of error (docs/api.md#errors lists them). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export class ProblemException extends HttpException {
  constructor(readonly problem: Problem) {
    super(problem, problem.status);
  }
}

const make =
  (slug: string, title: string, status: number) =>
  (detail: string, extra: Partial<Problem> = {}): ProblemException =>
    new ProblemException({ type: PROBLEM_BASE + slug, title, status, detail, ...extra });

/** The catalogue of problems the API answers with. */
export const problems = {
  validation: make('validation-error', 'Your request is not valid', 400),
  malformedJson: make('malformed-json', 'The request body is not valid JSON', 400),
  badRequest: make('bad-request', 'Bad request', 400),
  unauthorized: make('unauthorized', 'Authentication required', 401),
  forbidden: make('forbidden', 'Your key may not do this', 403),
  notFound: make('not-found', 'Not found', 404),
  methodNotAllowed: make('method-not-allowed', 'This path does not take this method', 405),
  requestTimeout: make('request-timeout', 'The request took too long', 408),
  conflict: make('conflict', 'Conflict', 409),
  illegalTransition: make('illegal-transition', 'This status change is not allowed', 409),
  illegalEscalation: make('illegal-escalation', 'This escalation is not allowed', 409),
  preconditionFailed: make('precondition-failed', 'The case changed since you read it', 412),
  payloadTooLarge: make('payload-too-large', 'The request body is too large', 413),
  unsupportedMediaType: make('unsupported-media-type', 'Send JSON', 415),
  unsupportedEncoding: make(
    'unsupported-encoding',
    'The body is encoded in a way we cannot read',
    415,
  ),
  headersTooLarge: make('headers-too-large', 'The URL or headers are too large', 431),
  unprocessable: make('unprocessable', 'The request cannot be applied as it stands', 422),
  unavailable: make('unavailable', 'Service unavailable', 503),
  internal: make('internal-error', 'Internal error', 500),
};

import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problems, type Problem, type ProblemException } from '../problems/problem.js';
import { sendProblem } from './send-problem.js';

const MAX_HEADER_KB = 16; // Node.js's --max-http-header-size default

/** Fastify's errors before routing (a bad percent-encoding): problem+json like every other. */
export function frameworkErrors(
  error: Error & { code?: string },
  req: FastifyRequest,
  reply: FastifyReply,
): void {
  const problem: Problem =
    error.code === 'FST_ERR_BAD_URL'
      ? problems.badRequest(
          'The URL is not valid: a percent sign must start an escape such as %20 of UTF-8 bytes.',
        ).problem
      : problems.badRequest(error.message).problem;
  void sendProblem(reply, problem, req.url);
}

/**
 * Errors Node.js's HTTP parser raises before there is a request (headers or URL too long, a
 * malformed request line): answered as problem+json on the raw socket, then closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const answer = clientErrorProblem(error.code);
  const body = JSON.stringify(answer.problem);
  socket.end(
    `HTTP/1.1 ${answer.problem.status} ${answer.reason}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

function clientErrorProblem(code: string | undefined): { problem: Problem; reason: string } {
  const of = (e: ProblemException, reason: string) => ({ problem: e.problem, reason });
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return of(
        problems.headersTooLarge(
          `The URL and headers together exceed ${MAX_HEADER_KB} KB; send long values in a JSON body.`,
        ),
        'Request Header Fields Too Large',
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return of(problems.requestTimeout('The request took too long to arrive.'), 'Request Timeout');
    case undefined:
    default:
      return of(problems.badRequest('The request is not valid HTTP/1.1.'), 'Bad Request');
  }
}

import type { FastifyReply } from 'fastify';
import type { Problem } from '../problems/problem.js';

/** Answers with an RFC 9457 problem for the request at `instance`. */
export function sendProblem(reply: FastifyReply, problem: Problem, instance: string): FastifyReply {
  return reply
    .status(problem.status)
    .header('Content-Type', 'application/problem+json')
    .send(JSON.stringify({ ...problem, instance }));
}

import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * What a request asks of a change besides its body, passed down by the handler. (Not an
 * AsyncLocalStorage: on Node.js 20 a store in use hooks every promise the process makes, which
 * under intake took 2 % of the core's CPU and a twentieth of what it allocated.)
 */
export interface RequestContext {
  /** W3C trace context of the request; events it causes carry it on to NATS. */
  readonly traceparent: string | null;
  /** The case version from `If-Match`, when the client asked for a conditional change. */
  readonly ifMatchVersion: number | null;
}

/** A change that no HTTP request asked for (an inbound message, a survey answer). */
export const NO_REQUEST: RequestContext = { traceparent: null, ifMatchVersion: null };

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A traceparent continuing the caller's trace, or starting a new one. */
export function childTraceparent(incoming?: string): string {
  const m = incoming ? TRACEPARENT.exec(incoming.trim().toLowerCase()) : null;
  const traceId = m && !/^0+$/.test(m[1]) ? m[1] : randomHex(32);
  return `00-${traceId}-${randomHex(16)}-${m?.[3] ?? '01'}`;
}

/**
 * Random hex digits from randomUUID, which draws on a cached batch of entropy: a request's ids
 * cost no call into the random generator of their own (randomBytes did, twice per request).
 */
function randomHex(digits: 16 | 32): string {
  const hex = randomUUID().replaceAll('-', '');
  // A UUID's version digit (index 12) is fixed; the rest is random enough for trace and span ids.
  return digits === 32 ? hex : hex.slice(16);
}

/** `If-Match: "3"` (or W/"3", or 3) → 3; absent or `*` → null; anything else → NaN (never matches). */
export function parseIfMatch(header: string | undefined): number | null {
  if (!header || header.trim() === '*') return null;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  return m ? Number(m[1]) : NaN;
}

/** The context of this request, from its `traceparent` and `If-Match` headers. */
export function requestContextOf(req: Pick<FastifyRequest, 'headers'>): RequestContext {
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return {
    traceparent: childTraceparent(header('traceparent')),
    ifMatchVersion: parseIfMatch(header('if-match')),
  };
}

/** Handler parameter: the request's RequestContext, for the services that write. */
export const RequestContext = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): RequestContext =>
    requestContextOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);

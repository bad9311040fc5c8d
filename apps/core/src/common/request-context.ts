import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** What a request carries into the services without threading it through every call. */
export interface RequestContext {
  /** W3C trace context of the request; events it causes carry it on to NATS. */
  traceparent: string;
  /** The case version from `If-Match`, when the client asked for a conditional change. */
  ifMatchVersion: number | null;
}

const storage = new AsyncLocalStorage<RequestContext>();
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function requestContext(): RequestContext | undefined {
  return storage.getStore();
}

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

/** Fastify hook: runs the rest of the request (guards, pipes, handler) inside its context. */
export function enterRequestContext(
  req: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  storage.run(
    {
      traceparent: childTraceparent(header('traceparent')),
      ifMatchVersion: parseIfMatch(header('if-match')),
    },
    done,
  );
}

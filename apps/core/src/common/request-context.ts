import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

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
  const traceId = m && !/^0+$/.test(m[1]!) ? m[1]! : randomBytes(16).toString('hex');
  return `00-${traceId}-${randomBytes(8).toString('hex')}-${m?.[3] ?? '01'}`;
}

/** `If-Match: "3"` (or W/"3", or 3) → 3; absent or `*` → null; anything else → NaN (never matches). */
export function parseIfMatch(header: string | undefined): number | null {
  if (!header || header.trim() === '*') return null;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  return m ? Number(m[1]) : NaN;
}

export function requestContextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  const ctx: RequestContext = {
    traceparent: childTraceparent(req.header('traceparent')),
    ifMatchVersion: parseIfMatch(req.header('if-match')),
  };
  storage.run(ctx, next);
}

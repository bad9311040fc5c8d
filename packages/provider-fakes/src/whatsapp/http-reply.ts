import type { ServerResponse } from 'node:http';
import { newFbtraceId } from './ids.js';

/** Answers as Graph does: JSON, with the trace id header Meta's support asks for. */
export function replyJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    'x-fb-trace-id': newFbtraceId(),
    ...headers,
  });
  res.end(text);
}

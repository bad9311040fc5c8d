import type { ServerResponse } from 'node:http';
import { newSid } from './sid.js';

/** Answers as Twilio's API does: JSON with a `Twilio-Request-Id`. */
export function replyJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Twilio-Request-Id': newSid('RQ'),
    ...headers,
  });
  res.end(text);
}

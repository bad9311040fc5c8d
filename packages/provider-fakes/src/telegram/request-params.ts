import type { IncomingMessage } from 'node:http';
import { botErrors } from './bot-api-error.js';

/** A file uploaded with `multipart/form-data` (sendPhoto's `photo`, sendDocument's `document`). */
export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * A method's parameters as the Bot API takes them: a query string, `application/json`,
 * `application/x-www-form-urlencoded` or `multipart/form-data` (files kept apart). Values from
 * forms and queries are strings; JSON keeps its types.
 */
export interface RequestParams {
  values: Record<string, unknown>;
  files: Record<string, UploadedFile>;
}

/** Reads the request's parameters; multipart is parsed with the Web `Request.formData()`. */
export async function readParams(req: IncomingMessage, url: URL): Promise<RequestParams> {
  const values: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: Record<string, UploadedFile> = {};
  const body = await readBody(req);
  if (body.length === 0) return { values, files };
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw botErrors.invalid("can't parse JSON object");
    }
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      Object.assign(values, parsed);
    return { values, files };
  }
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/')) {
    const form = await new Request(url, {
      method: 'POST',
      headers: { 'content-type': req.headers['content-type']! },
      body,
    })
      .formData()
      .catch(() => {
        throw botErrors.invalid("can't parse request body");
      });
    for (const [name, value] of form) {
      if (typeof value === 'string') values[name] = value;
      else
        files[name] = {
          filename: value.name,
          contentType: value.type || 'application/octet-stream',
          bytes: Buffer.from(await value.arrayBuffer()),
        };
    }
  }
  return { values, files };
}

/** A parameter as a string (numbers as written), or undefined. */
export function stringParam(p: RequestParams, name: string): string | undefined {
  const v = p.values[name];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
}

/** An Integer parameter; a value that is no integer is Telegram's 400. */
export function intParam(p: RequestParams, name: string): number | undefined {
  const v = p.values[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw botErrors.invalid(`invalid ${name} specified`);
  return n;
}

export function boolParam(p: RequestParams, name: string): boolean {
  const v = p.values[name];
  return v === true || v === 'true' || v === '1' || v === 1;
}

/** A JSON-serialized parameter (an object in JSON bodies, a JSON string in forms). */
export function jsonParam<T>(p: RequestParams, name: string): T | undefined {
  const v = p.values[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') return v as T;
  try {
    return JSON.parse(v) as T;
  } catch {
    throw botErrors.invalid(`can't parse ${name} JSON object`);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

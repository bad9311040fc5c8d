import type { IncomingMessage } from 'node:http';

/** A file of a multipart body (`filedata`). */
export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** A request's body as Graph reads it: JSON, a form, or multipart with files. */
export interface GraphBody {
  fields: Record<string, unknown>;
  files: Record<string, UploadedFile>;
}

/**
 * Reads the body. Graph takes parameters as JSON or as form fields whose values may themselves
 * be JSON (`recipient={"id":"…"}`); multipart bodies carry files (`filedata`).
 */
export async function readGraphBody(req: IncomingMessage): Promise<GraphBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  const out: GraphBody = { fields: {}, files: {} };
  if (raw.length === 0) return out;
  if (/application\/json/i.test(type)) {
    try {
      const parsed = JSON.parse(raw.toString('utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        out.fields = parsed as Record<string, unknown>;
      }
    } catch {
      // Graph answers a body it cannot read as if the parameters were missing.
    }
    return out;
  }
  if (/multipart\/form-data/i.test(type)) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') out.fields[name] = jsonish(value);
      else {
        out.files[name] = {
          filename: value.name,
          contentType: value.type || 'application/octet-stream',
          bytes: Buffer.from(await value.arrayBuffer()),
        };
      }
    }
    return out;
  }
  for (const [name, value] of new URLSearchParams(raw.toString('utf8'))) {
    out.fields[name] = jsonish(value);
  }
  return out;
}

function jsonish(value: string): unknown {
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

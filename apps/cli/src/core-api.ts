import type { CliSettings } from './settings.js';
import { fail } from './output.js';

interface Problem {
  detail?: string;
  errors?: { pointer: string; detail: string }[];
}

/** The core's REST API with the operator's key; a problem answer becomes a CliError saying it. */
export class CoreApi {
  constructor(private readonly s: CliSettings) {}

  /** The `items` of a list route. */
  async list<T>(path: string): Promise<T[]> {
    return (await this.call<{ items: T[] }>('GET', path)).items;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    if (!this.s.apiKey) fail('set CASEHUB_API_KEY (an admin key) or CASEHUB_ADMIN_KEY');
    const res = await fetch(`${this.s.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.s.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((err: Error & { cause?: { code?: string } }) =>
      fail(
        `no core answers at ${this.s.apiUrl} (${err.cause?.code ?? err.message}); start it, or set CASEHUB_URL`,
      ),
    );
    const text = await res.text();
    const json = (text ? JSON.parse(text) : {}) as T & Problem;
    if (!res.ok) {
      const fields = (json.errors ?? []).map(
        (e) => `${e.pointer.replace(/^#\//, '')}: ${e.detail}`,
      );
      fail(
        `the core answered ${res.status}: ${json.detail ?? text}` +
          (fields.length && !json.detail?.includes(fields[0]) ? ` (${fields.join('; ')})` : ''),
      );
    }
    return json;
  }
}

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/bootstrap.js';
import { loadCoreConfig } from '../../src/core-config.js';
import { freshDatabase, type TestDatabase } from './databases.js';
import { deleteStream, eventually, isolatedStream, NATS_URL } from './nats.js';

export const ADMIN_KEY = 'test-admin-key-please-change-0123456789';

export interface TestCore {
  url: string;
  app: NestFastifyApplication;
  env: Record<string, string>;
  /** fetch against the core with the admin key (or `key`), JSON in and out. */
  call: (
    method: string,
    path: string,
    body?: unknown,
    key?: string | null,
  ) => Promise<{ status: number; body: any; headers: Headers }>;
  close: () => Promise<void>;
}

/** The environment every test core runs with: quiet logs, a fast relay, no embedded NATS. */
export function testEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    NATS_URL,
    NATS_EMBEDDED: 'never',
    CASEHUB_ADMIN_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    LOG_HTTP: 'false',
    OUTBOX_POLL_MS: '50',
  };
}

/** Starts a real core (real database, real NATS) on a free port, isolated from other tests. */
export async function startCore(
  db: TestDatabase,
  overrides: Record<string, string> = {},
): Promise<TestCore> {
  const database = overrides.DATABASE_URL ? null : await freshDatabase(db);
  const env: Record<string, string> = {
    ...testEnv(database?.url ?? overrides.DATABASE_URL),
    PORT: '0',
    HOST: '127.0.0.1',
    ...isolatedStream(),
    ...overrides,
  };
  const app = await createApp(loadCoreConfig(env));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  // Ready means the event stream exists: tests publish to it and read from it at once.
  if (env.NATS_URL === NATS_URL) {
    await eventually(async () => {
      const ready = await call(url, 'GET', '/health/ready', undefined, null);
      if (ready.status !== 200) throw new Error(`core not ready: ${JSON.stringify(ready.body)}`);
    }, 20_000);
  }
  return {
    url,
    app,
    env,
    call: (method, path, body, key = ADMIN_KEY) => call(url, method, path, body, key),
    close: async () => {
      await app.close();
      if (!overrides.NATS_STREAM) await deleteStream(env.NATS_URL, env.NATS_STREAM);
      await database?.drop();
    },
  };
}

export async function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  key: string | null = ADMIN_KEY,
) {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed as any, headers: res.headers };
}

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface ThrowAwayDatabase {
  /** The core's settings for it. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** An SQLite file in a temporary directory: the core's embedded default, nothing to install. */
export async function sqliteDatabase(): Promise<ThrowAwayDatabase> {
  const dir = await mkdtemp(join(os.tmpdir(), 'casehub-testkit-'));
  return {
    env: { CASEHUB_DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'casehub.db')}` },
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A PostgreSQL database of its own, created from `adminUrl` and dropped at the end. */
export async function postgresDatabase(adminUrl: string, name: string): Promise<ThrowAwayDatabase> {
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dir = await mkdtemp(join(os.tmpdir(), 'casehub-testkit-'));
  return {
    env: { CASEHUB_DATA_DIR: dir, DATABASE_URL: url.toString() },
    drop: async () => {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

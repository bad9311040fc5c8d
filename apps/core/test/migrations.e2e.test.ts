import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { MIGRATIONS } from '../src/app.features.js';
import { DATABASES, freshDatabase, freshPostgres } from './support/databases.js';
import { startCore } from './support/core.js';
import { deleteStream, isolatedStream, NATS_URL } from './support/nats.js';

async function tables(ds: DataSource): Promise<string[]> {
  const sql =
    ds.options.type === 'postgres'
      ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`
      : // FTS5's shadow tables (case_search_data, …) come and go with their virtual table.
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND name NOT LIKE 'case_search_%'`;
  const rows = await ds.query<{ name: string }[]>(sql);
  return rows.map((r) => r.name).sort();
}

/** The columns of each index on a table, in index order. */
async function indexedColumns(ds: DataSource, table: string): Promise<string[][]> {
  if (ds.options.type === 'postgres') {
    const rows = await ds.query<{ def: string }[]>(
      `SELECT indexdef AS def FROM pg_indexes WHERE tablename = $1`,
      [table],
    );
    return rows.map((r) =>
      /\((.+)\)$/
        .exec(r.def)![1]
        .split(',')
        .map((c) => c.trim()),
    );
  }
  const names = await ds.query<{ name: string }[]>(
    `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`,
    [table],
  );
  return Promise.all(
    names.map(async ({ name }) =>
      (await ds.query<{ name: string }[]>(`SELECT name FROM pragma_index_info(?)`, [name])).map(
        (c) => c.name,
      ),
    ),
  );
}

describe.each(DATABASES)('migrations on %s', (kind) => {
  it('run up, down to nothing, and up again', async () => {
    const db = await freshDatabase(kind);
    const ds = new DataSource(
      dataSourceOptions(
        { DATABASE_URL: db.url, DATABASE_POOL_SIZE: 2, DATABASE_MIGRATE: true },
        MIGRATIONS,
      ),
    );
    try {
      await ds.initialize();
      const up = await tables(ds);
      expect(up).toEqual(
        [
          'agents',
          'api_keys',
          'case_escalations',
          'case_search',
          'case_tags',
          'cases',
          'contact_consents',
          'contact_identities',
          'contacts',
          'groups',
          'hub',
          'interactions',
          'messages',
          'migrations',
          'outbox_events',
          'support_tiers',
          'surveys',
        ].sort(),
      );
      // The survey metrics read a period of decisions; a case's surveys are read by case.
      expect(await indexedColumns(ds, 'surveys')).toEqual(
        expect.arrayContaining([['decided_at'], ['case_id', 'decided_at']]),
      );
      // Lists page newest first within a group's or a channel's cases.
      expect(await indexedColumns(ds, 'cases')).toEqual(
        expect.arrayContaining([
          ['group_id', 'number'],
          ['channel', 'number'],
        ]),
      );
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration();
      expect(await tables(ds)).toEqual(['migrations']);
      expect(await ds.runMigrations()).toHaveLength(MIGRATIONS.length);
      expect(await tables(ds)).toEqual(up);
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    }
  });
});

describe('replicas starting together on a new PostgreSQL database', () => {
  it('migrate once, one after the other, and both start', async () => {
    const db = await freshPostgres();
    const stream = isolatedStream();
    const cores = await Promise.all([
      startCore('postgres', { DATABASE_URL: db.url, ...stream }),
      startCore('postgres', { DATABASE_URL: db.url, ...stream }),
    ]);
    try {
      const made = await cores[1].call('POST', '/v1/cases', { subject: 'after a race' });
      expect(made.status).toBe(201);
    } finally {
      for (const c of cores) await c.close();
      await deleteStream(NATS_URL, stream.NATS_STREAM);
      await db.drop();
    }
  });
});

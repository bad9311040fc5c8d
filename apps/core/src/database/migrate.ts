import type { DataSource, Migration } from 'typeorm';

const LOCK = `hashtext('casehub:migrations')`;

/**
 * Runs pending migrations. On PostgreSQL several replicas may start at once: a session
 * advisory lock lets one migrate while the others wait, then find nothing left to do.
 */
export async function runMigrations(ds: DataSource): Promise<Migration[]> {
  if (ds.options.type !== 'postgres') return ds.runMigrations({ transaction: 'each' });
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(${LOCK})`);
    return await ds.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(${LOCK})`).catch(() => undefined);
    await lock.release();
  }
}

import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './app.features.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { databaseConfigSchema } from './database/database.config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { runMigrations } from './database/migrate.js';

/**
 * `casehub migrate`: the database's migrations, without starting the core. `status` lists each
 * (applied or pending) and the hub's id; `up` applies what is pending. `--json` for programs
 * (`casehub doctor`).
 */
async function main(): Promise<void> {
  const [command = 'status', ...flags] = process.argv.slice(2);
  const json = flags.includes('--json');
  if (command !== 'status' && command !== 'up')
    throw new ConfigError(`unknown command ${command}: status or up`);
  const cfg = loadConfig(databaseConfigSchema, process.env);
  const ds = await new DataSource({
    ...dataSourceOptions(cfg, MIGRATIONS),
    migrationsRun: false,
    logging: false,
  }).initialize();
  try {
    const ran = command === 'up' ? (await runMigrations(ds)).map((m) => m.name) : [];
    const applied = new Set(await appliedMigrations(ds));
    const migrations = ds.migrations
      .map((m) => m.name ?? m.constructor.name)
      .map((name) => ({ name, applied: applied.has(name) }));
    const hub = migrations.some((m) => m.name === 'CreateHub1766000000100' && m.applied)
      ? ((await ds.query<{ id: string }[]>('SELECT id FROM hub'))[0]?.id ?? null)
      : null;
    if (json) {
      console.log(JSON.stringify({ database: redact(cfg.DATABASE_URL), hub, ran, migrations }));
      return;
    }
    console.log(`database ${redact(cfg.DATABASE_URL)}${hub ? `, hub ${hub}` : ''}`);
    for (const m of migrations) console.log(`${m.applied ? 'applied' : 'pending'}  ${m.name}`);
    const pending = migrations.filter((m) => !m.applied).length;
    if (command === 'up')
      console.log(ran.length ? `ran ${ran.length}: ${ran.join(', ')}` : 'nothing to run');
    else if (pending) console.log(`${pending} pending: casehub migrate up applies them`);
  } finally {
    await ds.destroy();
  }
}

async function appliedMigrations(ds: DataSource): Promise<string[]> {
  const qr = ds.createQueryRunner();
  try {
    if (!(await qr.hasTable('migrations'))) return [];
    return (await qr.query('SELECT name FROM migrations')).map((r: { name: string }) => r.name);
  } finally {
    await qr.release();
  }
}

/** The URL without its password. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`casehub: ${err.message}`);
    process.exit(78);
  }
  console.error(`casehub: migrate failed: ${(err as Error).message}`);
  process.exit(1);
});

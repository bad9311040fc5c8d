import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions, MigrationInterface } from 'typeorm';
import type { DatabaseConfig } from './database.config.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** Migration classes, each kept with the feature module that owns its tables. */
export type Migrations = readonly (new () => MigrationInterface)[];

/** TypeORM options from DATABASE_URL: `postgres://…` or `sqlite:<file>` (`sqlite::memory:` for tests). */
export function dataSourceOptions(cfg: DatabaseConfig, migrations: Migrations): DataSourceOptions {
  const common = {
    migrations: [...migrations],
    migrationsRun: cfg.DATABASE_MIGRATE,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
  };
  if (cfg.DATABASE_URL.startsWith('sqlite:')) {
    const file = cfg.DATABASE_URL.slice('sqlite:'.length);
    const database = file === ':memory:' ? ':memory:' : resolve(file);
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      enableWAL: true,
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
      },
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: cfg.DATABASE_URL,
    extra: { max: cfg.DATABASE_POOL_SIZE },
  };
}

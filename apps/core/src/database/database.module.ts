import { Logger, Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CORE_CONFIG } from '../config/config.module.js';
import { databaseConfigSchema, type DatabaseConfig } from './database.config.js';
import { dataSourceOptions, type Migrations } from './data-source-options.js';
import { Transactions } from './transactions.js';
import { PgColumnTypes } from './pg-column-types.js';
import { PgStatements } from './pg-statements.js';
import { runMigrations } from './migrate.js';

/**
 * The database (PostgreSQL or SQLite). Entities come from the feature modules
 * (`TypeOrmModule.forFeature`), migrations from the application that lists the features.
 */
@Global()
@Module({})
export class DatabaseModule {
  static readonly config = databaseConfigSchema;

  static forRoot(migrations: Migrations): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [CORE_CONFIG],
          useFactory: (cfg: DatabaseConfig) => ({
            ...dataSourceOptions(cfg, migrations),
            autoLoadEntities: true,
            retryAttempts: 3,
            retryDelay: 1000,
          }),
          // Migrations run here rather than in initialize(), so that they can take a lock first.
          dataSourceFactory: async (options) => {
            const ds = await new DataSource({ ...options!, migrationsRun: false }).initialize();
            if (options!.migrationsRun) {
              const ran = await runMigrations(ds);
              new Logger('Migrations').log(
                ran.length
                  ? `applied ${ran.length} migration(s): ${ran.map((m) => m.name).join(', ')}`
                  : `schema up to date (${ds.migrations.length} migrations)`,
              );
            }
            return ds;
          },
        }),
      ],
      providers: [Transactions, PgColumnTypes, PgStatements],
      exports: [Transactions, PgColumnTypes, PgStatements],
    };
  }
}

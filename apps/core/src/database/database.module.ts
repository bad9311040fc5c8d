import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CORE_CONFIG } from '../config/config.module.js';
import type { DatabaseConfig } from './database.config.js';
import { dataSourceOptions } from './data-source-options.js';
import { DataSource } from 'typeorm';
import { Transactions } from './transactions.js';
import { runMigrations } from './migrate.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [CORE_CONFIG],
      useFactory: (cfg: DatabaseConfig) => ({
        ...dataSourceOptions(cfg),
        retryAttempts: 3,
        retryDelay: 1000,
      }),
      // Migrations run here rather than in initialize(), so that they can take a lock first.
      dataSourceFactory: async (options) => {
        const ds = await new DataSource({ ...options!, migrationsRun: false }).initialize();
        if (options!.migrationsRun) await runMigrations(ds);
        return ds;
      },
    }),
  ],
  providers: [Transactions],
  exports: [Transactions],
})
export class DatabaseModule {}

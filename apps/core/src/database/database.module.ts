import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CORE_CONFIG } from '../config/config.module.js';
import type { DatabaseConfig } from './database.config.js';
import { dataSourceOptions } from './data-source-options.js';
import { Transactions } from './transactions.js';

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
    }),
  ],
  providers: [Transactions],
  exports: [Transactions],
})
export class DatabaseModule {}

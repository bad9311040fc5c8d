import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { apiKeysConfigSchema } from './api-keys.config.js';
import { AgentsModule } from '../agents/agents.module.js';
import { CreateApiKeys1764000000300 } from './migrations/1764000000300-create-api-keys.js';

/** API keys (hashed at rest) and the guard that checks a key and its role on every route. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity]), AgentsModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysService, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [ApiKeysService],
})
export class ApiKeysModule {
  static readonly config = apiKeysConfigSchema;
  static readonly migrations = [CreateApiKeys1764000000300];
}

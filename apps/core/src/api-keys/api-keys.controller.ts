import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { ApiKeysService } from './api-keys.service.js';
import { createApiKeySchema, type CreateApiKey } from './dto/create-api-key.dto.js';
import { uuidParam } from '../common/params.js';

@ApiTags('API keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Creates a key; its secret is in this answer only. */
  @Post()
  create(@Body({ schema: createApiKeySchema }) body: CreateApiKey) {
    return this.keys.create(body);
  }

  @Get()
  async list() {
    return { items: await this.keys.list() };
  }

  @Delete(':id')
  @HttpCode(200)
  revoke(@Param('id', { schema: uuidParam }) id: string) {
    return this.keys.revoke(id);
  }
}

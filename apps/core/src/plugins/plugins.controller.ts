import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { PluginsService } from './plugins.service.js';

@ApiTags('Plugins')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('v1/plugins')
export class PluginsController {
  constructor(private readonly plugins: PluginsService) {}

  /** Every plugin that registered or sent a heartbeat: version, contract, status, lag, dead letters. */
  @Get()
  async list() {
    return { items: await this.plugins.list() };
  }
}

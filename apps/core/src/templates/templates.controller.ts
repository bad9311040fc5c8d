import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { listTemplatesSchema, type ListTemplates } from '@casehub/domain';
import { Roles } from '../auth/auth.decorators.js';
import { TemplatesService } from './templates.service.js';

@ApiTags('Templates')
@ApiBearerAuth()
@Roles('agent', 'plugin')
@Controller('v1/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  /** The message templates channel plugins can send (e.g. WhatsApp's approved ones), per channel. */
  @Get()
  async list(@Query({ schema: listTemplatesSchema }) q: ListTemplates) {
    return { items: await this.templates.list(q.channel) };
  }
}

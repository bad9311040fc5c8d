import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { TimelineService } from './timeline.service.js';

@ApiTags('Cases')
@ApiBearerAuth()
@Roles('agent', 'plugin')
@Controller('v1/cases/:id/timeline')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  /** Every event of the case in order: status changes, assignments, escalations, messages, interactions. */
  @Get()
  async get(@Param('id') id: string) {
    return { items: await this.timeline.of(id) };
  }
}

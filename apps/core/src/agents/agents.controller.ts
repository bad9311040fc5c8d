import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { uuidParam } from '../common/params.js';
import { AgentsService } from './agents.service.js';
import {
  createAgentSchema,
  updateAgentSchema,
  type CreateAgent,
  type UpdateAgent,
} from './dto/agent.dto.js';

@ApiTags('Agents')
@ApiBearerAuth()
@Controller('v1/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Post()
  @Roles('admin')
  create(@Body({ schema: createAgentSchema }) body: CreateAgent) {
    return this.agents.create(body);
  }

  @Get()
  @Roles('agent', 'plugin')
  async list() {
    return { items: await this.agents.list() };
  }

  @Get(':id')
  @Roles('agent', 'plugin')
  get(@Param('id', { schema: uuidParam }) id: string) {
    return this.agents.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  update(
    @Param('id', { schema: uuidParam }) id: string,
    @Body({ schema: updateAgentSchema }) body: UpdateAgent,
  ) {
    return this.agents.update(id, body);
  }
}

import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { interactionInputSchema, type InteractionInput } from '@casehub/domain';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { InteractionsService } from './interactions.service.js';

@ApiTags('Cases')
@ApiBearerAuth()
@Roles('agent', 'plugin')
@Controller('v1/cases/:id/interactions')
export class InteractionsController {
  constructor(private readonly interactions: InteractionsService) {}

  @Post()
  record(
    @Param('id') id: string,
    @Body({ schema: interactionInputSchema }) body: InteractionInput,
    @CurrentPrincipal() by: Principal,
  ) {
    return this.interactions.record(id, body, by);
  }

  @Get()
  async list(@Param('id') id: string) {
    return { items: await this.interactions.list(id) };
  }
}

import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { interactionInputSchema, type InteractionInput } from '@casehub/domain';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { InteractionsService } from './interactions.service.js';
import { RequestContext } from '../common/request-context.js';

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
    @RequestContext() request: RequestContext,
  ) {
    return this.interactions.record(id, body, by, request);
  }

  @Get()
  async list(@Param('id') id: string) {
    return { items: await this.interactions.list(id) };
  }
}

import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { addMessageSchema, type AddMessage } from '@casehub/domain';
import { MessagesService } from './messages.service.js';
import { RequestContext } from '../common/request-context.js';

@ApiTags('Cases')
@ApiBearerAuth()
@Roles('agent', 'plugin')
@Controller('v1/cases/:id/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  /** A public reply (delivered by the case's channel plugin) or an internal note. */
  @Post()
  add(
    @Param('id') id: string,
    @Body({ schema: addMessageSchema }) body: AddMessage,
    @CurrentPrincipal() by: Principal,
    @RequestContext() request: RequestContext,
  ) {
    return this.messages.add(id, body, by, request);
  }

  @Get()
  async list(@Param('id') id: string) {
    return { items: await this.messages.list(id) };
  }
}

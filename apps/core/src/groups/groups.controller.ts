import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { uuidParam } from '../common/params.js';
import { GroupsService } from './groups.service.js';
import {
  createGroupSchema,
  putTierSchema,
  tierLevelParam,
  type CreateGroup,
} from './dto/group.dto.js';

@ApiTags('Groups and tiers')
@ApiBearerAuth()
@Controller('v1')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Post('groups')
  @Roles('supervisor')
  create(@Body({ schema: createGroupSchema }) body: CreateGroup) {
    return this.groups.create(body);
  }

  @Get('groups')
  @Roles('agent', 'plugin')
  async list() {
    return { items: await this.groups.list() };
  }

  @Get('groups/:id')
  @Roles('agent', 'plugin')
  get(@Param('id', { schema: uuidParam }) id: string) {
    return this.groups.get(id);
  }

  @Get('tiers')
  @Roles('agent', 'plugin')
  async tiers() {
    return { items: await this.groups.listTiers() };
  }

  /** Defines or renames a support tier. */
  @Put('tiers/:level')
  @Roles('supervisor')
  putTier(
    @Param('level', { schema: tierLevelParam }) level: number,
    @Body({ schema: putTierSchema }) body: { name: string },
  ) {
    return this.groups.putTier(level, body.name);
  }
}

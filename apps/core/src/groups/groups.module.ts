import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GroupEntity, SupportTierEntity } from './group.entity.js';
import { GroupsService } from './groups.service.js';
import { GroupsController } from './groups.controller.js';
import { CreateGroups1764000000100 } from './migrations/1764000000100-create-groups.js';

/** Groups (teams cases are routed to) and the support tiers they sit at. */
@Module({
  imports: [TypeOrmModule.forFeature([GroupEntity, SupportTierEntity])],
  controllers: [GroupsController],
  providers: [GroupsService],
  exports: [GroupsService],
})
export class GroupsModule {
  static readonly migrations = [CreateGroups1764000000100];
}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GroupEntity, SupportTierEntity } from './group.entity.js';
import { GroupsService } from './groups.service.js';
import { GroupsController } from './groups.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([GroupEntity, SupportTierEntity])],
  controllers: [GroupsController],
  providers: [GroupsService],
})
export class GroupsModule {}

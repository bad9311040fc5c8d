import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentEntity } from './agent.entity.js';
import { AgentsService } from './agents.service.js';
import { AgentsController } from './agents.controller.js';
import { GroupsModule } from '../groups/groups.module.js';
import { CreateAgents1764000000200 } from './migrations/1764000000200-create-agents.js';

/** The people who work cases. */
@Module({
  imports: [TypeOrmModule.forFeature([AgentEntity]), GroupsModule],
  controllers: [AgentsController],
  providers: [AgentsService],
  exports: [AgentsService],
})
export class AgentsModule {
  static readonly migrations = [CreateAgents1764000000200];
}

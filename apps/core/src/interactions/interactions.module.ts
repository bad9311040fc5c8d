import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module.js';
import { AgentsModule } from '../agents/agents.module.js';
import { InteractionEntity } from './interaction.entity.js';
import { InteractionsService } from './interactions.service.js';
import { InteractionsController } from './interactions.controller.js';
import { InteractionProjection } from './interaction.projection.js';
import { CreateInteractions1764000000700 } from './migrations/1764000000700-create-interactions.js';

/** Customer contacts on a case (calls, chats, mails) with their handle-time parts. */
@Module({
  imports: [TypeOrmModule.forFeature([InteractionEntity]), CasesModule, AgentsModule],
  controllers: [InteractionsController],
  providers: [InteractionsService, InteractionProjection],
})
export class InteractionsModule {
  static readonly migrations = [CreateInteractions1764000000700];
}

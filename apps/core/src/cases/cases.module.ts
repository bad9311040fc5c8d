import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseEntity, CaseTagEntity } from './case.entity.js';
import { CaseEscalationEntity } from './case-escalation.entity.js';
import { CasesService } from './cases.service.js';
import { CasesController } from './cases.controller.js';
import { CaseWriter } from './case-writer.service.js';
import { CaseSearch } from './case-search.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { MessageEntity } from '../messages/message.entity.js';
import { MessagesService } from '../messages/messages.service.js';
import { MessagesController } from '../messages/messages.controller.js';
import { InteractionEntity } from '../interactions/interaction.entity.js';
import { InteractionsService } from '../interactions/interactions.service.js';
import { InteractionsController } from '../interactions/interactions.controller.js';
import { OutboxEventEntity } from '../outbox/outbox-event.entity.js';
import { TimelineService } from '../timeline/timeline.service.js';
import { TimelineController } from '../timeline/timeline.controller.js';

/** Cases and what hangs off them: messages, interactions, the timeline. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      CaseEntity,
      CaseTagEntity,
      CaseEscalationEntity,
      MessageEntity,
      InteractionEntity,
      OutboxEventEntity,
    ]),
    ContactsModule,
    OutboxModule,
  ],
  controllers: [CasesController, MessagesController, InteractionsController, TimelineController],
  providers: [
    CasesService,
    CaseSearch,
    CaseWriter,
    MessagesService,
    InteractionsService,
    TimelineService,
  ],
  exports: [CasesService, CaseWriter],
})
export class CasesModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { TemplatesModule } from '../templates/templates.module.js';
import { MessageEntity } from './message.entity.js';
import { MessagesService } from './messages.service.js';
import { MessagesController } from './messages.controller.js';
import { MessageProjection } from './message.projection.js';
import { CreateMessages1764000000600 } from './migrations/1764000000600-create-messages.js';
import { AddMessageTemplate1766000000300 } from './migrations/1766000000300-add-message-template.js';

/** Replies, internal notes and customers' messages on cases, and what became of their delivery. */
@Module({
  imports: [
    TypeOrmModule.forFeature([MessageEntity]),
    CasesModule,
    ContactsModule,
    TemplatesModule,
  ],
  controllers: [MessagesController],
  providers: [MessagesService, MessageProjection],
  exports: [MessagesService],
})
export class MessagesModule {
  static readonly migrations = [CreateMessages1764000000600, AddMessageTemplate1766000000300];
}

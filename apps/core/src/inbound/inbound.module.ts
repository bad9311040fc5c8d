import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { InboundService } from './inbound.service.js';
import { InboundController } from './inbound.controller.js';
import { inboundConfigSchema } from './inbound.config.js';

/** What plugins publish for the core (customer contacts, delivery reports, survey events). */
@Module({
  imports: [CasesModule, ContactsModule, MessagesModule, SurveysModule],
  controllers: [InboundController],
  providers: [InboundService],
})
export class InboundModule {
  static readonly config = inboundConfigSchema;
}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessageEntity } from '../messages/message.entity.js';
import { CasesModule } from '../cases/cases.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { InboundService } from './inbound.service.js';
import { InboundController } from './inbound.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([MessageEntity]), CasesModule, ContactsModule, SurveysModule],
  controllers: [InboundController],
  providers: [InboundService],
})
export class InboundModule {}

import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { TimelineService } from './timeline.service.js';
import { TimelineController } from './timeline.controller.js';

/** A case's history, read from the events it emitted (the outbox). */
@Module({
  imports: [CasesModule, OutboxModule],
  controllers: [TimelineController],
  providers: [TimelineService],
})
export class TimelineModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxEventEntity } from './outbox-event.entity.js';
import { OutboxService } from './outbox.service.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { outboxConfigSchema } from './outbox.config.js';
import { CreateOutbox1764000000800 } from './migrations/1764000000800-create-outbox.js';

/** The transactional outbox and its relay to JetStream. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxEventEntity])],
  providers: [OutboxService, OutboxRelay],
  exports: [OutboxService, OutboxRelay],
})
export class OutboxModule {
  static readonly config = outboxConfigSchema;
  static readonly migrations = [CreateOutbox1764000000800];
}

import { Module } from '@nestjs/common';
import { OutboxService } from './outbox.service.js';
import { OutboxRelay } from './outbox-relay.service.js';

@Module({ providers: [OutboxService, OutboxRelay], exports: [OutboxService, OutboxRelay] })
export class OutboxModule {}

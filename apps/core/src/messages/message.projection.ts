import { Injectable, type OnModuleInit } from '@nestjs/common';
import { insertRow } from '../database/row-write.js';
import { CaseProjections } from '../cases/case-projections.js';
import { MessageEntity } from './message.entity.js';

/** Every message.created of a case becomes a row of messages, saved with the change. */
@Injectable()
export class MessageProjection implements OnModuleInit {
  constructor(private readonly projections: CaseProjections) {}

  onModuleInit(): void {
    this.projections.register('message.created', ({ data: { message } }) => [
      insertRow(MessageEntity, { ...message, createdAt: new Date(message.createdAt) }),
    ]);
  }
}

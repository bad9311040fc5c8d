import { v7 as uuidv7 } from 'uuid';
import type { MessageView } from '@casehub/domain';
import type { CaseMutation } from '../cases/case-writer.service.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { MessageEntity } from './message.entity.js';

export type NewMessage = Pick<
  MessageEntity,
  'visibility' | 'authorType' | 'authorId' | 'body' | 'attachments' | 'channel'
> &
  Partial<Pick<MessageEntity, 'providerMessageId'>>;

/**
 * Adds a message to a case inside a case mutation and emits message.created. A public reply
 * from the team starts as delivery `pending` until the channel plugin reports on it.
 */
export async function recordMessage(
  m: CaseMutation,
  c: CaseEntity,
  input: NewMessage,
): Promise<MessageEntity> {
  const fromTeam = input.authorType === 'agent' || input.authorType === 'plugin';
  const message = m.em.create(MessageEntity, {
    id: uuidv7(),
    caseId: c.id,
    ...input,
    providerMessageId: input.providerMessageId ?? null,
    deliveryStatus: fromTeam && input.visibility === 'public' ? 'pending' : null,
    deliveryError: null,
    createdAt: m.at,
  });
  await m.em.insert(MessageEntity, message);
  m.emit('message.created', { message: toMessageView(message) });
  return message;
}

export function toMessageView(m: MessageEntity): MessageView {
  return {
    id: m.id,
    caseId: m.caseId,
    visibility: m.visibility,
    authorType: m.authorType,
    authorId: m.authorId,
    body: m.body,
    attachments: m.attachments,
    channel: m.channel,
    createdAt: m.createdAt.toISOString(),
    providerMessageId: m.providerMessageId,
    deliveryStatus: m.deliveryStatus,
    deliveryError: m.deliveryError,
  };
}

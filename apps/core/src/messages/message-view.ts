import type { MessageView } from '@casehub/domain';
import type { MessageEntity } from './message.entity.js';

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
    template: m.template ?? null,
  };
}

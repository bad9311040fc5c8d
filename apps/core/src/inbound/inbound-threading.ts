import { In, type EntityManager } from 'typeorm';
import type { InboundMessage } from '@casehub/domain';
import { CaseEntity } from '../cases/case.entity.js';
import { MessageEntity } from '../messages/message.entity.js';

/**
 * Finds the case a customer's message belongs to, in the order helpdesks trust the clues:
 * the case the plugin names, the thread (In-Reply-To, References against the provider ids of
 * the case's messages), then a ticket number — only if the case is this contact's own, so
 * that writing "[#1042]" does not get anyone into someone else's case.
 */
export async function findThreadCase(
  em: EntityManager,
  msg: InboundMessage,
  contactId: string,
): Promise<CaseEntity | null> {
  const t = msg.threading;
  if (t.caseId && /^[0-9a-f-]{36}$/i.test(t.caseId)) {
    const c = await em.findOneBy(CaseEntity, { id: t.caseId });
    if (c) return c;
  }
  const ids = [t.inReplyTo, ...(t.references ?? [])].filter((x): x is string => !!x);
  if (ids.length) {
    const earlier = await em.findOne(MessageEntity, {
      where: { channel: msg.channel, providerMessageId: In(ids) },
      order: { createdAt: 'DESC' },
    });
    if (earlier) return em.findOneBy(CaseEntity, { id: earlier.caseId });
  }
  if (t.caseNumber) {
    const c = await em.findOneBy(CaseEntity, { number: t.caseNumber });
    if (c && c.contactId === contactId) return c;
  }
  return null;
}

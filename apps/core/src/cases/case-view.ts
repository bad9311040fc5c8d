import type { CaseView, ContactRef } from '@casehub/domain';
import type { CaseEntity } from './case.entity.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public shape of a case, used by the API and inside every event. */
export function toCaseView(c: CaseEntity, tags: string[], contact: ContactRef | null): CaseView {
  return {
    id: c.id,
    number: c.number,
    subject: c.subject,
    description: c.description,
    status: c.status,
    priority: c.priority,
    channel: c.channel,
    contact,
    ownerId: c.ownerId,
    assigneeId: c.assigneeId,
    groupId: c.groupId,
    tier: c.tier,
    tags: [...tags].sort(),
    customFields: c.customFields,
    businessImpact: c.businessImpact,
    followUpOf: c.followUpOf,
    reopenCount: c.reopenCount,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    firstResponseAt: iso(c.firstResponseAt),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
    version: c.version,
  };
}

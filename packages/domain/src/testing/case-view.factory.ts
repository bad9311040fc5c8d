import type { CaseView } from '../case/case.js';
import type { Actor } from '../events/event-map.js';

/** A valid case as events and REST answers carry it; override only what a test is about. */
export function aCaseView(overrides: Partial<CaseView> = {}): CaseView {
  return {
    id: '0190f3a2-7c4e-7b1a-9d2e-4f5a6b7c8d9e',
    number: 1042,
    subject: 'Cannot log in after password reset',
    description: 'The reset link says it has expired.',
    status: 'new',
    priority: 'normal',
    channel: 'email',
    contact: { id: 'contact-1', name: 'Alice Example', email: 'alice@example.com', phone: null },
    ownerId: null,
    assigneeId: null,
    groupId: null,
    tier: 1,
    tags: [],
    customFields: {},
    businessImpact: null,
    followUpOf: null,
    reopenCount: 0,
    createdAt: '2025-01-06T09:00:00.000Z',
    updatedAt: '2025-01-06T09:00:00.000Z',
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    version: 1,
    ...overrides,
  };
}

export const anAgent = (id = 'agent-1'): Actor => ({ type: 'agent', id });

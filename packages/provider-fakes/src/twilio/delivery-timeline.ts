import type { DeliveryFailure } from './delivery-failure.js';
import type { MessageStatus } from './message-status.js';

/** One status an outbound message reaches, in the order it reaches them. */
export interface TimelineStep {
  status: MessageStatus;
  errorCode?: number;
}

/**
 * The statuses a message goes through: [accepted →] queued → sent → delivered, or → undelivered
 * with an error code, or queued → failed when it could not be sent at all.
 */
export function deliveryTimeline(
  initial: 'accepted' | 'queued',
  failure: DeliveryFailure | undefined,
): TimelineStep[] {
  const start: TimelineStep[] =
    initial === 'accepted'
      ? [{ status: 'accepted' }, { status: 'queued' }]
      : [{ status: 'queued' }];
  if (!failure) return [...start, { status: 'sent' }, { status: 'delivered' }];
  if (failure.status === 'failed') {
    return [...start, { status: 'failed', errorCode: failure.errorCode }];
  }
  return [...start, { status: 'sent' }, { status: 'undelivered', errorCode: failure.errorCode }];
}

import type { DeliveryStatus } from '@casehub/domain';

// queued/accepted/sending (never reported) < sent < delivered; failed and bounced are final too.
const RANK: Readonly<Record<DeliveryStatus, number>> = {
  sent: 1,
  delivered: 2,
  failed: 2,
  bounced: 2,
  read: 3, // never from Twilio's SMS (deliveryStatusOf), ranked as the core ranks it
};

/**
 * Whether a report moves a message forward from what was reported before: callbacks arrive
 * late, twice and out of order, and a status never goes backwards (nor from one end to another).
 */
export function movesForward(reported: DeliveryStatus | null, next: DeliveryStatus): boolean {
  return reported === null || RANK[next] > RANK[reported];
}

/** The delivery status a Twilio `MessageStatus` reports, or null for one the core has no word for. */
export function deliveryStatusOf(twilioStatus: string): DeliveryStatus | null {
  switch (twilioStatus) {
    case 'sent':
      return 'sent';
    case 'delivered':
      return 'delivered';
    case 'undelivered':
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null; // queued, accepting, accepted, scheduled, sending, read, ...
  }
}

import type { DeliveryStatus } from '@casehub/domain';

// sent < delivered < read. A failure after delivery is dropped (another device of the customer
// may still report it), and read is the furthest a message gets.
const RANK: Readonly<Record<DeliveryStatus, number>> = {
  sent: 1,
  delivered: 2,
  failed: 2,
  bounced: 2,
  read: 3,
};

/**
 * Whether a report moves a message forward from what was reported before: status webhooks come
 * late, twice and out of order, and a status never goes backwards.
 */
export function movesForward(reported: DeliveryStatus | null, next: DeliveryStatus): boolean {
  if (reported === 'failed' || reported === 'bounced') return false; // final
  return reported === null || RANK[next] > RANK[reported];
}

/** The delivery status a WhatsApp status webhook reports, or null for one the core has no word for. */
export function deliveryStatusOf(whatsappStatus: string): DeliveryStatus | null {
  switch (whatsappStatus) {
    case 'sent':
    case 'delivered':
    case 'read':
    case 'failed':
      return whatsappStatus;
    default:
      return null; // deleted, warning, played (voice), ...
  }
}

import type { DeliveryStatus } from '@casehub/domain';

// sent < delivered < read (the person opened it); failed and bounced are final.
const RANK: Readonly<Record<DeliveryStatus, number>> = {
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
  bounced: 4,
};

/**
 * Whether a report moves a reply forward from what was reported before: delivery and read
 * events come late, twice and out of order, and a status never goes backwards (a delivery after
 * the read, a read after a failure).
 */
export function movesForward(reported: DeliveryStatus | null, next: DeliveryStatus): boolean {
  return reported === null || (RANK[next] > RANK[reported] && RANK[reported] < RANK.failed);
}

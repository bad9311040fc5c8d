import { describe, expect, it } from 'vitest';
import { deliveryStatusOf, movesForward } from './delivery-rank.js';

describe('delivery status order', () => {
  it('moves from nothing, and from sent to delivered or failed', () => {
    expect(movesForward(null, 'sent')).toBe(true);
    expect(movesForward('sent', 'delivered')).toBe(true);
    expect(movesForward('sent', 'failed')).toBe(true);
  });

  it('never goes back, nor from one final status to another', () => {
    expect(movesForward('delivered', 'sent')).toBe(false);
    expect(movesForward('delivered', 'delivered')).toBe(false);
    expect(movesForward('failed', 'delivered')).toBe(false);
    expect(movesForward('delivered', 'failed')).toBe(false);
  });

  it('reports only the statuses the core has a word for', () => {
    expect(
      ['queued', 'accepted', 'sending', 'sent', 'delivered', 'undelivered', 'failed'].map(
        deliveryStatusOf,
      ),
    ).toEqual([null, null, null, 'sent', 'delivered', 'failed', 'failed']);
  });
});

import { describe, expect, it } from 'vitest';
import { deliveryStatusOf, movesForward } from './delivery-rank.js';

describe('delivery status order', () => {
  it('moves from nothing through sent and delivered to read', () => {
    expect(movesForward(null, 'sent')).toBe(true);
    expect(movesForward('sent', 'delivered')).toBe(true);
    expect(movesForward('delivered', 'read')).toBe(true);
    expect(movesForward('sent', 'read')).toBe(true);
    expect(movesForward(null, 'failed')).toBe(true);
    expect(movesForward('sent', 'failed')).toBe(true);
  });

  it('never goes back, twice, or anywhere from failed', () => {
    expect(movesForward('read', 'delivered')).toBe(false);
    expect(movesForward('read', 'sent')).toBe(false);
    expect(movesForward('delivered', 'delivered')).toBe(false);
    expect(movesForward('delivered', 'failed')).toBe(false);
    expect(movesForward('read', 'failed')).toBe(false);
    expect(movesForward('failed', 'read')).toBe(false);
  });

  it('reports only the statuses the core has a word for', () => {
    expect(
      ['sent', 'delivered', 'read', 'failed', 'deleted', 'played'].map(deliveryStatusOf),
    ).toEqual(['sent', 'delivered', 'read', 'failed', null, null]);
  });
});

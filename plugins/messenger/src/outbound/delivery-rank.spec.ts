import { describe, expect, it } from 'vitest';
import { movesForward } from './delivery-rank.js';

describe('delivery status order', () => {
  it('moves from nothing, and from sent to delivered to read', () => {
    expect(movesForward(null, 'sent')).toBe(true);
    expect(movesForward('sent', 'delivered')).toBe(true);
    expect(movesForward('delivered', 'read')).toBe(true);
    expect(movesForward('sent', 'read')).toBe(true);
  });

  it('never goes back: no delivered after read, nothing after failed', () => {
    expect(movesForward('read', 'delivered')).toBe(false);
    expect(movesForward('read', 'read')).toBe(false);
    expect(movesForward('delivered', 'sent')).toBe(false);
    expect(movesForward('failed', 'read')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { advancesDelivery } from './message.js';

describe('delivery reports', () => {
  it('move a reply forward: pending, sent, delivered', () => {
    expect(advancesDelivery('pending', 'sent')).toBe(true);
    expect(advancesDelivery('sent', 'delivered')).toBe(true);
    expect(advancesDelivery('pending', 'delivered')).toBe(true);
  });

  it('take "read" past delivered, never back from it', () => {
    expect(advancesDelivery('delivered', 'read')).toBe(true);
    expect(advancesDelivery('sent', 'read')).toBe(true);
    expect(advancesDelivery('read', 'delivered')).toBe(false);
    expect(advancesDelivery('read', 'sent')).toBe(false);
    expect(advancesDelivery('failed', 'read')).toBe(false);
  });

  it('never move it back, whatever order they arrive in', () => {
    expect(advancesDelivery('delivered', 'sent')).toBe(false);
    expect(advancesDelivery('failed', 'sent')).toBe(false);
    expect(advancesDelivery('failed', 'delivered')).toBe(false);
    expect(advancesDelivery('bounced', 'sent')).toBe(false);
  });

  it('let a failure or a bounce end a reply that was only sent, or even delivered', () => {
    expect(advancesDelivery('sent', 'bounced')).toBe(true);
    expect(advancesDelivery('delivered', 'failed')).toBe(true);
  });

  it('take the same status twice as no move', () => {
    expect(advancesDelivery('sent', 'sent')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { recipientOf } from './recipient-of.js';

const window = (userId: string | null) => ({
  lastCustomerMessageAt: '2026-12-01T10:00:00.000Z',
  waId: null,
  userId,
});

describe('whom a WhatsApp message goes to', () => {
  it('sends to the phone of a wa_id handle', () => {
    expect(recipientOf('whatsapp:4915112345678', null)).toEqual({ to: '4915112345678' });
  });

  it('sends to a business-scoped user id as Meta spelled it', () => {
    expect(recipientOf('whatsapp:us.1349abcdef', window('US.1349AbcDef'))).toEqual({
      recipient: 'US.1349AbcDef',
    });
  });

  it('puts country and ENT back in capitals when the spelling is not known', () => {
    expect(recipientOf('whatsapp:us.13491208655302741918', null)).toEqual({
      recipient: 'US.13491208655302741918',
    });
    expect(recipientOf('whatsapp:us.ent.11815799212886844830', window('BR.1'))).toEqual({
      recipient: 'US.ENT.11815799212886844830',
    });
  });
});

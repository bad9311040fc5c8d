import { describe, expect, it } from 'vitest';
import { senderOf } from './sender-of.js';

describe('who wrote a WhatsApp message', () => {
  it('is the wa_id, named from its contacts entry', () => {
    const value = {
      contacts: [
        { profile: { name: 'Someone else' }, wa_id: '15550000000' },
        { profile: { name: ' Zoë Ångström ' }, wa_id: '4915112345678', user_id: 'DE.1234' },
      ],
    };
    expect(senderOf(value, { from: '4915112345678', from_user_id: 'DE.1234' })).toEqual({
      handle: 'whatsapp:4915112345678',
      waId: '4915112345678',
      userId: 'DE.1234',
      name: 'Zoë Ångström',
    });
  });

  it('is the business-scoped user id for a user without a visible phone number', () => {
    const value = { contacts: [{ profile: { name: 'Bob' }, user_id: 'US.13491208655302741918' }] };
    expect(senderOf(value, { from_user_id: 'US.13491208655302741918' })).toEqual({
      handle: 'whatsapp:us.13491208655302741918',
      waId: null,
      userId: 'US.13491208655302741918',
      name: 'Bob',
    });
  });

  it('has no name without a profile, and is nobody without any id', () => {
    expect(senderOf({}, { from: '15551234567' })?.name).toBeNull();
    expect(senderOf({ contacts: [] }, {})).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { handleOf, personOfHandle } from './person.js';

describe('contact handles', () => {
  it('names Messenger and Instagram people as the core keeps them', () => {
    expect(handleOf({ platform: 'messenger', id: '6912345678901234' })).toBe(
      'messenger:6912345678901234',
    );
    expect(personOfHandle('instagram:17841400000000001')).toEqual({
      platform: 'instagram',
      id: '17841400000000001',
    });
  });

  it('leaves other platforms’ handles to their plugins', () => {
    expect(personOfHandle('whatsapp:15551234567')).toBeNull();
    expect(personOfHandle('telegram:-1001234567890')).toBeNull();
    expect(personOfHandle('messenger:@ann')).toBeNull();
  });
});

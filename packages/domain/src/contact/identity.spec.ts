import { describe, expect, it } from 'vitest';
import { InvalidIdentity } from '../errors.js';
import { normalizeIdentity, phoneSchema } from './identity.js';

describe('normalizeIdentity', () => {
  it('lower-cases an email address so one person is found again', () => {
    expect(normalizeIdentity('email', '  Alice@Example.COM ')).toEqual({
      kind: 'email',
      value: 'alice@example.com',
    });
  });

  it.each([
    ['zoë@exämple.com', 'zoë@exämple.com'],
    ['Zoë@Exämple.COM', 'zoë@exämple.com'],
    ['用户@例子.广告', '用户@例子.广告'],
    ['иван@почта.рф', 'иван@почта.рф'],
    ['alice@xn--exmple-cua.com', 'alice@xn--exmple-cua.com'],
    ["o'brien+tag@mail.example.co.uk", "o'brien+tag@mail.example.co.uk"],
  ])('accepts the internationalised or unusual address %j (RFC 6531)', (raw, value) => {
    expect(normalizeIdentity('email', raw)).toEqual({ kind: 'email', value });
  });

  it('writes a decomposed accent (e + combining diaeresis) as the same address', () => {
    expect(normalizeIdentity('email', 'zoe\u0308@example.com').value).toBe('zoë@example.com');
  });

  it.each([
    'alice',
    'alice@',
    '@example.com',
    'alice example@example.com',
    'alice@example',
    'alice@exa mple.com',
    '.alice@example.com',
    'al..ice@example.com',
    'alice.@example.com',
    'alice@-example.com',
    'alice@example.c',
    'a@b@example.com',
    '"quoted"@example.com',
  ])('rejects %j as an email address', (raw) => {
    expect(() => normalizeIdentity('email', raw)).toThrow(InvalidIdentity);
  });

  it('writes a spaced international phone number in E.164', () => {
    expect(normalizeIdentity('phone', '+49 151 12345678')).toEqual({
      kind: 'phone',
      value: '+4915112345678',
    });
  });

  it('refuses a phone number without its country code', () => {
    expect(() => normalizeIdentity('phone', '0151 12345678')).toThrow(InvalidIdentity);
  });

  it('refuses a phone number that cannot exist', () => {
    expect(() => normalizeIdentity('phone', '+49 1')).toThrow(InvalidIdentity);
  });

  it('writes a social handle as platform:handle in lower case, without the @', () => {
    expect(normalizeIdentity('social', 'Twitter:@Alice')).toEqual({
      kind: 'social',
      value: 'twitter:alice',
    });
  });

  it('refuses a social handle without a platform', () => {
    expect(() => normalizeIdentity('social', '@alice')).toThrow(InvalidIdentity);
  });
});

describe('phoneSchema', () => {
  it('accepts an international number and explains why a local one is refused', () => {
    expect(phoneSchema.safeParse('+49 151 12345678').success).toBe(true);
    const local = phoneSchema.safeParse('0151 12345678');
    expect(local.success).toBe(false);
    expect(local.error?.issues[0]?.message).toMatch(/international form/);
  });
});

import fc from 'fast-check';
import { getCountries, getExampleNumber } from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { isE164, toE164 } from './e164.js';

// One real mobile number per country, as libphonenumber's metadata gives it.
const anExampleNumber = fc
  .constantFrom(...getCountries())
  .map((country) => ({ country, phone: getExampleNumber(country, examples)! }));

describe('toE164', () => {
  it.each([
    ['+44 20 7946 0958', '+442079460958'],
    ['+442079460958', '+442079460958'],
    ['  +1 (202) 555-0123 ', '+12025550123'],
    ['+44.20.7946.0958', '+442079460958'],
    ['tel:+44-20-7946-0958', '+442079460958'],
    ['TEL:+44-20-7946-0958', '+442079460958'],
    ['tel:+1-201-555-0123;ext=1234', '+12015550123'],
    ['tel:020-7946-0958;phone-context=+44', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+44 20 7946 0958 ext. 12', '+442079460958'],
  ])('writes %j as %j without a default country', (input, e164) => {
    expect(toE164(input)).toBe(e164);
  });

  it('reads national notation in the default country', () => {
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(toE164('(202) 555-0123', 'US')).toBe('+12025550123');
    expect(toE164('0151 12345678', 'DE')).toBe('+4915112345678');
  });

  it("reads the default country's own international prefix, and 00 where that is another", () => {
    expect(toE164('011 44 20 7946 0958', 'US')).toBe('+442079460958');
    expect(toE164('0011 44 20 7946 0958', 'AU')).toBe('+442079460958');
    expect(toE164('0044 20 7946 0958', 'DE')).toBe('+442079460958');
    expect(toE164('0044 20 7946 0958', 'US')).toBe('+442079460958');
  });

  it('keeps an international number in its own country whatever the default', () => {
    expect(toE164('+1 202 555 0123', 'GB')).toBe('+12025550123');
  });

  it.each([
    ['', undefined],
    ['hello', undefined],
    ['+49 1', undefined],
    ['+4420794609589999', undefined],
    ['+999 1234567', undefined],
    ['020 7946 0958', undefined],
    ['call +44 20 7946 0958', undefined],
    ['+44 20 7946 0958 please', undefined],
    ['0011 44 20 7946 0958', undefined],
  ] as const)('refuses %j (default country %s)', (input, country) => {
    expect(toE164(input, country)).toBeNull();
  });

  it('writes every country’s numbers the same from international, national, tel: and 00 forms', () => {
    fc.assert(
      fc.property(anExampleNumber, ({ country, phone }) => {
        expect(toE164(phone.formatInternational())).toBe(phone.number);
        expect(toE164(phone.formatNational(), country)).toBe(phone.number);
        expect(toE164(phone.getURI())).toBe(phone.number);
        expect(toE164(`00${phone.number.slice(1)}`)).toBe(phone.number);
      }),
    );
  });

  it('gives E.164 or nothing, and its answer is a fixed point', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.stringMatching(/^(\+|00|tel:\+)?[0-9 ().-]{0,20}$/),
          anExampleNumber.map(({ phone }) => phone.formatInternational()),
        ),
        (input) => {
          const e164 = toE164(input);
          if (e164 === null) return;
          expect(isE164(e164)).toBe(true);
          expect(toE164(e164)).toBe(e164);
        },
      ),
    );
  });
});

describe('isE164', () => {
  it.each(['+442079460958', '+12025550123', '+6834002', '+123456789012345'])('accepts %j', (s) => {
    expect(isE164(s)).toBe(true);
  });

  it.each([
    '442079460958',
    '+44 20 7946 0958',
    '+0442079460958',
    '+1234567890123456',
    '+1',
    'tel:+442079460958',
    '+442079460958\n',
    '',
  ])('refuses %j', (s) => {
    expect(isE164(s)).toBe(false);
  });
});

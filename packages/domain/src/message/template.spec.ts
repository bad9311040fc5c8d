import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pickTemplate, renderTemplate, type MessageTemplate } from './template.js';

const t = (over: Partial<MessageTemplate>): MessageTemplate => ({
  name: 'order_update',
  language: 'en_US',
  channel: 'social',
  status: 'APPROVED',
  parameters: 1,
  body: 'Hi {{1}}',
  ...over,
});

describe('pickTemplate', () => {
  const known = [
    t({}),
    t({ language: 'de_DE' }),
    t({ name: 'greeting', parameters: 0 }),
    t({ name: 'promo', status: 'PAUSED' }),
    t({ name: 'promo', language: 'fr_FR', status: 'approved' }),
    t({ name: 'greeting', channel: 'sms', language: 'es_ES' }),
  ];

  it('takes the language asked for', () => {
    expect(
      pickTemplate(known, 'social', { name: 'order_update', language: 'de_DE' })?.language,
    ).toBe('de_DE');
    expect(pickTemplate(known, 'social', { name: 'order_update', language: 'it_IT' })).toBeNull();
  });

  it('takes the only approved translation of the channel when none is named', () => {
    expect(pickTemplate(known, 'social', { name: 'greeting' })?.language).toBe('en_US');
    expect(pickTemplate(known, 'social', { name: 'promo' })?.language).toBe('fr_FR');
    expect(pickTemplate(known, 'social', { name: 'order_update' })).toBeNull(); // two: say which
  });

  it('never takes one the provider did not approve, or another channel’s', () => {
    expect(pickTemplate(known, 'social', { name: 'promo', language: 'en_US' })).toBeNull();
    expect(pickTemplate(known, 'sms', { name: 'order_update' })).toBeNull();
    expect(pickTemplate(known, 'sms', { name: 'greeting' })?.language).toBe('es_ES');
  });
});

describe('renderTemplate', () => {
  it('fills each placeholder with its parameter, spaces inside braces allowed', () => {
    expect(renderTemplate('Hi {{1}}, case {{ 2 }} is {{1}}’s', ['Zoë', '#1042'])).toBe(
      'Hi Zoë, case #1042 is Zoë’s',
    );
  });

  it('leaves a placeholder without a parameter as it is, and reads no parameter as a pattern', () => {
    expect(renderTemplate('{{1}} {{3}}', ['$&', 'b'])).toBe('$& {{3}}');
  });

  it('keeps every parameter’s text whole', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (params) => {
        const body = params.map((_, i) => `[{{${i + 1}}}]`).join('');
        return renderTemplate(body, params) === params.map((p) => `[${p}]`).join('');
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { parameterCount, syncedTemplates } from './synced-templates.js';

describe('template parameters', () => {
  it('counts a body’s positional parameters by the highest {{n}}', () => {
    expect(parameterCount('Hello {{1}}, your order {{2}} ships {{ 3 }}.')).toBe(3);
    expect(parameterCount('{{2}} before {{1}}, {{1}} twice')).toBe(2);
    expect(parameterCount('No parameters here')).toBe(0);
    expect(parameterCount('Named {{customer_name}} are not positional')).toBe(0);
  });
});

describe('templates as the hub lists them', () => {
  it('takes the BODY text and its parameter count, on channel social', () => {
    expect(
      syncedTemplates([
        {
          id: '1',
          name: 'order_update',
          language: 'en_US',
          status: 'APPROVED',
          category: 'UTILITY',
          components: [
            { type: 'HEADER', format: 'TEXT', text: 'Order news' },
            { type: 'BODY', text: 'Hello {{1}}, your order {{2}} is on its way.' },
            { type: 'FOOTER', text: 'Acme' },
          ],
        },
        { name: 'paused_promo', language: 'de', status: 'PAUSED', components: [] },
      ]),
    ).toEqual([
      {
        name: 'order_update',
        language: 'en_US',
        channel: 'social',
        status: 'APPROVED',
        category: 'UTILITY',
        parameters: 2,
        body: 'Hello {{1}}, your order {{2}} is on its way.',
      },
      {
        name: 'paused_promo',
        language: 'de',
        channel: 'social',
        status: 'PAUSED',
        category: null,
        parameters: 0,
        body: null,
      },
    ]);
  });

  it('leaves out what the hub cannot hold', () => {
    expect(
      syncedTemplates([
        { name: 'x'.repeat(513), language: 'en', status: 'APPROVED' },
        { name: 'ok', language: 'e', status: 'APPROVED' },
      ]),
    ).toEqual([]);
  });
});

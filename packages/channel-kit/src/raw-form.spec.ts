import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseForm } from './raw-form.js';

describe('parseForm', () => {
  it('reads a Twilio inbound body: "+" as a space, %2B as a plus, UTF-8 text', () => {
    const body = 'From=%2B447700900123&Body=Hello+there+%F0%9F%91%8B&NumMedia=0';
    expect(parseForm(body)).toEqual({
      From: '+447700900123',
      Body: 'Hello there 👋',
      NumMedia: '0',
    });
    expect(parseForm(Buffer.from(body))).toEqual(parseForm(body));
  });

  it('keeps every value of a repeated field, in order', () => {
    expect(parseForm('MediaUrl=b&To=x&MediaUrl=a&MediaUrl=b')).toEqual({
      MediaUrl: ['b', 'a', 'b'],
      To: 'x',
    });
  });

  it('keeps empty fields and names', () => {
    expect(parseForm('Body=&=x&Flag')).toEqual({ Body: '', '': 'x', Flag: '' });
    expect(parseForm('')).toEqual({});
  });

  it('takes a field named __proto__ as a field like any other', () => {
    const form = parseForm('__proto__=x&constructor=y');
    expect(Object.keys(form)).toEqual(['__proto__', 'constructor']);
    expect(form.__proto__).toBe('x');
    expect(Object.getPrototypeOf(form)).toBe(Object.prototype);
  });

  it('reads back any fields a form encoder wrote', () => {
    const value = fc.string({ unit: 'grapheme', maxLength: 20 });
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ unit: 'grapheme', maxLength: 10 }),
          fc.oneof(value, fc.array(value, { minLength: 2, maxLength: 4 })),
        ),
        (fields) => {
          const encoder = new URLSearchParams();
          for (const [name, v] of Object.entries(fields)) {
            for (const one of Array.isArray(v) ? v : [v]) encoder.append(name, one);
          }
          expect(parseForm(Buffer.from(encoder.toString()))).toEqual(fields);
        },
      ),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnstorableText, toStorableText, unstorableReason } from './storable-text.js';

const bad = fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\u0000b', 'x\ud83d');

describe('storable text', () => {
  it('accepts any well-formed text without NUL, emoji and accents included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        fc.pre(!s.includes('\u0000'));
        expect(unstorableReason(s)).toBeUndefined();
      }),
    );
    expect(unstorableReason('Grüße 👋 façade')).toBeUndefined();
  });

  it('names NUL and unpaired surrogates', () => {
    expect(unstorableReason('a\u0000b')).toMatch(/NUL/);
    expect(unstorableReason('a\ud800')).toMatch(/unpaired surrogate/);
    expect(unstorableReason('\udc00x')).toMatch(/unpaired surrogate/);
  });

  it('finds the path of every such string, keys included', () => {
    const found = findUnstorableText({
      subject: 'ok',
      description: 'a\u0000',
      tags: ['x', '\ud800'],
      customFields: { ['k\u0000']: 1, nested: { deep: ['\u0000'] } },
    });
    expect(found.map((f) => [f.path.join('/'), f.inKey])).toEqual([
      ['description', false],
      ['tags/1', false],
      ['customFields/k\u0000', true],
      ['customFields/nested/deep/0', false],
    ]);
  });

  it('finds a bad string wherever it sits in any JSON value', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        bad,
        fc.array(fc.string({ minLength: 1 }), { maxLength: 4 }),
        (v, b, path) => {
          // Own properties, as JSON.parse makes them: a key `__proto__` included.
          const own = (o: object, key: string, value: unknown) =>
            Object.defineProperty(o, key, { value, enumerable: true, writable: true });
          const root: Record<string, unknown> = {};
          let at = root;
          for (const key of path) {
            const next = {};
            own(at, key, next);
            at = next;
          }
          own(at, 'value', b);
          own(at, 'other', v);
          const found = findUnstorableText(root, 1000);
          expect(
            found.some((f) => f.path.join('\u0001') === [...path, 'value'].join('\u0001')),
          ).toBe(true);
        },
      ),
    );
  });

  it('cleans to text that can be stored, and leaves good values as they are', () => {
    fc.assert(
      fc.property(fc.jsonValue(), bad, (v, b) => {
        const dirty = { v, b, [`key${b}`]: [b] };
        expect(findUnstorableText(toStorableText(dirty))).toEqual([]);
        const clean = toStorableText(v);
        if (findUnstorableText(v).length === 0) expect(clean).toBe(v);
      }),
    );
    expect(toStorableText({ body: 'a\u0000b\ud800c' })).toEqual({ body: 'ab\ufffdc' });
  });
});

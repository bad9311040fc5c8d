import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitText } from './split-text.js';

describe('splitting a long reply into messages', () => {
  it('keeps a text that fits as one message, exactly', () => {
    expect(splitText('Your refund is on its way.\n', 4096)).toEqual([
      'Your refund is on its way.\n',
    ]);
    expect(splitText('é'.repeat(2000), 2000)).toEqual(['é'.repeat(2000)]);
  });

  it('cuts at a paragraph in the second half, else between words', () => {
    const para = 'word '.repeat(700).trim(); // 3,499 characters
    expect(splitText(`${para}\n${para}`, 4096)).toEqual([para, para]);
    const words = splitText('lorem '.repeat(1500), 4096);
    expect(words.length).toBe(3);
    expect(words.every((p) => p.length <= 4096 && !p.startsWith(' '))).toBe(true);
  });

  it('loses no word and keeps every part within the limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-zäöü😀]{1,12}$/u), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 20, max: 300 }),
        (words, max) => {
          const parts = splitText(words.join(' '), max);
          return (
            parts.every((p) => p.length <= max) &&
            parts.join(' ').split(' ').join('') === words.join('')
          );
        },
      ),
    );
  });

  it('cuts a word longer than a message, never inside an emoji', () => {
    expect(splitText(`${'a'.repeat(9)}😀${'b'.repeat(5)}`, 10)).toEqual([
      'a'.repeat(9),
      `😀${'b'.repeat(5)}`,
    ]);
  });
});

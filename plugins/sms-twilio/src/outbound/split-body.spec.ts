import { describe, expect, it } from 'vitest';
import { splitBody } from './split-body.js';

describe('splitting a long reply into texts', () => {
  it('keeps a text that fits as it is', () => {
    expect(splitBody('Your parcel is on its way.')).toEqual(['Your parcel is on its way.']);
    expect(splitBody('x'.repeat(1600))).toHaveLength(1);
  });

  it('splits at whitespace, each part at most 1,600 characters, nothing lost', () => {
    const words = Array.from({ length: 500 }, (_, i) => `word${i}`);
    const parts = splitBody(words.join(' '));
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(1600);
    expect(parts.join(' ').split(' ')).toEqual(words);
  });

  it('cuts a word longer than a message, never inside an emoji', () => {
    const parts = splitBody(`${'a'.repeat(9)}😀${'b'.repeat(5)}`, 10);
    expect(parts).toEqual(['a'.repeat(9), `😀${'b'.repeat(5)}`]);
  });
});

import { describe, expect, it } from 'vitest';
import { splitText } from './split-text.js';

describe('splitting a long reply into messages', () => {
  it('keeps a reply that fits as it is', () => {
    expect(splitText('Votre colis est en route.')).toEqual(['Votre colis est en route.']);
    expect(splitText('é'.repeat(2000))).toHaveLength(1);
  });

  it('splits at whitespace, each part at most 2,000 characters, nothing lost', () => {
    const words = Array.from({ length: 300 }, (_, i) => `wörd${i}`);
    const parts = splitText(words.join(' '));
    expect(parts.length).toBe(2);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts.join(' ').split(' ')).toEqual(words);
  });

  it('cuts a word longer than a message, never inside an emoji', () => {
    expect(splitText(`${'a'.repeat(9)}😀${'b'.repeat(5)}`, 10)).toEqual([
      'a'.repeat(9),
      `😀${'b'.repeat(5)}`,
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_TEXT, splitText } from './split-text.js';

describe('splitting a long reply for Telegram', () => {
  it('keeps a text that fits as one message, exactly', () => {
    expect(splitText('Your refund is on its way.\n')).toEqual(['Your refund is on its way.\n']);
    expect(splitText('x'.repeat(MAX_TEXT))).toEqual(['x'.repeat(MAX_TEXT)]);
  });

  it('cuts at a paragraph, else between words, each part within 4096', () => {
    const para = 'word '.repeat(700).trim(); // 3,499 characters
    const parts = splitText(`${para}\n${para}`);
    expect(parts).toEqual([para, para]);
    const words = splitText('lorem '.repeat(1500));
    expect(words.length).toBe(3);
    expect(words.every((p) => p.length <= MAX_TEXT && !p.startsWith(' '))).toBe(true);
    expect(words.join(' ').split(/\s+/).filter(Boolean)).toHaveLength(1500);
  });

  it('cuts a word longer than the limit, never inside an emoji', () => {
    const text = `${'a'.repeat(MAX_TEXT - 1)}😀tail`;
    const parts = splitText(text);
    expect(parts[0]).toBe('a'.repeat(MAX_TEXT - 1));
    expect(parts[1]).toBe('😀tail');
  });
});

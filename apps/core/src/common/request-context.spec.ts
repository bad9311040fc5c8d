import { describe, expect, it } from 'vitest';
import { childTraceparent, parseIfMatch } from './request-context.js';

describe('request context', () => {
  it('continues the caller trace with a new span id', () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const child = childTraceparent(incoming);
    expect(child).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(child).not.toBe(incoming);
  });

  it('starts a new trace when the header is missing or malformed', () => {
    for (const bad of [
      undefined,
      'garbage',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    ]) {
      const t = childTraceparent(bad);
      expect(t).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(t).not.toContain('00000000000000000000000000000000');
    }
  });

  it('reads If-Match versions in the forms clients send', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch('7')).toBe(7);
    expect(parseIfMatch('*')).toBeNull();
    expect(parseIfMatch(undefined)).toBeNull();
    expect(parseIfMatch('"abc"')).toBeNaN();
  });
});

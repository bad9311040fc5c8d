import { describe, expect, it } from 'vitest';
import { SERVICE_WINDOW_MS, windowOpen } from './service-window.js';

const at = '2026-12-01T10:00:00.000Z';
const t = (ms: number) => Date.parse(at) + ms;

describe('the 24-hour customer service window', () => {
  it('is open from the customer’s message until a minute before 24 hours have passed', () => {
    expect(windowOpen(at, t(0))).toBe(true);
    expect(windowOpen(at, t(23 * 3600_000))).toBe(true);
    expect(windowOpen(at, t(SERVICE_WINDOW_MS - 61_000))).toBe(true);
    expect(windowOpen(at, t(SERVICE_WINDOW_MS - 59_000))).toBe(false);
    expect(windowOpen(at, t(SERVICE_WINDOW_MS + 1))).toBe(false);
  });

  it('is closed for a customer who never wrote', () => {
    expect(windowOpen(null)).toBe(false);
    expect(windowOpen('not a date')).toBe(false);
  });
});

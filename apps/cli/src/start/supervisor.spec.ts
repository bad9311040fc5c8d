import { describe, expect, it } from 'vitest';
import { restartDelay } from './supervisor.js';

describe('restart back-off', () => {
  it('starts at 1 s, doubles up to 30 s, and starts over after a healthy run', () => {
    const delays: number[] = [];
    let last: number | null = null;
    for (let i = 0; i < 8; i++) delays.push((last = restartDelay(500, last)));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(restartDelay(60_000, 30_000)).toBe(1_000);
  });
});

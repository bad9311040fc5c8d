import { describe, expect, it } from 'vitest';
import { childMemoryEnv, childNodeFlags } from './child-memory.js';

describe('childNodeFlags', () => {
  it("passes on the hub's own flags and keeps the young generation small", () => {
    expect(childNodeFlags(['--enable-source-maps'])).toEqual([
      '--enable-source-maps',
      '--max-semi-space-size=4',
      '--heap-growing-percent=30',
    ]);
  });

  it('leaves the sizes the operator chose alone', () => {
    expect(childNodeFlags(['--max-semi-space-size=16'])).toEqual([
      '--max-semi-space-size=16',
      '--heap-growing-percent=30',
    ]);
    expect(childNodeFlags(['--heap-growing-percent=50'], '--max-semi-space-size=8')).toEqual([
      '--heap-growing-percent=50',
    ]);
  });
});

describe('childMemoryEnv', () => {
  it('gives the children two malloc arenas and keeps the rest of their environment', () => {
    expect(childMemoryEnv({ DATABASE_URL: 'x' })).toEqual({
      DATABASE_URL: 'x',
      MALLOC_ARENA_MAX: '2',
    });
  });

  it('leaves an arena count the operator chose alone', () => {
    expect(childMemoryEnv({ MALLOC_ARENA_MAX: '8' })).toEqual({ MALLOC_ARENA_MAX: '8' });
  });
});

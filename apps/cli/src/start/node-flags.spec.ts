import { describe, expect, it } from 'vitest';
import { childNodeFlags } from './node-flags.js';

describe('childNodeFlags', () => {
  it("passes on the hub's own flags and keeps the young generation small", () => {
    expect(childNodeFlags(['--enable-source-maps'])).toEqual([
      '--enable-source-maps',
      '--max-semi-space-size=4',
    ]);
  });

  it('leaves a young generation the operator chose alone', () => {
    expect(childNodeFlags(['--max-semi-space-size=16'])).toEqual(['--max-semi-space-size=16']);
    expect(childNodeFlags([], '--max-semi-space-size=8 --trace-gc')).toEqual([]);
  });
});

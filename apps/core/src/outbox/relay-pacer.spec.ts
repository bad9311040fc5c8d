import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RelayPacer } from './relay-pacer.js';

/** A pacer whose batches are settled by hand, on fake timers. */
function harness(slots = 2, coalesceMs = 5) {
  const batches: { claimed: (full: boolean) => void; done: () => void }[] = [];
  const pacer = new RelayPacer({
    slots,
    coalesceMs,
    start: (claimed, done) => batches.push({ claimed, done }),
    now: () => Date.now(),
  });
  return { pacer, batches };
}

describe('RelayPacer', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('claims at once after a quiet spell', () => {
    const { pacer, batches } = harness();
    pacer.nudge();
    expect(batches).toHaveLength(1);
  });

  it('turns the commits that land during a claim into one more claim, after the coalescing window', () => {
    const { pacer, batches } = harness(4, 5);
    pacer.nudge();
    for (let i = 0; i < 50; i++) pacer.nudge();
    expect(batches).toHaveLength(1); // one claim at a time
    batches[0].claimed(false);
    expect(batches).toHaveLength(1); // the window since the last claim has not passed
    vi.advanceTimersByTime(5);
    expect(batches).toHaveLength(2);
    batches[1].claimed(false);
    vi.advanceTimersByTime(100);
    expect(batches).toHaveLength(2); // nothing new was committed
  });

  it('takes a backlog without waiting, up to its slots, and goes on as slots free up', () => {
    const { pacer, batches } = harness(2, 5);
    pacer.nudge();
    batches[0].claimed(true);
    expect(batches).toHaveLength(2);
    batches[1].claimed(true);
    expect(batches).toHaveLength(2); // both slots publish
    batches[0].done();
    expect(batches).toHaveLength(3);
  });

  it('claims nothing while paused after an error, then resumes', () => {
    const { pacer, batches } = harness();
    pacer.nudge();
    batches[0].claimed(false);
    batches[0].done();
    pacer.pause(1_000);
    pacer.nudge();
    vi.advanceTimersByTime(999);
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(batches).toHaveLength(2);
  });

  it('starts nothing once stopped', () => {
    const { pacer, batches } = harness();
    pacer.nudge();
    batches[0].claimed(false);
    pacer.nudge();
    pacer.stop();
    vi.advanceTimersByTime(100);
    expect(batches).toHaveLength(1);
    expect(pacer.idle).toBe(false);
    batches[0].done();
    expect(pacer.idle).toBe(true);
  });
});

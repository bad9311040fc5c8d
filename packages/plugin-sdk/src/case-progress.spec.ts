import { describe, expect, it } from 'vitest';
import { formatProgress, parseProgress, progressAfter, wasHandled } from './case-progress.js';

const fresh = (...steps: [number, boolean][]) =>
  steps.reduce<ReturnType<typeof progressAfter> | null>(
    (p, [seq, handled]) => progressAfter(p, seq, handled),
    null,
  );

describe('a case’s progress', () => {
  it('says events handled in order were handled, and later ones not yet', () => {
    const p = fresh([1, true], [2, true], [3, true]);
    expect(p).toEqual({ done: 3, legacyUpTo: 0, unhandled: [] });
    expect([1, 2, 3].map((s) => wasHandled(p, s, false))).toEqual([true, true, true]);
    expect(wasHandled(p, 4, false)).toBe(false);
  });

  it('keeps a dead-lettered event unhandled, so replaying it handles it, and moves on past it', () => {
    const p = fresh([1, true], [2, false], [3, true]);
    expect(p!.done).toBe(3); // the case's next event need not wait for the parked one
    expect(wasHandled(p, 2, false)).toBe(false);
    const replayed = progressAfter(p, 2, true);
    expect(wasHandled(replayed, 2, false)).toBe(true);
    expect(replayed.unhandled).toEqual([]);
  });

  it('remembers the events it went ahead without, and takes them when they come', () => {
    const p = fresh([1, true], [4, true]); // 2 and 3 overtaken (order wait given up)
    expect(p!.unhandled).toEqual([2, 3]);
    expect(wasHandled(p, 3, false)).toBe(false);
    expect(progressAfter(p, 3, true).unhandled).toEqual([2]);
  });

  it('asks the event keys about what came before the first event it saw of a case', () => {
    const p = fresh([57, true]); // joined late, or the first events are in hand elsewhere
    expect(p).toEqual({ done: 57, legacyUpTo: 56, unhandled: [] });
    expect(wasHandled(p, 12, false)).toBe('ask-event-key');
    expect(progressAfter(p, 12, true)).toEqual(p); // recorded by its event key instead
  });

  it('reads the older SDK’s bare number: its events are judged by their keys', () => {
    const legacy = parseProgress('7');
    expect(legacy).toEqual({ done: 7, legacyUpTo: 7, unhandled: [] });
    expect(wasHandled(legacy, 7, true)).toBe('ask-event-key');
    expect(wasHandled(legacy, 8, false)).toBe(false);
    // The older SDK remembered an event, then stopped before advancing the case: it comes back.
    expect(wasHandled(legacy, 8, true)).toBe('ask-event-key');
    expect(formatProgress(progressAfter(legacy, 8, true))).toBe('8;7;');
  });

  it('round-trips through its stored form', () => {
    const p = { done: 9, legacyUpTo: 2, unhandled: [4, 6] };
    expect(formatProgress(p)).toBe('9;2;4,6');
    expect(parseProgress(formatProgress(p))).toEqual(p);
  });
});

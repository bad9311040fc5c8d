import type { EventEmitter } from 'node:events';

/** Where a fake keeps what it accepted, and how it says when more comes. */
export interface MatchSource<S, T> {
  /** The fake's name, for the error. */
  fake: string;
  /** Everything accepted so far, as callers see it. */
  current: () => T[];
  /** Emits `event` with what was stored, each time something is accepted. */
  events: EventEmitter;
  event: string;
  /** What callers see of a stored item. */
  view: (stored: S) => T;
  /** One line per item in the error, e.g. `+15558675310: "Hello"`. */
  describe: (item: T) => string;
}

/**
 * The first item that matches: one accepted already, or the next to arrive. Rejects after
 * `timeoutMs` naming what was accepted instead, so a failing test says what the fake did get.
 * What every fake's `waitForMessage` does.
 */
export function waitForMatch<S, T>(
  source: MatchSource<S, T>,
  predicate: (item: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const already = source.current().find(predicate);
  if (already) return Promise.resolve(already);
  return new Promise((resolve, reject) => {
    const onItem = (stored: S) => {
      const item = source.view(stored);
      if (!predicate(item)) return;
      clearTimeout(timer);
      source.events.off(source.event, onItem);
      resolve(item);
    };
    const timer = setTimeout(() => {
      source.events.off(source.event, onItem);
      const got = source.current().map(source.describe).join('; ') || 'nothing';
      reject(
        new Error(`${source.fake}: no matching message within ${timeoutMs} ms (sent: ${got})`),
      );
    }, timeoutMs);
    source.events.on(source.event, onItem);
  });
}

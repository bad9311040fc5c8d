import { setMaxListeners } from 'node:events';

/**
 * What a fake's closing aborts: every callback or webhook in flight and every delay before one.
 * Hundreds of them wait on it at once under load, by design: no listener limit to warn about.
 */
export function stopController(): AbortController {
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  return stop;
}

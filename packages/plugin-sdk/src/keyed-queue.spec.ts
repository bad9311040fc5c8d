import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedQueue', () => {
  it('keeps the order within a key while other keys run alongside', async () => {
    const q = new KeyedQueue(8);
    const log: string[] = [];
    const task = (key: string, n: number, ms: number) => () =>
      tick(ms).then(() => {
        log.push(`${key}${n}`);
      });
    void q.run('a', task('a', 1, 30));
    void q.run('a', task('a', 2, 1));
    void q.run('b', task('b', 1, 5));
    await q.idle();
    expect(log.indexOf('a1')).toBeLessThan(log.indexOf('a2'));
    expect(log[0]).toBe('b1'); // b did not wait behind a
  });

  it('never runs more than the limit at once', async () => {
    const q = new KeyedQueue(2);
    let now = 0;
    let peak = 0;
    for (let i = 0; i < 6; i++) {
      void q.run(`k${i}`, async () => {
        peak = Math.max(peak, ++now);
        await tick(5);
        now--;
      });
    }
    await q.idle();
    expect(peak).toBe(2);
  });

  it('goes on with a key after a task fails', async () => {
    const q = new KeyedQueue(1);
    const log: number[] = [];
    void q.run('a', () => Promise.reject(new Error('boom')));
    void q.run('a', () => {
      log.push(2);
      return Promise.resolve();
    });
    await q.idle();
    expect(log).toEqual([2]);
  });
});

import { describe, expect, it } from 'vitest';
import type { PartRecord } from '../state/smpp-state.js';
import { hexToDecimal, normalizeSmscId } from '../state/smpp-state.js';
import { verdictOf } from './submitter.js';
import { Pacer, Window } from './pacing.js';

const part = (stat?: string, err = '000'): PartRecord => ({
  smscId: '1',
  sending: false,
  receipt: stat ? { stat, err } : null,
});

describe('one status per text, however many parts', () => {
  it('is delivered only once every part is', () => {
    expect(verdictOf({ state: 'submitted', parts: [part('DELIVRD'), part()] })).toBeNull();
    expect(verdictOf({ state: 'submitted', parts: [part('DELIVRD'), part('ENROUTE')] })).toBeNull();
    expect(verdictOf({ state: 'submitted', parts: [part('DELIVRD'), part('DELIVRD')] })).toEqual({
      status: 'delivered',
      error: null,
    });
  });

  it('fails as soon as any part is undeliverable, rejected or expired, naming it', () => {
    expect(verdictOf({ state: 'queued', parts: [part(), part('REJECTD', '0x0b')] })).toEqual({
      status: 'failed',
      error: 'part 2 of 2: stat:REJECTD err:0x0b',
    });
    expect(verdictOf({ state: 'submitted', parts: [part('EXPIRED', '000')] })).toEqual({
      status: 'failed',
      error: 'stat:EXPIRED err:000',
    });
  });
});

describe('SMSC message ids', () => {
  it('match whatever case and leading zeros a receipt writes them with', () => {
    expect(normalizeSmscId(' 00A1B2 ')).toBe('a1b2');
    expect(normalizeSmscId('0')).toBe('0');
  });

  it('read a hex id from submit_sm_resp as the decimal a receipt quotes', () => {
    expect(hexToDecimal('1A2B')).toBe('6699');
    expect(hexToDecimal('msg-7')).toBeNull();
  });
});

describe('pacing', () => {
  it('spaces submits to SMPP_THROUGHPUT a second', async () => {
    const pacer = new Pacer(20);
    const start = performance.now();
    for (let i = 0; i < 5; i++) await pacer.turn();
    expect(performance.now() - start).toBeGreaterThanOrEqual(4 * 50 - 5); // 4 gaps of 50 ms
  });

  it('pauses after ESME_RTHROTTLED, doubling while the SMSC keeps saying so', () => {
    const pacer = new Pacer(10);
    expect([pacer.slowDown(), pacer.slowDown(), pacer.slowDown()]).toEqual([1_000, 2_000, 4_000]);
    pacer.ok();
    expect(pacer.slowDown()).toBe(1_000);
  });

  it('lets no more than the window in flight', async () => {
    const w = new Window(2);
    await w.acquire();
    await w.acquire();
    let third = false;
    const waiting = w.acquire().then(() => (third = true));
    await Promise.resolve();
    expect([third, w.inFlight]).toEqual([false, 2]);
    w.release();
    await waiting;
    expect([third, w.inFlight]).toEqual([true, 2]);
  });
});

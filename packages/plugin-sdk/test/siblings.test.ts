import { Kvm } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Siblings } from '../src/siblings.js';
import { eventually, testStream } from './support.js';

describe("a plugin's replicas, through its inbox bucket", () => {
  let s: Awaited<ReturnType<typeof testStream>>;
  beforeAll(async () => {
    s = await testStream('R');
  });
  afterAll(async () => {
    await s.remove();
  });

  it('know each other from the moment they join, and that they are alone once the other leaves', async () => {
    const kv = await new Kvm(s.nc).create(`${s.stream}_siblings`, { history: 1 });
    const heardByA: boolean[] = [];
    const a = await Siblings.join(kv, (alone) => heardByA.push(alone));
    expect(a.alone).toBe(true);
    const b = await Siblings.join(kv, () => undefined);
    expect(b.alone).toBe(false); // b found a's key before it consumed anything
    await eventually(() => expect(a.alone).toBe(false));
    await b.leave();
    await eventually(() => expect(a.alone).toBe(true));
    expect(heardByA).toEqual([false, true]);
    const c = await Siblings.join(kv, () => undefined);
    expect(c.alone).toBe(false); // a is still there
    await a.leave();
    await eventually(() => expect(c.alone).toBe(true));
    await c.leave();
  });
});

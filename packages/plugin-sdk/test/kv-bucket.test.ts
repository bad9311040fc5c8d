import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KvBucket, SendRecords } from '../src/index.js';
import { NATS_URL, testStream } from './support.js';

describe('KvBucket', () => {
  let s: Awaited<ReturnType<typeof testStream>>;
  let other: NatsConnection;
  const opened: KvBucket[] = [];
  let n = 0;
  /** The same bucket as two replicas see it: each its own connection and memory. */
  const replicas = async (): Promise<[KvBucket, KvBucket]> => {
    const name = `${s.stream}_kvb${n++}`;
    const a = await KvBucket.open(s.nc, name);
    const b = await KvBucket.open(other, name);
    opened.push(a, b);
    return [a, b];
  };

  beforeAll(async () => {
    s = await testStream('K');
    other = await connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    for (const b of opened) b.close();
    for (const b of opened.filter((_, i) => i % 2 === 0)) await b.kv.destroy();
    await other.close();
    await s.remove();
  });

  it('writes as the KV client reads, and refuses a write against a revision that moved', async () => {
    const [a, b] = await replicas();
    const created = await a.create('k', 'one');
    expect(created).toBeGreaterThan(0);
    expect(await a.kv.get('k')).toMatchObject({ revision: created });
    expect(await b.create('k', 'two')).toBeNull(); // b never saw it: tried as new, refused
    expect(await b.get('k')).toEqual({ value: 'one', revision: created });
    const moved = await b.update('k', 'two', created!);
    expect(moved).toBeGreaterThan(created!);
    // a still remembers revision `created`: its write is refused, not lost over b's.
    expect(a.remembered('k')).toEqual({ value: 'one', revision: created });
    expect(await a.update('k', 'three', created!)).toBeNull();
    expect((await a.kv.get('k'))?.string()).toBe('two');
    await a.delete('k');
    expect(await b.get('k')).toBeNull();
    expect(await b.create('k', 'again')).not.toBeNull(); // against the delete marker's revision
    expect((await a.kv.get('k'))?.string()).toBe('again');
  });

  it('changes a key from two replicas at once without losing a change, reading only on a lost race', async () => {
    const [a, b] = await replicas();
    const bump = (old: string | null) => String(Number(old ?? 0) + 1);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).change('counter', bump)),
    );
    expect((await a.kv.get('counter'))?.string()).toBe('40');
    // Alone again, a replica's change needs no read: what it wrote last is what it writes over.
    await a.change('counter', bump);
    const before = a.remembered('counter');
    await a.change('counter', bump);
    expect(a.remembered('counter')!.revision).toBeGreaterThan(before!.revision);
    expect((await b.latest('counter'))?.value).not.toBe('42'); // b remembers an older one ...
    expect((await b.get('counter'))?.value).toBe('42'); // ... until it reads
    // A change that leaves the key as it is writes nothing.
    const rev = (await a.kv.get('counter'))!.revision;
    expect(await a.change('counter', () => null)).toBe('42');
    expect((await a.kv.get('counter'))!.revision).toBe(rev);
  });

  it('begins a send record once however many replicas start it at once', async () => {
    const [a, b] = await replicas();
    const ra = new SendRecords<{ by: string }>(a);
    const rb = new SendRecords<{ by: string }>(b);
    const started = await Promise.all([
      ra.start('reply.1', { by: 'a' }),
      rb.start('reply.1', { by: 'b' }),
      ra.start('reply.1', { by: 'a2' }),
    ]);
    expect(started.filter((x) => x.begun)).toHaveLength(1);
    const winner = started.find((x) => x.begun)!.record.by;
    expect(started.map((x) => x.record.by)).toEqual([winner, winner, winner]);
    expect(await rb.get('reply.1')).toEqual({ by: winner });
  });

  it('works over a KV handed over as it is, writing through the KV client', async () => {
    const [a] = await replicas();
    const plain = KvBucket.of(a.kv);
    expect(await plain.create('p', '1')).not.toBeNull();
    expect(await plain.create('p', '2')).toBeNull();
    expect(await plain.change('p', (old) => `${old}+`)).toBe('1+');
    expect((await a.get('p'))?.value).toBe('1+');
  });
});

import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JetStreamPublishError, StreamPublisher } from '../src/index.js';
import { testStream } from './support.js';

describe('StreamPublisher', () => {
  let s: Awaited<ReturnType<typeof testStream>>;
  const subject = (leaf: string) => `${s.prefix}.v1.${leaf}`;

  beforeAll(async () => {
    s = await testStream('P');
  });
  afterAll(async () => {
    await s.remove();
  });

  it('publishes many at once, each acknowledged with its place in the stream, in order', async () => {
    const publisher = new StreamPublisher(s.nc);
    try {
      const acks = await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          publisher.publish({
            subject: subject('a'),
            payload: `{"n":${i}}`,
            msgId: `m-${i}`,
            traceparent: i === 0 ? '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' : null,
          }),
        ),
      );
      const first = acks[0].seq;
      expect(acks.map((a) => a.seq - first)).toEqual(Array.from({ length: 500 }, (_, i) => i));
      expect(acks.every((a) => a.stream === s.stream && !a.duplicate)).toBe(true);
      const jsm = await jetstreamManager(s.nc);
      const stored = await jsm.streams.getMessage(s.stream, { seq: first });
      expect(stored?.header.get('Nats-Msg-Id')).toBe('m-0');
      expect(stored?.header.get('traceparent')).toMatch(/^00-0af7/);
      expect(stored?.string()).toBe('{"n":0}');
    } finally {
      publisher.close();
    }
  });

  it('is told when the stream already holds a message id', async () => {
    const publisher = new StreamPublisher(s.nc);
    try {
      const msg = { subject: subject('b'), payload: 'x', msgId: 'same-id' };
      const first = await publisher.publish(msg);
      const again = await publisher.publish(msg);
      expect(first.duplicate).toBe(false);
      expect(again).toEqual({ stream: s.stream, seq: first.seq, duplicate: true });
    } finally {
      publisher.close();
    }
  });

  it('writes a key-value entry only against its last revision, as the KV client reads it', async () => {
    const publisher = new StreamPublisher(s.nc);
    const bucket = `${s.stream}_cas`;
    const kv = await new Kvm(s.nc).create(bucket, { history: 1 });
    try {
      const created = await publisher.compareAndSet(bucket, 'c.one', '1', 0);
      expect((await kv.get('c.one'))?.string()).toBe('1');
      expect((await kv.get('c.one'))?.revision).toBe(created);
      const lost = publisher.compareAndSet(bucket, 'c.one', '2', 0);
      await expect(lost).rejects.toBeInstanceOf(JetStreamPublishError);
      await expect(lost).rejects.toMatchObject({
        code: JetStreamPublishError.WRONG_LAST_SEQUENCE,
      });
      const updated = await publisher.compareAndSet(bucket, 'c.one', '2', created);
      expect(await kv.get('c.one')).toMatchObject({ revision: updated });
      expect((await kv.get('c.one'))?.string()).toBe('2');
      await kv.delete('c.one'); // a deleted key is written against its marker's revision
      const marker = (await kv.get('c.one'))!.revision;
      await publisher.compareAndSet(bucket, 'c.one', '3', marker);
      expect((await kv.get('c.one'))?.string()).toBe('3');
    } finally {
      publisher.close();
    }
  });

  it('fails a message no stream takes, and one nobody acknowledges in time', async () => {
    const publisher = new StreamPublisher(s.nc, 300);
    const silent = s.nc.subscribe(`${s.prefix}-silent.x`); // a listener that never answers
    try {
      await expect(
        publisher.publish({ subject: `${s.prefix}-nostream.x`, payload: 'x', msgId: 'n1' }),
      ).rejects.toThrow(/no stream/);
      await expect(
        publisher.publish({ subject: `${s.prefix}-silent.x`, payload: 'x', msgId: 'n2' }),
      ).rejects.toThrow(/no acknowledgement from JetStream within 300 ms/);
    } finally {
      silent.unsubscribe();
      publisher.close();
    }
  });
});

import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamPublisher } from '../src/nats/stream-publisher.js';
import { deleteStream, isolatedStream, NATS_URL } from './support/nats.js';

describe('StreamPublisher', () => {
  const { NATS_STREAM: stream, NATS_SUBJECT_PREFIX: prefix } = isolatedStream();
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    await (await jetstreamManager(nc)).streams.add({ name: stream, subjects: [`${prefix}.>`] });
  });
  afterAll(async () => {
    await deleteStream(NATS_URL, stream);
    await nc.close();
  });

  it('publishes many at once, each acknowledged with its place in the stream, in order', async () => {
    const publisher = new StreamPublisher(nc);
    try {
      const acks = await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          publisher.publish({
            subject: `${prefix}.a`,
            payload: `{"n":${i}}`,
            msgId: `m-${i}`,
            traceparent: i === 0 ? '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' : null,
          }),
        ),
      );
      expect(acks.map((a) => a.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
      expect(acks.every((a) => a.stream === stream && !a.duplicate)).toBe(true);
      const jsm = await jetstreamManager(nc);
      const first = await jsm.streams.getMessage(stream, { seq: 1 });
      expect(first?.header.get('Nats-Msg-Id')).toBe('m-0');
      expect(first?.header.get('traceparent')).toMatch(/^00-0af7/);
      expect(first?.string()).toBe('{"n":0}');
    } finally {
      publisher.close();
    }
  });

  it('is told when the stream already holds a message id', async () => {
    const publisher = new StreamPublisher(nc);
    try {
      const msg = { subject: `${prefix}.b`, payload: 'x', msgId: 'same-id' };
      const first = await publisher.publish(msg);
      const again = await publisher.publish(msg);
      expect(first.duplicate).toBe(false);
      expect(again).toEqual({ stream, seq: first.seq, duplicate: true });
    } finally {
      publisher.close();
    }
  });

  it('fails a message no stream takes, and one nobody acknowledges in time', async () => {
    const publisher = new StreamPublisher(nc, 300);
    const silent = nc.subscribe(`${prefix}-silent.x`); // a listener that never answers
    try {
      await expect(
        publisher.publish({ subject: `${prefix}-nostream.x`, payload: 'x', msgId: 'n1' }),
      ).rejects.toThrow(/no stream/);
      await expect(
        publisher.publish({ subject: `${prefix}-silent.x`, payload: 'x', msgId: 'n2' }),
      ).rejects.toThrow(/no acknowledgement from JetStream within 300 ms/);
    } finally {
      silent.unsubscribe();
      publisher.close();
    }
  });
});

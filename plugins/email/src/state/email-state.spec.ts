import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { EmailState } from './email-state.js';

/** Two replicas of the plugin share one bucket: each keeps the threads it wrote in memory. */
describe('EmailState: threads kept in memory between a case’s events', () => {
  const stream = `EMAIL_STATE_${randomBytes(4).toString('hex')}`;
  let nc: NatsConnection;
  let one: EmailState;
  let other: EmailState;

  beforeAll(async () => {
    nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    one = await EmailState.open(nc, stream);
    other = await EmailState.open(nc, stream);
  });

  afterAll(async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(`KV_casehub_email_${stream}`).catch(() => undefined);
    await nc.close();
  });

  const add = (id: string) => (t: { references: string[]; acknowledge: boolean }) => ({
    ...t,
    references: [...t.references, id],
  });

  it('sees what another replica wrote when the event is a redelivery', async () => {
    await one.updateThread('case-1', add('<a@x>'), undefined, 1);
    // Another replica had event 2 before (it sent the reply, then crashed before acking).
    await other.updateThread('case-1', add('<b@x>'), undefined, 2);

    const redelivered = await one.threadEntryFor('case-1', { sequence: 2, firstDelivery: false });
    expect(redelivered?.thread.references).toEqual(['<a@x>', '<b@x>']);
  });

  it('needs no read for the next event of a case it wrote last', async () => {
    await one.updateThread('case-2', add('<a@x>'), undefined, 1);
    const next = await one.threadEntryFor('case-2', { sequence: 2, firstDelivery: true });
    expect(next?.thread.references).toEqual(['<a@x>']);
    // Its revision is the one in the bucket: a write from it succeeds at the first try.
    expect(next?.revision).toBe((await one.threadEntry('case-2'))?.revision);
  });

  it('never loses an id another replica added, when it writes from its stale copy', async () => {
    await one.updateThread('case-3', add('<a@x>'), undefined, 1);
    await other.updateThread('case-3', add('<b@x>'), undefined, 2);
    // `one` still holds the thread as of event 1; compare-and-set makes it read again.
    await one.updateThread('case-3', add('<c@x>'), undefined, 3);
    expect((await other.thread('case-3'))?.references).toEqual(['<a@x>', '<b@x>', '<c@x>']);
  });
});

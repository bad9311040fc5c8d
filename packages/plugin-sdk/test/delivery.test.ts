import { randomUUID } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { DeadLetters } from '../src/index.js';
import { inboxBucket } from '../src/inbox.js';
import { eventually, newEffects, startPlugin, testStream, type Effects } from './support.js';

describe('JetStream delivery to a plugin', () => {
  let s: Awaited<ReturnType<typeof testStream>>;
  let effects: Effects;
  const apps: INestMicroservice[] = [];
  const plugin = `p_${randomUUID().slice(0, 8)}`;

  beforeEach(async () => {
    s = await testStream();
    effects = newEffects();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await s.remove();
  });

  const start = async (replica = 'a') => {
    const app = await startPlugin(effects, { plugin, stream: s.stream, prefix: s.prefix, replica });
    apps.push(app);
    return app;
  };

  it('handles every event once, each case in order, and skips events it does not consume', async () => {
    await start();
    const cases = ['c1', 'c2', 'c3'];
    for (let seq = 1; seq <= 5; seq++) {
      for (const c of cases)
        await s.publish(seq === 5 ? 'case.resolved' : 'case.created', c, { sequence: seq });
    }
    await s.publish('case.assigned', 'c1'); // no handler: acknowledged and passed over
    await eventually(() => expect(effects.handled).toHaveLength(15));
    for (const c of cases) {
      expect(effects.handled.filter((h) => h.caseId === c).map((h) => h.sequence)).toEqual([
        1, 2, 3, 4, 5,
      ]);
    }
  });

  it('retries a failing handler and handles the event once when it succeeds', async () => {
    await start();
    const id = randomUUID();
    effects.failures.set(id, 2);
    await s.publish('case.created', 'c1', { id });
    await eventually(() => expect(effects.handled.map((h) => h.eventId)).toEqual([id]));
    expect(effects.attempts.get(id)).toBe(3);
    expect(await s.deadLetters()).toEqual([]);
  });

  it('dead-letters a poison event with its error, and the rest flows on', async () => {
    await start();
    const poison = randomUUID();
    effects.failures.set(poison, Infinity);
    await s.publish('case.created', 'c1', { id: poison });
    const after = await s.publish('case.created', 'c2');
    await eventually(() => expect(effects.handled.map((h) => h.eventId)).toEqual([after.id]));
    const letters = await eventually(async () => {
      const l = await s.deadLetters();
      expect(l).toHaveLength(1);
      return l;
    });
    expect(letters[0]).toMatchObject({
      subject: `${s.prefix}.dlq.${plugin}.case.created`,
      attempts: '3',
    });
    expect(letters[0].error).toContain('provider said no');
    expect(letters[0].event.id).toBe(poison);
    expect(effects.attempts.get(poison)).toBe(3);
  });

  it('dead-letters at once an event whose handler says retrying cannot help', async () => {
    await start();
    const id = randomUUID();
    effects.permanent.add(id);
    await s.publish('case.created', 'c1', { id });
    const letters = await eventually(async () => {
      const l = await s.deadLetters();
      expect(l).toHaveLength(1);
      return l;
    });
    expect(letters[0]).toMatchObject({ attempts: '1' });
    expect(effects.attempts.get(id)).toBe(1);
  });

  it('takes a deferred event again after its delay, neither failing nor dead-lettering it', async () => {
    await start();
    const id = randomUUID();
    effects.defer.set(id, 1_500);
    const publishedAt = Date.now();
    await s.publish('case.resolved', 'c1', { id });
    const other = await s.publish('case.created', 'c2');
    await eventually(() => expect(effects.handled.map((h) => h.eventId)).toContain(other.id));
    expect(effects.handled.map((h) => h.eventId)).not.toContain(id); // still waiting
    await eventually(() => expect(effects.handled.map((h) => h.eventId)).toContain(id));
    expect(effects.handledAt.get(id)! - publishedAt).toBeGreaterThanOrEqual(1_400);
    expect(effects.attempts.get(id)).toBe(2);
    expect(await s.deadLetters()).toEqual([]);
  });

  it('handles an event once even when it arrives twice', async () => {
    await start();
    const id = randomUUID();
    await s.publish('case.created', 'c1', { id, msgId: `${id}-a` });
    await eventually(() => expect(effects.handled).toHaveLength(1));
    await s.publish('case.created', 'c1', { id, msgId: `${id}-b` }); // past the stream's de-duplication
    const marker = await s.publish('case.created', 'c1');
    await eventually(() => expect(effects.handled.map((h) => h.eventId)).toContain(marker.id));
    expect(effects.handled.filter((h) => h.eventId === id)).toHaveLength(1);
  });

  it('replays a dead-lettered event in the middle of a case, once, and passes the rest over', async () => {
    await start();
    const poison = randomUUID();
    effects.failures.set(poison, Infinity);
    await s.publish('case.created', 'c1', { sequence: 1 });
    await s.publish('case.created', 'c1', { sequence: 2, id: poison });
    await s.publish('case.resolved', 'c1', { sequence: 3 });
    await eventually(() => expect(effects.handled.map((h) => h.sequence)).toEqual([1, 3]));
    const dlq = new DeadLetters(s.nc, s.stream, s.prefix);
    const letters = await eventually(async () => {
      const l = await dlq.list(plugin);
      expect(l).toHaveLength(1);
      return l;
    });
    effects.failures.delete(poison); // fixed
    await dlq.replay(letters);
    const marker = await s.publish('case.created', 'c1', { sequence: 4 });
    await eventually(() => expect(effects.handled.map((h) => h.eventId)).toContain(marker.id));
    await eventually(() => expect(effects.handled.map((h) => h.sequence)).toEqual([1, 3, 2, 4]));
  });

  it('upgraded from the inbox of per-event keys, handles nothing the older SDK handled', async () => {
    // What the SDK before the case's progress left: the case at 2, an event key per handled event.
    const kv = await new Kvm(s.nc).create(inboxBucket(s.stream, plugin), { history: 1 });
    const [one, two] = [randomUUID(), randomUUID()];
    await kv.put('c.c1', '2');
    await kv.put(`e.${one}`, new Date().toISOString());
    await kv.put(`e.${two}`, new Date().toISOString());
    await s.publish('case.created', 'c1', { sequence: 1, id: one });
    await s.publish('case.created', 'c1', { sequence: 2, id: two });
    const three = await s.publish('case.created', 'c1', { sequence: 3 });
    await start();
    await eventually(() => expect(effects.handled.map((h) => h.eventId)).toEqual([three.id]));
    const marker = await s.publish('case.resolved', 'c1', { sequence: 4 });
    await eventually(() => expect(effects.handled.map((h) => h.eventId)).toContain(marker.id));
    expect(effects.handled.map((h) => h.sequence)).toEqual([3, 4]);
    // The case's progress is written after the handler returned.
    await eventually(async () => expect((await kv.get('c.c1'))?.string()).toBe('4;2;'));
  });

  it('shares the load between two replicas of one plugin, doubling nothing', async () => {
    effects.slowMs = 20;
    await start('a');
    await start('b');
    const ids = [];
    for (let i = 0; i < 40; i++) ids.push((await s.publish('case.created', `case-${i % 10}`)).id);
    await eventually(() => expect(effects.handled).toHaveLength(40));
    expect(new Set(effects.handled.map((h) => h.eventId))).toEqual(new Set(ids));
    const byReplica = new Set(effects.handled.map((h) => h.replica));
    expect(byReplica).toEqual(new Set(['a', 'b']));
  });

  it('picks up where it left off after a restart, handling nothing twice', async () => {
    const first = await start();
    for (let i = 0; i < 10; i++) await s.publish('case.created', `case-${i % 3}`);
    await eventually(() => expect(effects.handled).toHaveLength(10));
    await first.close();
    apps.splice(apps.indexOf(first), 1);
    for (let i = 0; i < 10; i++) await s.publish('case.created', `case-${i % 3}`); // while it is down
    await start();
    await eventually(() => expect(effects.handled).toHaveLength(20));
    expect(new Set(effects.handled.map((h) => h.eventId)).size).toBe(20);
  });
});

/**
 * Publishes `events` again as new stream messages (a relay re-publishing after an outage), then
 * a `case.resolved` marker per case at `markerSequence`, and waits until the plugin has settled
 * every copy and handled `handledAfter` events in all: only the markers are handled.
 */
async function copiesThenMarkers(
  s: Awaited<ReturnType<typeof testStream>>,
  plugin: string,
  effects: Effects,
  events: readonly { id: string; subject: string; sequence?: number }[],
  cases: number,
  markerSequence: number,
  handledAfter: number,
): Promise<void> {
  for (const e of events)
    await s.publish('case.created', e.subject, {
      id: e.id,
      sequence: e.sequence,
      msgId: `${e.id}-again`,
    });
  for (let c = 0; c < cases; c++)
    await s.publish('case.resolved', `case-${c}`, { sequence: markerSequence });
  await eventually(() => expect(effects.handled).toHaveLength(handledAfter));
  const jsm = await jetstreamManager(s.nc);
  await eventually(async () => {
    const info = await jsm.consumers.info(s.stream, plugin);
    expect([info.num_pending, info.num_ack_pending]).toEqual([0, 0]); // every copy settled
  });
}

describe('two replicas and one case', () => {
  it('keep each case in order between them', async () => {
    const s = await testStream();
    const effects = newEffects();
    const plugin = `o_${randomUUID().slice(0, 8)}`;
    effects.jitterMs = 15;
    const a = await startPlugin(effects, {
      plugin,
      stream: s.stream,
      prefix: s.prefix,
      replica: 'a',
    });
    const b = await startPlugin(effects, {
      plugin,
      stream: s.stream,
      prefix: s.prefix,
      replica: 'b',
    });
    try {
      for (let seq = 1; seq <= 8; seq++) {
        for (let c = 0; c < 6; c++) await s.publish('case.created', `case-${c}`, { sequence: seq });
      }
      await eventually(() => expect(effects.handled).toHaveLength(48), 30_000);
      for (let c = 0; c < 6; c++) {
        const order = effects.handled
          .filter((h) => h.caseId === `case-${c}`)
          .map((h) => h.sequence);
        expect(order, `case-${c}`).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      }
      expect(new Set(effects.handled.map((h) => h.replica))).toEqual(new Set(['a', 'b']));
    } finally {
      await a.close();
      await b.close();
      await s.remove();
    }
  });

  it('pass over a second copy of an event the other replica handled, each remembering the cases', async () => {
    const s = await testStream();
    const effects = newEffects();
    const plugin = `d_${randomUUID().slice(0, 8)}`;
    effects.jitterMs = 5;
    const replicas = await Promise.all(
      ['a', 'b'].map((replica) =>
        startPlugin(effects, { plugin, stream: s.stream, prefix: s.prefix, replica }),
      ),
    );
    try {
      const first = [];
      for (let c = 0; c < 6; c++)
        for (let seq = 1; seq <= 3; seq++)
          first.push(await s.publish('case.created', `case-${c}`, { sequence: seq }));
      await eventually(() => expect(effects.handled).toHaveLength(18));
      await copiesThenMarkers(s, plugin, effects, first, 6, 4, 24);
      expect(effects.handled).toHaveLength(24);
      expect(new Set(effects.handled.map((h) => h.eventId)).size).toBe(24);
      expect(new Set(effects.handled.map((h) => h.replica))).toEqual(new Set(['a', 'b']));
    } finally {
      for (const r of replicas) await r.close();
      await s.remove();
    }
  });

  it('a replica alone trusts what it wrote; once a second one starts, each passes over copies the other handled', async () => {
    const s = await testStream();
    const effects = newEffects();
    const plugin = `l_${randomUUID().slice(0, 8)}`;
    effects.jitterMs = 5;
    const start = (replica: string) =>
      startPlugin(effects, { plugin, stream: s.stream, prefix: s.prefix, replica });
    const a = await start('a');
    let b: INestMicroservice | null = null;
    try {
      const events = [];
      for (let c = 0; c < 6; c++)
        events.push(await s.publish('case.created', `case-${c}`, { sequence: 1 }));
      await eventually(() => expect(effects.handled).toHaveLength(6));
      b = await start('b'); // a learns of b from the bucket, and follows its writes from then on
      for (let c = 0; c < 6; c++)
        for (let seq = 2; seq <= 4; seq++)
          events.push(await s.publish('case.created', `case-${c}`, { sequence: seq }));
      await eventually(() => expect(effects.handled).toHaveLength(24));
      expect(new Set(effects.handled.map((h) => h.replica))).toEqual(new Set(['a', 'b']));
      await copiesThenMarkers(s, plugin, effects, events, 6, 5, 30);
      expect(new Set(effects.handled.map((h) => h.eventId)).size).toBe(30);
      expect(effects.handled).toHaveLength(30);
    } finally {
      await a.close();
      await b?.close();
      await s.remove();
    }
  });
});

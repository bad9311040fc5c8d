import { randomUUID } from 'node:crypto';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { buildEvent, hubOfStream, subjectOf, type CloudEvent } from '@casehub/domain';
import { JetStreamTransport, OnCaseEvent } from '@casehub/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, testEnv, type TestCore } from './support/core.js';
import { freshDatabase } from './support/databases.js';
import { deleteStream, eventually, isolatedStream, NATS_URL, readStream } from './support/nats.js';
import { CoreProcess } from './support/process.js';

/** Each plugin notes the subjects of the cases it was handed. */
const seen = new Map<string, string[]>();
@Controller()
class Notes {
  @OnCaseEvent('case.created')
  created(@Payload() event: CloudEvent<'case.created'>) {
    const plugin = event.data.case.customFields.plugin as string;
    seen.set(plugin, [...(seen.get(plugin) ?? []), event.data.case.subject]);
  }
}
@Module({ controllers: [Notes] })
class NotesPlugin {}

describe('two hubs on one NATS server', () => {
  let a: TestCore;
  let b: TestCore;
  const plugins: INestMicroservice[] = [];
  const startPlugin = async (hub: TestCore) => {
    const app = await NestFactory.createMicroservice(NotesPlugin, {
      strategy: new JetStreamTransport({
        plugin: 'notes', // the same plugin name on both hubs
        servers: hub.env.NATS_URL,
        stream: hub.env.NATS_STREAM,
        subjectPrefix: hub.env.NATS_SUBJECT_PREFIX,
      }),
      logger: false,
    });
    plugins.push(app);
    await app.listen();
  };
  const hubIdOf = async (core: TestCore) => {
    const nc = await connect({ servers: NATS_URL });
    const info = await (await jetstreamManager(nc)).streams.info(core.env.NATS_STREAM);
    await nc.close();
    return hubOfStream(info.config.description)!;
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([startCore('postgres'), startCore('sqlite')]);
    await startPlugin(a);
    await startPlugin(b);
  });
  afterAll(async () => {
    for (const p of plugins) await p.close().catch(() => undefined);
    await a?.close();
    await b?.close();
  });

  it('work side by side, each stream owned by its hub, each plugin seeing its own hub only', async () => {
    const [hubA, hubB] = [await hubIdOf(a), await hubIdOf(b)];
    expect(hubA).toMatch(/^[0-9a-f-]{36}$/);
    expect(hubB).not.toBe(hubA);
    for (let i = 0; i < 3; i++) {
      await a.call('POST', '/v1/cases', { subject: `a${i}`, customFields: { plugin: 'a' } });
      await b.call('POST', '/v1/cases', { subject: `b${i}`, customFields: { plugin: 'b' } });
    }
    await eventually(() => {
      expect(seen.get('a')).toEqual(['a0', 'a1', 'a2']);
      expect(seen.get('b')).toEqual(['b0', 'b1', 'b2']);
    });
    // Each plugin's consumer says which hub it was made for; every event names its hub.
    const nc = await connect({ servers: NATS_URL });
    const consumer = await (await jetstreamManager(nc)).consumers.info(a.env.NATS_STREAM, 'notes');
    await nc.close();
    expect(consumer.config.description).toBe(`CaseHub hub ${hubA}, plugin notes`);
    const events = await readStream(NATS_URL, a.env.NATS_STREAM);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(new Set(events.map((e) => e.hubid))).toEqual(new Set([hubA]));
  });

  it("a plugin passes over an event of another hub found in its hub's stream", async () => {
    const nc = await connect({ servers: NATS_URL });
    const id = randomUUID();
    const caseId = randomUUID();
    const foreign = buildEvent(
      'case.created',
      { case: { id: caseId, subject: 'from another hub', customFields: { plugin: 'b' } } } as never,
      {
        id,
        source: '/elsewhere',
        time: new Date(),
        subject: caseId,
        sequence: 1,
        hubid: randomUUID(),
      },
      { validate: false },
    );
    const subject = subjectOf('case.created', b.env.NATS_SUBJECT_PREFIX);
    await jetstream(nc).publish(subject, JSON.stringify(foreign), { msgID: id });
    await nc.close();
    // A case of this hub, opened after it, reaches the plugin; the foreign event never did.
    await b.call('POST', '/v1/cases', { subject: 'marker', customFields: { plugin: 'b' } });
    await eventually(() => expect(seen.get('b')).toContain('marker'));
    expect(seen.get('b')).not.toContain('from another hub');
  });

  it("a core refuses to start on another hub's stream, saying what to set", async () => {
    const database = await freshDatabase('sqlite');
    const intruder = new CoreProcess({
      ...testEnv(database.url),
      NATS_STREAM: a.env.NATS_STREAM,
      NATS_SUBJECT_PREFIX: a.env.NATS_SUBJECT_PREFIX,
    });
    try {
      await intruder.launch();
      expect(await intruder.exited()).toBe(78);
      expect(intruder.logs).toContain(
        `The NATS stream ${a.env.NATS_STREAM} belongs to another hub`,
      );
      expect(intruder.logs).toContain('NATS_SUBJECT_PREFIX');
      // Hub A's stream is still A's, and A goes on working.
      const res = await a.call('POST', '/v1/cases', {
        subject: 'a-after',
        customFields: { plugin: 'a' },
      });
      expect(res.status).toBe(201);
      await eventually(() => expect(seen.get('a')).toContain('a-after'));
    } finally {
      await intruder.stop();
      await database.drop();
    }
  });

  it('NATS_STREAM_ADOPT takes over the stream of a hub that is gone', async () => {
    const stream = isolatedStream();
    const first = await startCore('sqlite', stream);
    const oldHub = await hubIdOf(first);
    await first.close(); // its database is dropped; the stream stays
    const database = await freshDatabase('sqlite');
    const next = new CoreProcess({
      ...testEnv(database.url),
      ...stream,
      NATS_STREAM_ADOPT: 'true',
    });
    try {
      await next.start();
      await eventually(async () => {
        const res = await fetch(`${next.url}/health/ready`);
        expect(res.status).toBe(200);
      });
      const nc = await connect({ servers: NATS_URL });
      const info = await (await jetstreamManager(nc)).streams.info(stream.NATS_STREAM);
      await nc.close();
      expect(hubOfStream(info.config.description)).toMatch(/^[0-9a-f-]{36}$/);
      expect(hubOfStream(info.config.description)).not.toBe(oldHub);
    } finally {
      await next.stop();
      await database.drop();
      await deleteStream(NATS_URL, stream.NATS_STREAM);
    }
  });
});

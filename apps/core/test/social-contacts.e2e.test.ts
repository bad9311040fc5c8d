import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { InboundPublisher } from '@casehub/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from './support/databases.js';
import { startCore, type TestCore } from './support/core.js';
import { eventually, readStream } from './support/nats.js';

/** Social plugins reach a customer by a handle: every case view and event carries them. */
describe.each(DATABASES)('social handles on the contact of a case on %s', (db) => {
  let core: TestCore;
  let nc: NatsConnection;
  let telegram: InboundPublisher;

  beforeAll(async () => {
    core = await startCore(db);
    nc = await connect({ servers: core.env.NATS_URL });
    telegram = new InboundPublisher(nc, {
      plugin: 'telegram',
      subjectPrefix: core.env.NATS_SUBJECT_PREFIX,
    });
  });
  afterAll(async () => {
    await nc?.close();
    await core?.close();
  });

  const chat = () => `telegram:${Math.floor(Math.random() * 1e12)}`;

  it('lists every handle, oldest first, beside the first email and phone', async () => {
    const [t, w] = [chat(), `whatsapp:49151${Math.floor(Math.random() * 1e7)}`];
    const contact = await core.call('POST', '/v1/contacts', {
      name: 'Zoë',
      emails: [`zoe.${randomUUID()}@example.com`],
      handles: [t, w],
    });
    expect(contact.status).toBe(201);
    const created = await core.call('POST', '/v1/cases', {
      subject: 'Parcel',
      channel: 'social',
      contactId: contact.body.id,
    });
    expect(created.body.contact).toMatchObject({ id: contact.body.id, handles: [t, w] });
    const list = await core.call('GET', `/v1/cases?contact=${contact.body.id}`);
    expect(list.body.items[0].contact.handles).toEqual([t, w]);
    const plain = await core.call('POST', '/v1/cases', {
      subject: 'By mail',
      contact: { email: `nobody.${randomUUID()}@example.com` },
    });
    expect(plain.body.contact.handles).toEqual([]);
  });

  it('carries the handle a customer wrote from in the events of their case', async () => {
    const from = chat();
    const providerMessageId = `${from}:1`;
    await telegram.message({
      channel: 'social',
      from: { kind: 'social', value: from, name: 'Ann Lee' },
      providerMessageId,
      receivedAt: new Date().toISOString(),
      body: 'Привет! My parcel is late',
    });
    const created = await eventually(async () => {
      const events = await readStream(core.env.NATS_URL, core.env.NATS_STREAM);
      const e = events.find(
        (x) =>
          x.type === 'casehub.message.created.v1' &&
          (x.data as any).message.providerMessageId === providerMessageId,
      );
      expect(e).toBeDefined();
      return e!.data as any;
    });
    expect(created.case.contact).toMatchObject({ name: 'Ann Lee', handles: [from] });
    expect(created.case.channel).toBe('social');
  });
});

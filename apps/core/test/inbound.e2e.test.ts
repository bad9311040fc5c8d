import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { buildEvent, subjectOf, type InboundDelivery, type InboundMessage } from '@casehub/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type TestCore } from './support/core.js';
import { eventually, readStream } from './support/nats.js';
import { InboundPublisher } from '@casehub/plugin-sdk';

/** The inbound path as a channel plugin drives it: events on JetStream, results in the API. */
describe('customer contacts from channel plugins', () => {
  let core: TestCore;
  let nc: NatsConnection;

  beforeAll(async () => {
    core = await startCore('postgres');
    nc = await connect({ servers: core.env.NATS_URL });
  });
  afterAll(async () => {
    await nc?.close();
    await core?.close();
  });

  const prefix = () => core.env.NATS_SUBJECT_PREFIX;
  async function publish(
    name: 'inbound.message',
    data: Partial<InboundMessage>,
    raw?: unknown,
  ): Promise<string>;
  async function publish(name: 'inbound.delivery', data: InboundDelivery): Promise<string>;
  async function publish(
    name: 'inbound.message' | 'inbound.delivery',
    data: object,
    raw?: unknown,
  ): Promise<string> {
    const id = randomUUID();
    const event =
      raw ??
      buildEvent(name, data as never, {
        id,
        source: '/plugins/test',
        time: new Date(),
        subject: 'test',
      });
    await jetstream(nc).publish(subjectOf(name, prefix()), JSON.stringify(event), { msgID: id });
    return id;
  }
  const mail = (from: string, over: Partial<InboundMessage> = {}): Partial<InboundMessage> => ({
    plugin: 'email',
    channel: 'email',
    from: { kind: 'email', value: from, name: 'Ann Lee' },
    providerMessageId: `<${randomUUID()}@mail.example>`,
    receivedAt: new Date().toISOString(),
    subject: 'Printer on fire',
    body: 'It is on fire.\n\nAnn',
    ...over,
  });
  const casesOf = async (email: string) => {
    const contact = (await core.call('GET', `/v1/contacts?email=${email}`)).body.items[0];
    if (!contact) return [];
    return (await core.call('GET', `/v1/cases?contact=${contact.id}`)).body.items as any[];
  };
  const messagesOf = async (caseId: string) =>
    (await core.call('GET', `/v1/cases/${caseId}/messages`)).body.items as any[];

  it('opens a case for a new customer, with the message and an interaction', async () => {
    await publish('inbound.message', mail('new@example.com'));
    const [c] = await eventually(async () => {
      const cs = await casesOf('new@example.com');
      expect(cs).toHaveLength(1);
      return cs;
    });
    expect(c).toMatchObject({
      subject: 'Printer on fire',
      channel: 'email',
      status: 'new',
      contact: { name: 'Ann Lee' },
    });
    const [m] = await messagesOf(c.id);
    expect(m).toMatchObject({
      authorType: 'contact',
      visibility: 'public',
      body: 'It is on fire.\n\nAnn',
    });
    const timeline = (await core.call('GET', `/v1/cases/${c.id}/timeline`)).body.items.map(
      (i: any) => i.type,
    );
    expect(timeline).toEqual([
      'casehub.case.created.v1',
      'casehub.message.created.v1',
      'casehub.interaction.recorded.v1',
    ]);
  });

  it('cleans what no database stores (NUL, unpaired surrogates) instead of losing the contact', async () => {
    await publish(
      'inbound.message',
      mail('zoë@exämple.com', {
        from: { kind: 'email', value: 'Zoë@Exämple.com', name: 'Zo\u0000ë' },
        subject: 'Drucker \ud800brennt',
        body: 'Er brennt.\u0000\u0000 Wirklich 🔥',
      }),
    );
    const [c] = await eventually(async () => {
      const cs = await casesOf(encodeURIComponent('zoë@exämple.com'));
      expect(cs).toHaveLength(1);
      return cs;
    });
    expect(c.subject).toBe('Drucker \ufffdbrennt');
    expect(c.contact.name).toBe('Zoë');
    expect((await messagesOf(c.id))[0].body).toBe('Er brennt. Wirklich 🔥');
  });

  it('keeps one message when the same provider message arrives twice', async () => {
    const m = mail('twice@example.com');
    await publish('inbound.message', m);
    await publish('inbound.message', m); // another event id: the plugin published it again
    await publish(
      'inbound.message',
      mail('twice@example.com', { threading: { inReplyTo: m.providerMessageId } }),
    );
    const [c] = await eventually(async () => {
      const cs = await casesOf('twice@example.com');
      expect(cs).toHaveLength(1);
      expect(await messagesOf(cs[0].id)).toHaveLength(2);
      return cs;
    });
    const ids = (await messagesOf(c.id)).map((x) => x.providerMessageId);
    expect(ids.filter((x) => x === m.providerMessageId)).toHaveLength(1);
  });

  it('threads an answer to a delivered reply onto its case and takes it off pending', async () => {
    await publish('inbound.message', mail('thread@example.com'));
    const [c] = await eventually(async () => {
      const cs = await casesOf('thread@example.com');
      expect(cs).toHaveLength(1);
      return cs;
    });
    const reply = (
      await core.call('POST', `/v1/cases/${c.id}/messages`, { body: 'Please send a photo.' })
    ).body;
    expect(reply.deliveryStatus).toBe('pending');
    await core.call('POST', `/v1/cases/${c.id}/transitions`, { to: 'pending' });
    await publish('inbound.delivery', {
      plugin: 'email',
      messageId: reply.id,
      status: 'sent',
      providerMessageId: '<reply-1@casehub.example>',
      at: new Date().toISOString(),
    });
    await eventually(async () => {
      const r = (await messagesOf(c.id)).find((x) => x.id === reply.id);
      expect(r).toMatchObject({
        deliveryStatus: 'sent',
        providerMessageId: '<reply-1@casehub.example>',
      });
    });
    await publish(
      'inbound.message',
      mail('thread@example.com', {
        subject: 'Re: Printer',
        threading: { inReplyTo: '<reply-1@casehub.example>' },
      }),
    );
    await eventually(async () => {
      expect(await messagesOf(c.id)).toHaveLength(3);
      expect((await core.call('GET', `/v1/cases/${c.id}`)).body.status).toBe('open');
    });
    expect(await casesOf('thread@example.com')).toHaveLength(1);
  });

  it('never moves a reply back when delivery reports arrive late, twice and out of order', async () => {
    await publish('inbound.message', mail('order@example.com'));
    const [c] = await eventually(async () => {
      const cs = await casesOf('order@example.com');
      expect(cs).toHaveLength(1);
      return cs;
    });
    const reply = (await core.call('POST', `/v1/cases/${c.id}/messages`, { body: 'On its way.' }))
      .body;
    const report = async (status: InboundDelivery['status'], providerMessageId?: string) => {
      const js = jetstream(nc);
      const id = randomUUID();
      const event = buildEvent(
        'inbound.delivery',
        {
          plugin: 'sms',
          messageId: reply.id,
          status,
          providerMessageId,
          at: new Date().toISOString(),
        },
        { id, source: '/plugins/test', time: new Date(), subject: reply.id },
      );
      const ack = await js.publish(subjectOf('inbound.delivery', prefix()), JSON.stringify(event), {
        msgID: id,
      });
      return ack.seq;
    };
    /** Until the core's consumer has acknowledged every event up to `seq`: it has taken them. */
    const taken = (seq: number) =>
      eventually(async () => {
        const info = await (
          await jetstreamManager(nc)
        ).consumers.info(core.env.NATS_STREAM, 'casehub-core');
        expect(info.ack_floor.stream_seq).toBeGreaterThanOrEqual(seq);
      });
    const status = async () => (await messagesOf(c.id)).find((x) => x.id === reply.id);

    await taken(await report('delivered'));
    expect(await status()).toMatchObject({ deliveryStatus: 'delivered', providerMessageId: null });
    // The "sent" came late, with the provider's id: the id is kept, the status does not go back.
    await taken(await report('sent', 'SM0123456789abcdef0123456789abcdef'));
    await taken(await report('delivered'));
    expect(await status()).toMatchObject({
      deliveryStatus: 'delivered',
      providerMessageId: 'SM0123456789abcdef0123456789abcdef',
    });
    await taken(await report('failed'));
    expect((await status())?.deliveryStatus).toBe('failed');
    await taken(await report('sent'));
    expect((await status())?.deliveryStatus).toBe('failed');
  });

  it("trusts a ticket number only for the contact's own case", async () => {
    await publish('inbound.message', mail('owner@example.com'));
    const [mine] = await eventually(async () => {
      const cs = await casesOf('owner@example.com');
      expect(cs).toHaveLength(1);
      return cs;
    });
    await publish(
      'inbound.message',
      mail('owner@example.com', { threading: { caseNumber: mine.number } }),
    );
    await publish(
      'inbound.message',
      mail('stranger@example.com', { threading: { caseNumber: mine.number } }),
    );
    await eventually(async () => {
      expect(await messagesOf(mine.id)).toHaveLength(2);
      expect(await casesOf('stranger@example.com')).toHaveLength(1);
    });
  });

  it('reopens a resolved case and opens a linked follow-up for a closed one', async () => {
    await publish('inbound.message', mail('again@example.com'));
    const [c] = await eventually(async () => {
      const cs = await casesOf('again@example.com');
      expect(cs).toHaveLength(1);
      return cs;
    });
    await core.call('POST', `/v1/cases/${c.id}/transitions`, { to: 'resolved' });
    await publish('inbound.message', mail('again@example.com', { threading: { caseId: c.id } }));
    await eventually(async () =>
      expect((await core.call('GET', `/v1/cases/${c.id}`)).body).toMatchObject({
        status: 'open',
        reopenCount: 1,
      }),
    );
    const events = await readStream(core.env.NATS_URL, core.env.NATS_STREAM);
    expect(events.filter((e) => e.subject === c.id).map((e) => e.type)).toContain(
      'casehub.case.reopened.v1',
    );

    await core.call('POST', `/v1/cases/${c.id}/transitions`, { to: 'resolved' });
    await core.call('POST', `/v1/cases/${c.id}/transitions`, { to: 'closed' });
    await publish('inbound.message', mail('again@example.com', { threading: { caseId: c.id } }));
    const followUp = await eventually(async () => {
      const cs = await casesOf('again@example.com');
      expect(cs).toHaveLength(2);
      return cs.find((x) => x.id !== c.id);
    });
    expect(followUp).toMatchObject({ followUpOf: c.id, status: 'new' });
  });

  it("threads a customer's texts onto their latest SMS case, reopened or followed up", async () => {
    const phone = '+4915112999001';
    const text = (body: string) =>
      publish('inbound.message', {
        plugin: 'sms',
        channel: 'sms',
        from: { kind: 'phone', value: phone },
        providerMessageId: `SM${randomUUID().replaceAll('-', '')}`,
        receivedAt: new Date().toISOString(),
        body,
      });
    const smsCases = async () => {
      const contact = (await core.call('GET', `/v1/contacts?phone=${encodeURIComponent(phone)}`))
        .body.items[0];
      return contact
        ? ((await core.call('GET', `/v1/cases?contact=${contact.id}`)).body.items as any[])
        : [];
    };
    await text('My SIM stopped working');
    const [c] = await eventually(async () => {
      const cs = await smsCases();
      expect(cs).toHaveLength(1);
      return cs;
    });
    await text('It says no service');
    await eventually(async () =>
      expect((await messagesOf(c.id)).map((m) => m.body)).toEqual([
        'My SIM stopped working',
        'It says no service',
      ]),
    );
    await core.call('POST', `/v1/cases/${c.id}/transitions`, { to: 'resolved' });
    await text('Still no service');
    await eventually(async () =>
      expect((await core.call('GET', `/v1/cases/${c.id}`)).body).toMatchObject({
        status: 'open',
        reopenCount: 1,
      }),
    );
    await core.call('POST', `/v1/cases/${c.id}/transitions`, { to: 'resolved' });
    await core.call('POST', `/v1/cases/${c.id}/transitions`, { to: 'closed' });
    await text('New problem: roaming');
    const followUp = await eventually(async () => {
      const cs = await smsCases();
      expect(cs).toHaveLength(2);
      return cs.find((x) => x.id !== c.id);
    });
    expect(followUp).toMatchObject({
      followUpOf: c.id,
      channel: 'sms',
      subject: 'New problem: roaming',
    });
  });

  it('never opens a case for an automatic reply, but keeps one on its thread', async () => {
    await publish('inbound.message', mail('ooo@example.com', { autoReply: true }));
    await publish('inbound.message', mail('ooo2@example.com'));
    const [c] = await eventually(async () => {
      const cs = await casesOf('ooo2@example.com');
      expect(cs).toHaveLength(1);
      return cs;
    });
    expect(await casesOf('ooo@example.com')).toHaveLength(0);
    await core.call('POST', `/v1/cases/${c.id}/transitions`, { to: 'pending' });
    await publish(
      'inbound.message',
      mail('ooo2@example.com', { autoReply: true, threading: { caseId: c.id } }),
    );
    await eventually(async () => expect(await messagesOf(c.id)).toHaveLength(2));
    expect((await core.call('GET', `/v1/cases/${c.id}`)).body.status).toBe('pending');
  });

  it('parks a malformed event in the dead-letter stream and goes on', async () => {
    await publish(
      'inbound.message',
      {},
      {
        specversion: '1.0',
        id: randomUUID(),
        source: '/x',
        type: 'casehub.inbound.message.v1',
        time: new Date().toISOString(),
        subject: 'x',
        datacontenttype: 'application/json',
        data: { channel: 'pigeon' },
      },
    );
    await publish('inbound.message', mail('after-poison@example.com'));
    await eventually(
      async () => expect(await casesOf('after-poison@example.com')).toHaveLength(1),
      30_000,
    );
    const dead = await eventually(async () => {
      const d = await readStream(core.env.NATS_URL, `${core.env.NATS_STREAM}_DLQ`);
      expect(d).toHaveLength(1);
      return d;
    }, 30_000);
    expect(dead[0].data).toMatchObject({ channel: 'pigeon' });
  });

  it("takes what a plugin publishes with the SDK's InboundPublisher, once however often it is sent", async () => {
    const publisher = new InboundPublisher(nc, { plugin: 'sms', subjectPrefix: prefix() });
    const sms = {
      channel: 'sms' as const,
      from: { kind: 'phone' as const, value: '+49 151 2345 6789' },
      providerMessageId: 'SM1234567890',
      receivedAt: new Date().toISOString(),
      body: 'My parcel never came',
    };
    const first = await publisher.message(sms);
    const again = await publisher.message(sms);
    expect(again).toBe(first); // the same event id: JetStream drops the second
    const contact = await eventually(async () => {
      const found = (await core.call('GET', '/v1/contacts?phone=%2B4915123456789')).body.items;
      expect(found).toHaveLength(1);
      return found[0];
    });
    const cases = (await core.call('GET', `/v1/cases?contact=${contact.id}`)).body.items;
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ channel: 'sms', subject: 'My parcel never came' });
  });
});

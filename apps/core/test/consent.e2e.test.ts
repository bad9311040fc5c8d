import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { buildEvent, subjectOf, type InboundSurveyDecision } from '@casehub/domain';
import { InboundPublisher } from '@casehub/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from './support/databases.js';
import { startCore, type TestCore } from './support/core.js';
import { eventually, readStream } from './support/nats.js';

/**
 * Consent on the contact, as an SMS plugin drives it: keywords texted in, opt-outs its provider
 * reports; what the core then refuses to queue.
 */
describe.each(DATABASES)('consent kept on the contact on %s', (db) => {
  let core: TestCore;
  let nc: NatsConnection;
  let sms: InboundPublisher;

  beforeAll(async () => {
    core = await startCore(db);
    nc = await connect({ servers: core.env.NATS_URL });
    sms = new InboundPublisher(nc, {
      plugin: 'sms-test',
      subjectPrefix: core.env.NATS_SUBJECT_PREFIX,
    });
  });
  afterAll(async () => {
    await nc?.close();
    await core?.close();
  });

  let n = 0;
  /** A new customer's mobile number. */
  const newPhone = () => `+4915112${String((db === 'sqlite' ? 100_000 : 500_000) + ++n)}`;
  const text = (from: string, body: string, receivedAt = new Date()) =>
    sms.message({
      channel: 'sms',
      from: { kind: 'phone', value: from },
      providerMessageId: `SM${randomUUID().replaceAll('-', '')}`,
      receivedAt: receivedAt.toISOString(),
      body,
    });
  const contactOf = async (phone: string) =>
    (await core.call('GET', `/v1/contacts?phone=${encodeURIComponent(phone)}`)).body.items[0];
  const casesOf = async (contactId: string) =>
    (await core.call('GET', `/v1/cases?contact=${contactId}`)).body.items as any[];
  const messagesOf = async (caseId: string) =>
    (await core.call('GET', `/v1/cases/${caseId}/messages`)).body.items as any[];
  const reply = async (caseId: string, body = 'We are on it.') => {
    const res = await core.call('POST', `/v1/cases/${caseId}/messages`, {
      visibility: 'public',
      body,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const consentEvents = async (contactId: string) =>
    (await readStream(core.env.NATS_URL, core.env.NATS_STREAM)).filter(
      (e) => e.subject === contactId && e.type.startsWith('casehub.contact.'),
    );

  /** The customer's case, once the text that opened it is in. */
  async function caseOpenedBy(phone: string, body: string) {
    await text(phone, body);
    return eventually(async () => {
      const contact = await contactOf(phone);
      expect(contact).toBeDefined();
      const [c] = await casesOf(contact.id);
      expect(c).toBeDefined();
      return { contact, c };
    });
  }

  /** Waits until `body` is on the case: every text sent before it has been taken too. */
  async function marker(phone: string, caseId: string) {
    const body = `marker ${randomUUID()}`;
    await text(phone, body);
    await eventually(async () =>
      expect((await messagesOf(caseId)).map((m) => m.body)).toContain(body),
    );
  }

  /** The survey plugin's decision to invite the case's contact on `channel`. */
  async function inviteToSurvey(caseId: string, contactId: string, channel: 'sms' | 'email') {
    const surveyId = `sv_${randomUUID()}`;
    const decision: InboundSurveyDecision = {
      plugin: 'survey',
      surveyId,
      caseId,
      contactId,
      decision: 'invite',
      reason: null,
      kind: 'csat',
      channel,
      locale: 'en',
      askCes: false,
      decidedAt: new Date().toISOString(),
      expiresAt: null,
      links: {
        page: `https://survey.example/s/${surveyId}`,
        scores: [1, 2, 3, 4, 5].map((score) => ({
          score,
          url: `https://survey.example/s/${surveyId}?score=${score}`,
        })),
        unsubscribe: `https://survey.example/u/${surveyId}`,
      },
    };
    const id = randomUUID();
    const event = buildEvent('inbound.survey_decision', decision, {
      id,
      source: '/plugins/survey',
      time: new Date(),
      subject: caseId,
    });
    await jetstream(nc).publish(
      subjectOf('inbound.survey_decision', core.env.NATS_SUBJECT_PREFIX),
      JSON.stringify(event),
      { msgID: id },
    );
    return surveyId;
  }

  it('takes STOP as an opt-out, not a case, and refuses to queue the next reply', async () => {
    const phone = newPhone();
    const { contact, c } = await caseOpenedBy(phone, 'My parcel is late');
    expect(c.channel).toBe('sms');
    expect((await reply(c.id)).deliveryStatus).toBe('pending');

    await text(phone, ' Stop. ');
    await marker(phone, c.id);

    expect(await casesOf(contact.id)).toHaveLength(1);
    expect((await messagesOf(c.id)).map((m) => m.body)).not.toContain(' Stop. ');
    const got = (await core.call('GET', `/v1/contacts/${contact.id}`)).body;
    expect(got.optOuts).toEqual([
      { channel: 'sms', topic: 'messages', at: expect.any(String), source: 'keyword STOP' },
    ]);
    const [optedOut] = await eventually(async () => {
      const events = await consentEvents(contact.id);
      expect(events).toHaveLength(1);
      return events;
    });
    expect(optedOut).toMatchObject({
      type: 'casehub.contact.opted_out.v1',
      sequence: 1,
      data: {
        contact: { id: contact.id, phone },
        channel: 'sms',
        topic: 'messages',
        source: 'keyword STOP',
        actor: { type: 'contact', id: contact.id },
      },
    });

    const refused = await reply(c.id, 'Your parcel arrives tomorrow.');
    expect(refused).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'opted_out' });
    const [created] = await eventually(async () => {
      const found = (await readStream(core.env.NATS_URL, core.env.NATS_STREAM)).filter(
        (e) => e.type === 'casehub.message.created.v1' && (e.data as any).message.id === refused.id,
      );
      expect(found).toHaveLength(1);
      return found;
    });
    expect((created.data as any).message.deliveryStatus).toBe('failed');
    // An internal note is not for the customer: nothing to refuse.
    const note = await core.call('POST', `/v1/cases/${c.id}/messages`, {
      visibility: 'internal',
      body: 'Customer opted out of texts; call them.',
    });
    expect(note.body).toMatchObject({ deliveryStatus: null, deliveryError: null });
  });

  it('opts back in with START; a late, older report does not undo the newer word', async () => {
    const phone = newPhone();
    const { contact, c } = await caseOpenedBy(phone, 'Where is my refund?');
    const stopAt = new Date();
    await text(phone, 'STOP', stopAt);
    await marker(phone, c.id);
    // The provider's opt-in from before the STOP arrives late: it changes nothing.
    await sms.consent({
      channel: 'sms',
      from: { kind: 'phone', value: phone },
      consent: 'opted_in',
      source: 'provider report',
      at: new Date(stopAt.getTime() - 60_000).toISOString(),
    });
    await text(phone, 'start', new Date(stopAt.getTime() + 1_000));
    await eventually(async () =>
      expect((await core.call('GET', `/v1/contacts/${contact.id}`)).body.optOuts).toEqual([]),
    );
    const events = await eventually(async () => {
      const found = await consentEvents(contact.id);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(events.map((e) => [e.type, e.sequence, (e.data as any).source])).toEqual([
      ['casehub.contact.opted_out.v1', 1, 'keyword STOP'],
      ['casehub.contact.opted_in.v1', 2, 'keyword START'],
    ]);
    expect((await reply(c.id)).deliveryStatus).toBe('pending');
    expect(await casesOf(contact.id)).toHaveLength(1);
  });

  it("records an opt-out the provider reports (21610) and skips the contact's survey on that channel", async () => {
    const phone = newPhone();
    const { contact, c } = await caseOpenedBy(phone, 'Router keeps rebooting');
    await sms.consent({
      channel: 'sms',
      from: { kind: 'phone', value: phone },
      consent: 'opted_out',
      source: 'provider error 21610',
      at: new Date().toISOString(),
    });
    await eventually(async () =>
      expect((await core.call('GET', `/v1/contacts/${contact.id}`)).body.optOuts).toMatchObject([
        { channel: 'sms', source: 'provider error 21610' },
      ]),
    );
    const [event] = await eventually(async () => {
      const found = await consentEvents(contact.id);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(event.data).toMatchObject({ actor: { type: 'plugin', id: 'sms-test' } });

    await inviteToSurvey(c.id, contact.id, 'sms');
    const [survey] = await eventually(async () => {
      const found = (await core.call('GET', `/v1/cases/${c.id}/surveys`)).body.items as any[];
      expect(found).toHaveLength(1);
      return found;
    });
    expect(survey).toMatchObject({ status: 'skipped', skipReason: 'opted_out', channel: 'sms' });
  });

  it('keeps a survey unsubscribe to invitations: replies on that channel still go out', async () => {
    const email = `ann.${randomUUID().slice(0, 8)}@example.com`;
    const opened = await core.call('POST', '/v1/cases', {
      subject: 'Invoice wrong',
      channel: 'email',
      contact: { email },
    });
    const c = opened.body;
    const survey = new InboundPublisher(nc, {
      plugin: 'survey',
      subjectPrefix: core.env.NATS_SUBJECT_PREFIX,
    });
    await survey.consent({
      channel: 'email',
      contactId: c.contact.id,
      topic: 'surveys',
      consent: 'opted_out',
      source: 'survey unsubscribe link',
      at: new Date().toISOString(),
    });
    await eventually(async () =>
      expect((await core.call('GET', `/v1/contacts/${c.contact.id}`)).body.optOuts).toMatchObject([
        { channel: 'email', topic: 'surveys', source: 'survey unsubscribe link' },
      ]),
    );
    expect((await reply(c.id)).deliveryStatus).toBe('pending');
    await inviteToSurvey(c.id, c.contact.id, 'email');
    const [skipped] = await eventually(async () => {
      const found = (await core.call('GET', `/v1/cases/${c.id}/surveys`)).body.items as any[];
      expect(found).toHaveLength(1);
      return found;
    });
    expect(skipped).toMatchObject({ status: 'skipped', skipReason: 'opted_out' });
    const [event] = await eventually(async () => {
      const found = await consentEvents(c.contact.id);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(event).toMatchObject({
      type: 'casehub.contact.opted_out.v1',
      data: { channel: 'email', topic: 'surveys', actor: { type: 'plugin', id: 'survey' } },
    });
  });

  it('answers nothing to HELP: no case, no consent change', async () => {
    const phone = newPhone();
    const { contact, c } = await caseOpenedBy(phone, 'Cannot log in');
    await text(phone, 'help');
    await marker(phone, c.id);
    expect(await casesOf(contact.id)).toHaveLength(1);
    expect((await messagesOf(c.id)).map((m) => m.body)).not.toContain('help');
    expect((await core.call('GET', `/v1/contacts/${contact.id}`)).body.optOuts).toEqual([]);
    expect(await consentEvents(contact.id)).toEqual([]);
  });
});

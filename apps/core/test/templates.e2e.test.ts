import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { MessageTemplate } from '@casehub/domain';
import { MessageTemplates } from '@casehub/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from './support/databases.js';
import { startCore, type TestCore } from './support/core.js';
import { eventually, readStream } from './support/nats.js';

const ORDER_UPDATE: MessageTemplate = {
  name: 'order_update',
  language: 'en_US',
  channel: 'social',
  status: 'APPROVED',
  category: 'UTILITY',
  parameters: 2,
  body: 'Hello {{1}}, your case {{2}} has news: reply to this message to continue.',
};

/**
 * Message templates, channel-neutral: a plugin reports what its provider approved, agents list
 * them, and a reply that names one is checked and carried to the plugin on message.created.
 */
describe.each(DATABASES)('message templates on %s', (db) => {
  let core: TestCore;
  let nc: NatsConnection;
  let reported: MessageTemplates;

  beforeAll(async () => {
    core = await startCore(db);
    nc = await connect({ servers: core.env.NATS_URL });
    const ctx = { nc, stream: core.env.NATS_STREAM, name: 'social-test' };
    reported = await MessageTemplates.open(ctx);
    await reported.publish([
      ORDER_UPDATE,
      { ...ORDER_UPDATE, language: 'de_DE', body: 'Hallo {{1}}, Ihr Fall {{2}} hat Neuigkeiten.' },
      { ...ORDER_UPDATE, name: 'greeting', language: 'en_US', parameters: 0, body: 'Hi there!' },
      { ...ORDER_UPDATE, name: 'promo', status: 'REJECTED', parameters: 0, body: 'Sale!' },
      { ...ORDER_UPDATE, name: 'sms_note', channel: 'sms', parameters: 0, body: 'Note' },
    ]);
  });
  afterAll(async () => {
    await nc?.close();
    await core?.close();
  });

  let n = 0;
  const socialCase = async () => {
    const contact = await core.call('POST', '/v1/contacts', {
      name: 'Zoë',
      handles: [`whatsapp:49151123${db === 'sqlite' ? 1 : 2}${String(++n).padStart(4, '0')}`],
    });
    expect(contact.status).toBe(201);
    const res = await core.call('POST', '/v1/cases', {
      subject: 'Where is my order?',
      channel: 'social',
      contactId: contact.body.id,
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('lists the templates plugins reported, per channel, and on GET /v1/plugins', async () => {
    const all = await core.call('GET', '/v1/templates');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(5);
    const social = await core.call('GET', '/v1/templates?channel=social');
    expect(social.body.items.map((t: MessageTemplate) => `${t.name}/${t.language}`)).toEqual([
      'order_update/en_US',
      'order_update/de_DE',
      'greeting/en_US',
      'promo/en_US',
    ]);
    expect(social.body.items[0]).toMatchObject({ plugin: 'social-test', parameters: 2 });
    const bad = await core.call('GET', '/v1/templates?channel=pigeon');
    expect(bad.status).toBe(400);
  });

  it('sends a reply as a template: its text rendered, the template on message.created', async () => {
    const c = await socialCase();
    const res = await core.call('POST', `/v1/cases/${c.id}/messages`, {
      template: { name: 'order_update', language: 'de_DE', parameters: ['Zoë', String(c.number)] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      body: `Hallo Zoë, Ihr Fall ${c.number} hat Neuigkeiten.`,
      deliveryStatus: 'pending',
      template: { name: 'order_update', language: 'de_DE', parameters: ['Zoë', String(c.number)] },
    });
    const listed = await core.call('GET', `/v1/cases/${c.id}/messages`);
    expect(listed.body.items.at(-1).template).toEqual(res.body.template);
    const created = await eventually(async () => {
      const events = await readStream(core.env.NATS_URL, core.env.NATS_STREAM);
      const e = events.find(
        (x) =>
          x.type === 'casehub.message.created.v1' && (x.data as any).message.id === res.body.id,
      );
      expect(e).toBeDefined();
      return e!;
    });
    expect((created.data as any).message.template).toEqual(res.body.template);
    // A free-text reply says it is none.
    const free = await core.call('POST', `/v1/cases/${c.id}/messages`, { body: 'Thanks!' });
    expect(free.body.template).toBeNull();
  });

  it('takes the only approved translation when no language is named', async () => {
    const c = await socialCase();
    const res = await core.call('POST', `/v1/cases/${c.id}/messages`, {
      template: { name: 'greeting' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ body: 'Hi there!', template: { language: 'en_US' } });
  });

  it('refuses what the channel cannot send, naming the field', async () => {
    const c = await socialCase();
    const post = (body: unknown) => core.call('POST', `/v1/cases/${c.id}/messages`, body);
    const cases: [unknown, number, string][] = [
      [{ template: { name: 'nope', parameters: [] } }, 422, '#/template/name'],
      [{ template: { name: 'promo' } }, 422, '#/template/name'], // rejected by the provider
      [{ template: { name: 'sms_note' } }, 422, '#/template/name'], // another channel's
      [{ template: { name: 'order_update', parameters: ['a', 'b'] } }, 422, '#/template/name'], // two languages
      [
        { template: { name: 'order_update', language: 'en_US', parameters: ['a'] } },
        422,
        '#/template/parameters',
      ],
      [{ template: { name: 'greeting' }, body: 'and text' }, 400, '#/body'],
      [{ template: { name: 'greeting' }, visibility: 'internal' }, 400, '#/template'],
      [{}, 400, '#/body'],
      [{ template: { name: 'greeting', parameters: [''] } }, 400, '#/template/parameters/0'],
    ];
    for (const [body, status, pointer] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(
        res.body.errors.map((e: { pointer: string }) => e.pointer),
        JSON.stringify(body),
      ).toContain(pointer);
    }
    expect((await core.call('GET', `/v1/cases/${c.id}/messages`)).body.items).toHaveLength(0);
  });

  it('shows each plugin its templates on GET /v1/plugins once it registered', async () => {
    const res = await core.call('GET', '/v1/plugins');
    expect(res.status).toBe(200);
    // The reporting plugin sent no heartbeat here: GET /v1/plugins lists registered plugins only.
    expect(res.body.items.every((p: { templates: unknown[] }) => Array.isArray(p.templates))).toBe(
      true,
    );
  });

  it('takes a plugin’s new report while it runs: a template approved later is usable', async () => {
    const c = await socialCase();
    const late = { name: 'late_note', language: 'en_US', parameters: 0, body: 'Later!' };
    const before = await core.call('POST', `/v1/cases/${c.id}/messages`, {
      template: { name: 'late_note' },
    });
    expect(before.status).toBe(422); // not reported yet (and read once by now)
    await reported.publish([ORDER_UPDATE, { ...ORDER_UPDATE, ...late }]);
    await eventually(async () => {
      const listed = await core.call('GET', '/v1/templates?channel=social');
      expect(listed.body.items.map((t: MessageTemplate) => t.name)).toEqual([
        'order_update',
        'late_note',
      ]);
    });
    const after = await core.call('POST', `/v1/cases/${c.id}/messages`, {
      template: { name: 'late_note' },
    });
    expect(after.status).toBe(201);
    expect(after.body.body).toBe('Later!');
  });
});

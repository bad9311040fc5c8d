import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, MessageView } from '@casehub/domain';
import { startTestHub, type TestHub, surveyInvitation } from '@casehub/plugin-testkit';
import type { FakeWhatsApp } from '@casehub/provider-fakes';
import {
  casesOf,
  customerCase,
  messagesOf,
  newWaId,
  replyReaches,
  startFakeWhatsApp,
  startWhatsAppPlugin,
  waitFor,
} from './support.js';

const WINDOW_CLOSED = 'the 24-hour customer service window is closed: send an approved template';
const DAY_AND_AN_HOUR = 25 * 3600_000;

/** The team's replies go out on WhatsApp: a real core and NATS, Meta's fake over HTTP. */
describe('whatsapp: replies out', () => {
  let hub: TestHub;
  let wa: FakeWhatsApp;

  beforeAll(async () => {
    [hub, wa] = await Promise.all([startTestHub(), startFakeWhatsApp()]);
    await startWhatsAppPlugin(hub, wa, { WHATSAPP_TEMPLATE_SYNC_SECONDS: '2' });
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await wa?.close();
  });

  const reply = (c: CaseView, body: string, extra: Record<string, unknown> = {}) =>
    hub.core.cases.addMessage(c.id, { body, ...extra });
  const requestsTo = (waId: string) =>
    wa.requests.filter(
      (r) => r.path.endsWith('/messages') && (r.body as { to?: string } | null)?.to === waId,
    );
  const reports = async (m: MessageView) =>
    (await hub.events('inbound.delivery'))
      .filter((e) => e.data.messageId === m.id)
      .map((e) => e.data.status);
  const templatesListed = () =>
    waitFor(async () => {
      const { items } = await hub.core.call<{ items: { name: string; language: string }[] }>(
        'GET',
        '/v1/templates?channel=social',
      );
      expect(items.map((t) => `${t.name}/${t.language}`)).toContain('case_update/en_US');
      return items;
    });

  it('sends a reply inside the window; sent, delivered and read reach the message', async () => {
    const waId = newWaId();
    const c = await customerCase(hub, wa, waId);
    const m = await reply(c, 'Wir schicken Ersatz 📦 — heute noch.');
    const sent = await wa.waitForMessage((s) => s.waId === waId, 30_000);
    expect(sent).toMatchObject({
      type: 'text',
      text: 'Wir schicken Ersatz 📦 — heute noch.',
      bizOpaqueCallbackData: `reply.${m.id}.0`,
      requestCount: 1,
    });
    const read = await replyReaches(hub, m, 'read');
    expect(read.providerMessageId).toBe(sent.id);
    expect(await reports(m)).toEqual(['sent', 'delivered', 'read']);
  });

  it('ends read when statuses come late, twice and out of order, never going back', async () => {
    const waId = newWaId();
    const c = await customerCase(hub, wa, waId);
    wa.setWebhookBehaviour({ duplicate: true, shuffle: true, delayMs: 20, beforeResponse: true });
    const m = await reply(c, 'Your engineer comes on Tuesday.');
    const sent = await wa.waitForMessage((s) => s.waId === waId, 30_000);
    await wa.webhooksSettled();
    wa.setWebhookBehaviour({ retryDelaysMs: [500, 1_000, 2_000, 4_000] });
    const order = wa.deliveries.filter((d) => d.messageId === sent.id).map((d) => d.status!);
    // The test means something: a `sent` came after `read`, each status twice, all taken.
    expect(order.lastIndexOf('sent')).toBeGreaterThan(order.indexOf('read'));
    expect(order.filter((s) => s === 'read')).toHaveLength(2);
    // The marker: a later reply of the same case, handled after the first one's handler ended.
    const marker = await reply(c, 'See you then.');
    await replyReaches(hub, marker, 'read');
    expect((await replyReaches(hub, m, 'read')).providerMessageId).toBe(sent.id);
    const statuses = await reports(m);
    expect(statuses.at(-1)).toBe('read');
    expect(statuses.filter((s) => s === 'read')).toHaveLength(1);
    expect(wa.messagesTo(waId)).toHaveLength(2);
  });

  it('sends an attachment after the words: uploaded, then sent by its media id', async () => {
    const waId = newWaId();
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(40_000, 3)]);
    await wa.sendInbound({
      waId,
      image: { bytes: jpeg, mimeType: 'image/jpeg', caption: 'This one?' },
    });
    const [photo] = await waitFor(async () => {
      const [c] = await casesOf(hub, waId);
      expect(c).toBeDefined();
      const items = await messagesOf(hub, c.id);
      expect(items[0]?.attachments).toHaveLength(1);
      return items;
    });
    const m = await hub.core.cases.addMessage(photo.caseId, {
      body: 'Yes, this one: we replace it.',
      attachments: photo.attachments,
    });
    await replyReaches(hub, m, 'read');
    const [text, image] = wa.messagesTo(waId);
    expect(text).toMatchObject({ type: 'text', text: 'Yes, this one: we replace it.' });
    expect(image).toMatchObject({
      type: 'image',
      bizOpaqueCallbackData: `reply.${m.id}.1`,
      media: { mimeType: 'image/jpeg', bytes: jpeg },
    });
    expect(wa.requests.filter((r) => r.path.endsWith('/media')).map((r) => r.status)).toEqual([
      200,
    ]);
  });

  it('refuses free text outside the window before sending, then sends an approved template', async () => {
    const waId = newWaId();
    await templatesListed();
    const old = await wa.sendInbound({
      waId,
      name: 'Zoë',
      text: 'Hello? (yesterday)',
      at: new Date(Date.now() - DAY_AND_AN_HOUR),
    });
    expect(old.status).toBe(200);
    const c = await waitFor(async () => {
      const [found] = await casesOf(hub, waId);
      expect(found).toBeDefined();
      return found;
    });
    const refused = await reply(c, 'Sorry for the wait!');
    expect((await replyReaches(hub, refused, 'failed')).deliveryError).toBe(WINDOW_CLOSED);
    expect(requestsTo(waId)).toEqual([]);

    const template = await hub.core.cases.addMessage(c.id, {
      template: { name: 'case_update', language: 'en_US', parameters: ['Zoë', `#${c.number}`] },
    });
    expect(template.body).toBe(
      `Hello Zoë, there is news about your case #${c.number}. Reply to continue.`,
    );
    const sent = await wa.waitForMessage((s) => s.waId === waId, 30_000);
    expect(sent).toMatchObject({
      type: 'template',
      template: { name: 'case_update', language: 'en_US', parameters: ['Zoë', `#${c.number}`] },
    });
    expect(sent.request.template).toEqual({
      name: 'case_update',
      language: { code: 'en_US' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Zoë' },
            { type: 'text', text: `#${c.number}` },
          ],
        },
      ],
    });
    expect((await replyReaches(hub, template, 'read')).providerMessageId).toBe(sent.id);
    expect(wa.messagesTo(waId)).toHaveLength(1);
  });

  it('fails a reply with the window error when Meta reports 131047 in a status webhook', async () => {
    const waId = newWaId();
    const c = await customerCase(hub, wa, waId);
    wa.expireWindow({ waId }); // Meta's clock says more than 24 h; the plugin saw a message
    const m = await reply(c, 'Anything else I can do?');
    const failed = await replyReaches(hub, m, 'failed');
    expect(failed.deliveryError).toBe(WINDOW_CLOSED);
    const [sent] = wa.messagesTo(waId);
    expect(sent).toMatchObject({ status: 'failed', errorCode: 131047 });
    expect(failed.providerMessageId).toBe(sent.id);
  });

  it('fails a reply to an undeliverable number with 131026', async () => {
    const waId = newWaId();
    const c = await customerCase(hub, wa, waId);
    wa.failDeliveryTo(waId);
    const m = await reply(c, 'Your refund is on its way.');
    expect((await replyReaches(hub, m, 'failed')).deliveryError).toMatch(
      /^whatsapp 131026: message undeliverable/,
    );
  });

  it('waits out a rate limit (130429) with back-off, then sends once', async () => {
    const waId = newWaId();
    const c = await customerCase(hub, wa, waId);
    wa.failNext(1, { code: 130429 });
    const started = Date.now();
    const m = await reply(c, 'Thanks for your patience.');
    await replyReaches(hub, m, 'read');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(requestsTo(waId).map((r) => [r.status, r.errorCode])).toEqual([
      [400, 130429],
      [200, null],
    ]);
    expect(wa.messagesTo(waId).map((s) => s.requestCount)).toEqual([2]);
  });

  it('fails template errors (132001, 132000) and a policy block (368) at once, clearly', async () => {
    const waId = newWaId();
    const c = await customerCase(hub, wa, waId);
    await templatesListed();
    const templateReply = () =>
      hub.core.cases.addMessage(c.id, {
        template: { name: 'case_update', language: 'de', parameters: ['Zoë', '#1'] },
      });
    wa.failNext(1, { code: 132001, status: 404 });
    const missing = await replyReaches(hub, await templateReply(), 'failed');
    expect(missing.deliveryError).toBe(
      'template case_update (de) does not exist in that language or is not approved (whatsapp 132001)',
    );
    wa.failNext(1, { code: 132000 });
    const count = await replyReaches(hub, await templateReply(), 'failed');
    expect(count.deliveryError).toBe(
      "template case_update (de): the number of parameters does not match the template's (whatsapp 132000)",
    );
    wa.failNext(1, { code: 368, status: 403 });
    const blocked = await replyReaches(hub, await reply(c, 'Hello'), 'failed');
    expect(blocked.deliveryError).toMatch(/^whatsapp 368: /);
    expect(requestsTo(waId).map((r) => r.errorCode)).toEqual([132001, 132000, 368]);
    expect(await hub.deadLetters('whatsapp')).toEqual([]);
  });

  it('sends nothing for a contact without a WhatsApp handle, and writes where they last wrote', async () => {
    const waId = newWaId();
    const contact = await hub.core.contacts.create({
      name: 'Kim',
      handles: [`telegram:${Date.now()}`],
    });
    const c = await hub.core.cases.create({
      subject: 'Router',
      channel: 'social',
      contactId: contact.id,
    });
    const notOurs = await reply(c, 'Telegram’s to send, not ours');
    await hub.core.contacts.update(contact.id, { addHandles: [`whatsapp:${waId}`] });
    // The customer now writes on WhatsApp: the case's last message came by WhatsApp.
    await wa.sendInbound({ waId, text: 'Writing from WhatsApp now' });
    await waitFor(async () => expect(await messagesOf(hub, c.id)).toHaveLength(2));
    const ours = await reply(c, 'Got it, answering on WhatsApp');
    await replyReaches(hub, ours, 'read');
    expect(wa.messagesTo(waId).map((s) => s.text)).toEqual(['Got it, answering on WhatsApp']);
    expect((await messagesOf(hub, c.id)).find((m) => m.id === notOurs.id)?.deliveryStatus).toBe(
      'pending',
    );
  });

  it('lists the synced templates through the core, and a new one after the next sync', async () => {
    const items = await templatesListed();
    expect(items).toContainEqual(
      expect.objectContaining({
        plugin: 'whatsapp',
        name: 'case_update',
        language: 'de',
        channel: 'social',
        status: 'APPROVED',
        category: 'UTILITY',
        parameters: 2,
        body: 'Hallo {{1}}, es gibt Neues zu Ihrem Fall {{2}}.',
      }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({ name: 'draft_promo', status: 'PENDING' }),
    );
    wa.addTemplate({ name: 'survey_reminder', language: 'en_US', body: 'Tell us: {{1}}' });
    await waitFor(async () => {
      const { items: now } = await hub.core.call<{ items: { name: string; parameters: number }[] }>(
        'GET',
        '/v1/templates?channel=social',
      );
      expect(now).toContainEqual(
        expect.objectContaining({ name: 'survey_reminder', parameters: 1 }),
      );
    });
  });

  it('invites to a survey inside the window once, with its link; outside it, dead-letters why', async () => {
    const invite = (c: CaseView, id: string) =>
      hub.publish(
        'survey.invited',
        surveyInvitation(c, { id, kind: 'csat', channel: 'social', expiresAt: null }),
      );
    const waId = newWaId();
    const c = await customerCase(hub, wa, waId, 'Invoice twice');
    await invite(c, 'sv_first');
    await invite(c, 'sv_first'); // the same decision again, as another event
    await invite(c, 'sv_marker');
    await wa.waitForMessage((s) => s.waId === waId && !!s.text?.includes('sv_marker'), 30_000);
    const first = wa.messagesTo(waId).filter((s) => s.text?.includes('sv_first'));
    expect(first.map((s) => s.text)).toEqual([
      `How did we do with case #${c.number}? Tell us here: https://survey.acme.example/s/sv_first`,
    ]);

    const late = newWaId();
    await wa.sendInbound({
      waId: late,
      text: 'Old question',
      at: new Date(Date.now() - DAY_AND_AN_HOUR),
    });
    const closed = await waitFor(async () => {
      const [found] = await casesOf(hub, late);
      expect(found).toBeDefined();
      return found;
    });
    await invite(closed, 'sv_closed');
    const [dead] = await waitFor(async () => {
      const letters = (await hub.deadLetters('whatsapp')).filter((d) =>
        d.error.includes('sv_closed'),
      );
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(dead.error).toMatch(/24-hour customer service window is closed/);
    expect(wa.messagesTo(late)).toEqual([]);
  });
});

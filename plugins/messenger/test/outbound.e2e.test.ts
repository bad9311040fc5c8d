import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '@casehub/domain';
import { AttachmentFiles } from '@casehub/plugin-sdk';
import { startTestHub, type TestHub, surveyInvitation } from '@casehub/plugin-testkit';
import type { FakeMessenger, MessengerPerson } from '@casehub/provider-fakes';
import {
  caseOf,
  messagesOf,
  replyReaches,
  startFakeMeta,
  startMessengerPlugin,
  waitFor,
} from './support.js';

/** The team's replies and survey invitations reach Messenger and Instagram, once each. */
describe('messenger: replies out', () => {
  let hub: TestHub;
  let meta: FakeMessenger;

  beforeAll(async () => {
    [hub, meta] = await Promise.all([startTestHub(), startFakeMeta()]);
    await startMessengerPlugin(hub, meta);
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await meta?.close();
  });

  /** A person who wrote just now, and the case their message opened. */
  const customer = async (input: Parameters<FakeMessenger['addPerson']>[0] = {}) => {
    const person = meta.addPerson(input);
    await meta.customerWrites(person, { text: 'Bonjour, j’ai une question' });
    return { person, c: await caseOf(hub, person) };
  };
  const reply = (c: CaseView, body: string, attachments: unknown[] = []) =>
    hub.core.cases.addMessage(c.id, { body, attachments } as never);
  const sendsTo = (p: MessengerPerson) =>
    meta.requests.filter(
      (r) => r.method === 'POST' && (r.body?.recipient as { id?: string })?.id === p.id,
    );
  const reportsOf = async (messageId: string) =>
    (await hub.events('inbound.delivery'))
      .filter((e) => e.data.messageId === messageId)
      .map((e) => e.data.status);

  it('sends an agent’s reply as RESPONSE; delivered and read come back; the echo is no message', async () => {
    const { person, c } = await customer({ firstName: 'Ann', lastName: 'Lee' });
    const m = await reply(c, 'Votre colis arrive demain 🚚');
    const sent = await meta.waitForMessage((s) => s.recipientId === person.id, 20_000);
    expect(sent).toMatchObject({
      text: 'Votre colis arrive demain 🚚',
      messagingType: 'RESPONSE',
      tag: null,
    });
    expect((await replyReaches(hub, m, 'delivered')).providerMessageId).toBe(sent.mid);
    await meta.markRead(person);
    await replyReaches(hub, m, 'read');
    // The echo came before the delivery: the case holds the customer's message and the reply only.
    expect(meta.webhooks.some((w) => w.mids.includes(sent.mid))).toBe(true);
    expect((await messagesOf(hub, c, 2)).map((x) => x.authorType)).toEqual(['contact', 'agent']);
    expect(sendsTo(person)).toHaveLength(1);
  });

  it('never moves a reply back: a delivery after the read, a read twice', async () => {
    meta.setSendBehaviour({ autoDeliver: false });
    try {
      const { person, c } = await customer();
      const m = await reply(c, 'We have refunded you.');
      await meta.waitForMessage((s) => s.recipientId === person.id, 20_000);
      await replyReaches(hub, m, 'sent');
      const lateDelivery = meta.markDelivered(person, { delayMs: 500 }); // built now, posted late
      await meta.markRead(person, { twice: true });
      expect((await lateDelivery)?.[0].status).toBe(200);
      await replyReaches(hub, m, 'read');
      // The marker: a later reply of the same case, delivered after all of that was handled.
      const marker = await reply(c, 'Anything else?');
      await meta.waitForMessage((s) => s.text === 'Anything else?', 20_000);
      await waitFor(async () => expect(await meta.markDelivered(person)).not.toBeNull());
      await replyReaches(hub, marker, 'delivered');
      expect((await replyReaches(hub, m, 'read')).deliveryStatus).toBe('read');
      expect(await reportsOf(m.id)).toEqual(['sent', 'read']);
    } finally {
      meta.setSendBehaviour({});
    }
  });

  it('answers an Instagram customer; Instagram’s seen event marks the reply read', async () => {
    const { person, c } = await customer({ platform: 'instagram', name: 'Ana Núñez' });
    const m = await reply(c, '¡Sí, la tenemos en azul!');
    const sent = await meta.waitForMessage((s) => s.recipientId === person.id, 20_000);
    expect([sent.platform, sent.messagingType]).toEqual(['instagram', 'RESPONSE']);
    await replyReaches(hub, m, 'sent');
    await meta.markRead(person);
    expect((await replyReaches(hub, m, 'read')).providerMessageId).toBe(sent.mid);
  });

  it('splits a long reply and sends its attachments, uploaded or by URL', async () => {
    const { person, c } = await customer();
    const kept = await AttachmentFiles.open(hub.nc, `casehub_test_files_${hub.stream}`);
    const pdf = Buffer.from('%PDF-1.7 the invoice');
    const invoice = await kept.keep('invoice', pdf, {
      filename: 'Rechnung März.pdf',
      contentType: 'application/pdf',
    });
    const photoUrl = meta.hostFile(Buffer.from('PNG bytes'), 'image/png', 'router.png');
    const photo = { filename: 'router.png', contentType: 'image/png', size: 9, url: photoUrl };
    const long = `${'Étape suivante : redémarrez le routeur. '.repeat(60)}Fin.`;
    const m = await reply(c, long, [invoice, photo]);
    await waitFor(() => expect(meta.messagesTo(person)).toHaveLength(4));
    const [t1, t2, file, image] = meta.messagesTo(person);
    expect(`${t1.text} ${t2.text}`).toBe(long.trim());
    expect(t1.text!.length).toBeLessThanOrEqual(2000);
    expect([file.attachment?.source, file.attachment?.type, file.attachment?.filename]).toEqual([
      'upload',
      'file',
      'Rechnung März.pdf',
    ]);
    expect(file.attachment?.bytes).toEqual(pdf);
    expect([image.attachment?.source, image.attachment?.url]).toEqual(['url', photoUrl]);
    expect((await replyReaches(hub, m, 'delivered')).providerMessageId).toBe(t1.mid);
  });

  it('fails a reply to a person who is not available (#551) at once, without retrying', async () => {
    const { person, c } = await customer();
    meta.setUnavailable(person);
    const m = await replyReaches(hub, await reply(c, 'Are you there?'), 'failed');
    expect(m.deliveryError).toMatch(/^the person is not available \(meta #551\/1545041: /);
    // The marker: a later reply of the same case is handled after the failed one was done with.
    await replyReaches(hub, await reply(c, 'Hello?'), 'failed');
    expect(sendsTo(person).map((r) => r.errorCode)).toEqual([551, 551]);
    expect(await hub.deadLetters('messenger')).toEqual([]);
  });

  it('waits out a rate limit (613) and sends once', async () => {
    const { person, c } = await customer();
    meta.failNext(1, { code: 613 });
    const m = await reply(c, 'Thanks for your patience.');
    const sent = await meta.waitForMessage((s) => s.recipientId === person.id, 30_000);
    expect(sendsTo(person).map((r) => [r.status, r.errorCode])).toEqual([
      [400, 613],
      [200, null],
    ]);
    expect(sent.requestCount).toBe(2);
    await replyReaches(hub, m, 'delivered');
    expect(meta.messagesTo(person)).toHaveLength(1);
  });

  it('leaves a social case without a Messenger or Instagram handle to other plugins', async () => {
    const other = await hub.core.cases.create({
      subject: 'WhatsApp customer',
      channel: 'social',
      contact: { name: 'Wanda', email: `wanda.${Date.now()}@example.com` },
    });
    const theirs = await reply(other, 'This is for another plugin');
    // The marker: a reply made after it, to a Messenger customer, is sent.
    const { person, c } = await customer();
    await reply(c, 'Ours');
    await meta.waitForMessage((s) => s.recipientId === person.id, 20_000);
    const after = (await hub.core.cases.messages(other.id)).items.find((x) => x.id === theirs.id);
    expect(after?.deliveryStatus).toBe('pending');
    expect(await reportsOf(theirs.id)).toEqual([]);
  });

  it('sends a survey invitation once, as RESPONSE, never tagged', async () => {
    const { person, c } = await customer();
    const invite = (id: string) =>
      hub.publish(
        'survey.invited',
        surveyInvitation(c, { id, kind: 'csat', channel: 'social', expiresAt: null }),
      );
    await invite('sv_first');
    await invite('sv_first'); // the same decision again, as another event
    await invite('sv_marker');
    await meta.waitForMessage(
      (s) => s.recipientId === person.id && !!s.text?.includes('sv_marker'),
      20_000,
    );
    const first = meta.messagesTo(person).filter((s) => s.text?.includes('sv_first'));
    expect(first.map((s) => [s.text, s.messagingType, s.tag])).toEqual([
      [
        `How did we do with case #${c.number}? Tell us here: https://survey.acme.example/s/sv_first`,
        'RESPONSE',
        null,
      ],
    ]);
  });
});

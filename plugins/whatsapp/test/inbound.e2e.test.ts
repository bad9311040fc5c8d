import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '@casehub/plugin-testkit';
import type { FakeWhatsApp } from '@casehub/provider-fakes';
import { MediaFiles } from '../src/state/media-files.js';
import {
  VERIFY_TOKEN,
  casesOf,
  contactOf,
  customerCase,
  messagesOf,
  newWaId,
  startFakeWhatsApp,
  startWhatsAppPlugin,
  waitFor,
} from './support.js';

/** Customers' WhatsApp messages reach the core: a real core and NATS, Meta's fake over HTTP. */
describe('whatsapp: messages in', () => {
  let hub: TestHub;
  let wa: FakeWhatsApp;
  let files: MediaFiles;
  let webhook: string;

  beforeAll(async () => {
    [hub, wa] = await Promise.all([startTestHub(), startFakeWhatsApp()]);
    const { url, app } = await startWhatsAppPlugin(hub, wa);
    webhook = `${url}/whatsapp/webhook`;
    files = app.get(MediaFiles);
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await wa?.close();
  });

  it('answers Meta’s handshake with the challenge, and 403 with another verify token', async () => {
    expect(await wa.verifyWebhook(VERIFY_TOKEN, webhook, '1158201444')).toMatchObject({
      status: 200,
      body: '1158201444',
      verified: true,
    });
    expect((await wa.verifyWebhook('someone-else', webhook)).status).toBe(403);
  });

  it('opens a case with the first message (non-ASCII, profile name) and adds the next to it', async () => {
    const waId = newWaId();
    const first = await wa.sendInbound({
      waId,
      name: 'Zoë Ångström',
      text: 'Grüße! Mein Paket 📦 ist nicht angekommen — 你好',
    });
    expect(first).toMatchObject({ status: 200, body: 'EVENT_RECEIVED' });
    const [opened] = await waitFor(async () => {
      const cases = await casesOf(hub, waId);
      expect(cases).toHaveLength(1);
      return cases;
    });
    expect(opened).toMatchObject({
      channel: 'social',
      subject: expect.stringMatching(/^Grüße! Mein Paket 📦/),
      contact: { name: 'Zoë Ångström' },
    });
    expect((await contactOf(hub, waId))?.identities).toContainEqual({
      kind: 'social',
      value: `whatsapp:${waId}`,
    });

    const second = await wa.sendInbound({ waId, text: 'Tracking number 1Z999AA10123456784' });
    await waitFor(async () => {
      const items = await messagesOf(hub, opened.id);
      expect(items.map((m) => [m.authorType, m.channel, m.body, m.providerMessageId])).toEqual([
        ['contact', 'social', 'Grüße! Mein Paket 📦 ist nicht angekommen — 你好', first.id],
        ['contact', 'social', 'Tracking number 1Z999AA10123456784', second.id],
      ]);
    });
    expect(await casesOf(hub, waId)).toHaveLength(1);
  });

  it('keeps one message when Meta delivers the webhook twice', async () => {
    const waId = newWaId();
    wa.setWebhookBehaviour({ duplicate: true });
    const sent = await wa.sendInbound({ waId, text: 'Sent once, posted twice' });
    wa.setWebhookBehaviour({ retryDelaysMs: [500, 1_000, 2_000] });
    expect(wa.deliveries.filter((d) => d.messageId === sent.id).map((d) => d.httpStatus)).toEqual([
      200, 200,
    ]);
    // The marker: a later message of the same customer, stored after both copies were answered.
    const marker = await wa.sendInbound({ waId, text: 'The marker' });
    const [c] = await waitFor(async () => {
      const cases = await casesOf(hub, waId);
      expect(cases).toHaveLength(1);
      const items = await messagesOf(hub, cases[0].id);
      expect(items.map((m) => m.providerMessageId)).toContain(marker.id);
      return cases;
    });
    expect((await messagesOf(hub, c.id)).map((m) => m.body)).toEqual([
      'Sent once, posted twice',
      'The marker',
    ]);
  });

  it('refuses a forged webhook with 403 and records nothing', async () => {
    const waId = newWaId();
    const wrong = await wa.sendInbound({ waId, text: 'Forged: wrong secret', signWith: 'wrong' });
    const none = await wa.sendInbound({ waId, text: 'Forged: no signature', signWith: 'none' });
    expect([wrong.status, none.status]).toEqual([403, 403]);
    const c = await customerCase(hub, wa, waId, 'The real one');
    expect((await messagesOf(hub, c.id)).map((m) => m.body)).toEqual(['The real one']);
    expect(await casesOf(hub, waId)).toHaveLength(1);
  });

  it('keeps an image and a document, downloaded with the token, on their messages', async () => {
    const waId = newWaId();
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200_000, 7)]);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(30_000, 1)]);
    const photo = await wa.sendInbound({
      waId,
      image: { bytes: jpeg, mimeType: 'image/jpeg', caption: 'Photo of the damage' },
    });
    const invoice = await wa.sendInbound({
      waId,
      document: { bytes: pdf, mimeType: 'application/pdf', filename: 'Rechnung März.pdf' },
    });
    const items = await waitFor(async () => {
      const [c] = await casesOf(hub, waId);
      expect(c).toBeDefined();
      const all = await messagesOf(hub, c.id);
      expect(all).toHaveLength(2);
      return all;
    });
    expect(items[0]).toMatchObject({
      body: 'Photo of the damage',
      attachments: [
        {
          filename: `whatsapp-image-${photo.mediaId}.jpg`,
          contentType: 'image/jpeg',
          size: jpeg.length,
          url: `nats-object://${files.bucket}/${encodeURIComponent(`${photo.id}/0`)}`,
        },
      ],
    });
    expect(items[1]).toMatchObject({
      body: '',
      attachments: [
        { filename: 'Rechnung März.pdf', contentType: 'application/pdf', size: pdf.length },
      ],
    });
    expect(await files.read(`${photo.id}/0`)).toEqual(jpeg);
    expect(await files.read(`${invoice.id}/0`)).toEqual(pdf);
    // Fetched as Meta requires: the media id's URL, then its bytes, both with the bearer token.
    const mediaRequests = wa.requests.filter((r) => r.method === 'GET').map((r) => r.status);
    expect(mediaRequests.length).toBeGreaterThanOrEqual(4);
    expect(mediaRequests.every((s) => s === 200)).toBe(true);
  });

  it('writes a location and a contact card as text, and a sticker as its file', async () => {
    const waId = newWaId();
    await wa.sendInbound({
      waId,
      location: {
        latitude: 52.52,
        longitude: 13.405,
        name: 'Café Einstein',
        address: 'Unter den Linden 42',
      },
    });
    await wa.sendInbound({
      waId,
      contacts: [{ name: 'Ann Lee', phones: ['+1 555 0100'], emails: ['ann@example.com'] }],
    });
    await wa.sendInbound({
      waId,
      sticker: { bytes: Buffer.from('RIFF....WEBP'), mimeType: 'image/webp' },
    });
    const items = await waitFor(async () => {
      const [c] = await casesOf(hub, waId);
      expect(c).toBeDefined();
      const all = await messagesOf(hub, c.id);
      expect(all).toHaveLength(3);
      return all;
    });
    expect(items.map((m) => m.body)).toEqual([
      'Location: Café Einstein, Unter den Linden 42 geo:52.52,13.405',
      'Contact card: Ann Lee, +1 555 0100, ann@example.com',
      '',
    ]);
    expect(items[2].attachments[0]).toMatchObject({ contentType: 'image/webp' });
  });

  it('takes a customer known only by a business-scoped user id', async () => {
    const userId = `US.${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    await wa.sendInbound({ userId, name: 'Bob', text: 'I hide my number' });
    await waitFor(async () => {
      const cases = await casesOf(hub, userId);
      expect(cases).toHaveLength(1);
      expect(cases[0].contact?.name).toBe('Bob');
    });
    expect((await contactOf(hub, userId))?.identities).toContainEqual({
      kind: 'social',
      value: `whatsapp:${userId.toLowerCase()}`,
    });
  });
});

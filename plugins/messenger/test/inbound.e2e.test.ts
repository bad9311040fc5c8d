import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '@casehub/plugin-testkit';
import type { FakeMessenger } from '@casehub/provider-fakes';
import { MessengerFiles } from '../src/state/attachment-files.js';
import {
  caseOf,
  casesOf,
  contactOf,
  handleOf,
  messagesOf,
  startFakeMeta,
  startMessengerPlugin,
} from './support.js';

/** People's messages reach the core: a real core and NATS, Meta's fake over real HTTP. */
describe('messenger: people write', () => {
  let hub: TestHub;
  let meta: FakeMessenger;
  let webhook: string;
  let files: MessengerFiles;

  beforeAll(async () => {
    [hub, meta] = await Promise.all([startTestHub(), startFakeMeta()]);
    const started = await startMessengerPlugin(hub, meta);
    webhook = started.webhook;
    files = started.app.get(MessengerFiles);
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await meta?.close();
  });

  it('opens a social case for a Messenger customer, named from their profile', async () => {
    const zoe = meta.addPerson({ firstName: 'Zoë', lastName: 'Dvořák' });
    const first = await meta.customerWrites(zoe, { text: 'Mon colis n’est pas arrivé 📦' });
    expect(first.deliveries.map((d) => d.status)).toEqual([200]);
    // Meta escapes non-ASCII before signing: the plugin verified the bytes as sent.
    expect(first.deliveries[0].body).toContain('\\ud83d\\udce6');
    const opened = await caseOf(hub, zoe);
    expect(opened).toMatchObject({
      channel: 'social',
      subject: 'Mon colis n’est pas arrivé 📦',
      contact: { name: 'Zoë Dvořák' },
    });
    expect((await contactOf(hub, zoe))?.identities).toContainEqual({
      kind: 'social',
      value: handleOf(zoe),
    });

    const second = await meta.customerWrites(zoe, { text: 'Commande nº 4711, merci !' });
    const items = await messagesOf(hub, opened, 2);
    expect(items.map((m) => [m.authorType, m.body, m.providerMessageId])).toEqual([
      ['contact', 'Mon colis n’est pas arrivé 📦', first.mid],
      ['contact', 'Commande nº 4711, merci !', second.mid],
    ]);
    expect(await casesOf(hub, zoe)).toHaveLength(1);
  });

  it('opens a case for an Instagram customer, with the name Instagram tells', async () => {
    const ana = meta.addPerson({ platform: 'instagram', name: 'Ana Núñez', username: 'ana.nunez' });
    const { mid } = await meta.customerWrites(
      ana,
      { text: '¿Tienen la talla M en azul? 💙' },
      { retryDelaysMs: [] },
    );
    const opened = await caseOf(hub, ana);
    expect(opened.contact?.name).toBe('Ana Núñez');
    const [m] = await messagesOf(hub, opened, 1);
    expect([m.body, m.providerMessageId]).toEqual(['¿Tienen la talla M en azul? 💙', mid]);
  });

  it('keeps pictures, files and stickers, and puts a location in words', async () => {
    const li = meta.addPerson({ firstName: 'Li', lastName: 'Wei' });
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200_000, 7)]);
    const pdf = Buffer.from('%PDF-1.7 receipt');
    const { mid } = await meta.customerWrites(li, {
      text: 'The damage, and the receipt',
      attachments: [
        { type: 'image', bytes: jpeg },
        { type: 'file', bytes: pdf, contentType: 'application/pdf', filename: 'receipt.pdf' },
      ],
    });
    const sticker = await meta.customerWrites(li, { sticker: { id: 126361874215276 } });
    const location = await meta.customerWrites(li, { location: { lat: 52.52, long: 13.405 } });
    const [photo, like, where] = await messagesOf(hub, await caseOf(hub, li), 3);
    expect(photo.body).toBe('The damage, and the receipt');
    expect(photo.attachments).toEqual([
      {
        filename: 'image-1.jpg',
        contentType: 'image/jpeg',
        size: jpeg.length,
        url: `nats-object://${files.bucket}/${encodeURIComponent(`${mid}/0`)}`,
      },
      {
        filename: 'file-2.pdf',
        contentType: 'application/pdf',
        size: pdf.length,
        url: `nats-object://${files.bucket}/${encodeURIComponent(`${mid}/1`)}`,
      },
    ]);
    expect(await files.read(`${mid}/0`)).toEqual(jpeg);
    expect(like.attachments.map((a) => a.filename)).toEqual(['sticker-126361874215276.png']);
    expect(like.providerMessageId).toBe(sticker.mid);
    expect(where.body).toBe('Location: (52.52, 13.405) https://www.google.com/maps?q=52.52,13.405');
    expect(where.providerMessageId).toBe(location.mid);
  });

  it('threads a reply by reply_to.mid, and keeps a message whose profile cannot be read', async () => {
    const hidden = meta.addPerson({ hiddenProfile: true });
    const first = await meta.customerWrites(hidden, { text: 'Hallo?' });
    const answer = await meta.customerWrites(hidden, {
      text: 'Zu meiner Frage oben',
      replyTo: first.mid,
    });
    const opened = await caseOf(hub, hidden);
    expect(opened.contact?.name).toBeNull();
    await messagesOf(hub, opened, 2);
    const published = (await hub.events('inbound.message')).find(
      (e) => e.data.providerMessageId === answer.mid,
    );
    expect(published?.data.threading).toEqual({ inReplyTo: first.mid });
  });

  it('refuses a forged webhook with 403 and records nothing', async () => {
    const mallory = meta.addPerson();
    const wrong = await meta.customerWrites(
      mallory,
      { text: 'Forged' },
      { signWith: 'wrong', retryDelaysMs: [] },
    );
    const none = await meta.customerWrites(
      mallory,
      { text: 'Unsigned' },
      { signWith: 'none', retryDelaysMs: [] },
    );
    expect([wrong.deliveries[0].status, none.deliveries[0].status]).toEqual([403, 403]);
    // The marker: a genuine message from the same person afterwards is their first and only one.
    await meta.customerWrites(mallory, { text: 'The real one' });
    const items = await messagesOf(hub, await caseOf(hub, mallory), 1);
    expect(items.map((m) => m.body)).toEqual(['The real one']);
  });

  it('keeps each message once when Meta batches, repeats and reorders them', async () => {
    const [a, b] = [meta.addPerson(), meta.addPerson({ firstName: 'Øyvind', lastName: 'Sæther' })];
    const a1 = meta.message(a, { text: 'first from a' });
    const b1 = meta.message(b, { text: 'første fra b' });
    const a2 = meta.message(a, { text: 'second from a' });
    // One POST of three entries, sent twice, then the first again on its own, late.
    const twice = await meta.post([a2, b1, a1], { twice: true });
    const late = await meta.post([a1], { delayMs: 300 });
    expect([...twice, ...late].map((d) => d.status)).toEqual([200, 200, 200]);
    const [ca, cb] = [await caseOf(hub, a), await caseOf(hub, b)];
    const aBodies = (await messagesOf(hub, ca, 2)).map((m) => m.body).sort();
    expect(aBodies).toEqual(['first from a', 'second from a']);
    expect((await messagesOf(hub, cb, 1)).map((m) => m.body)).toEqual(['første fra b']);
    // The marker: a later message of a's is the third, so no copy came in between.
    await meta.customerWrites(a, { text: 'third from a' });
    expect((await messagesOf(hub, ca, 3)).at(-1)?.body).toBe('third from a');
  });

  it('reads raw UTF-8 bodies too, and passes over entries of another Page', async () => {
    meta.setWebhookBehaviour({ escapeUnicode: false, retryDelaysMs: [] });
    const yui = meta.addPerson({ firstName: '結衣', lastName: '佐藤' });
    const { deliveries } = await meta.customerWrites(yui, { text: '返品したいです' });
    expect(deliveries[0].body).toContain('返品したいです');
    const stranger = meta.message(yui, { text: 'for another page' });
    const elsewhere = { ...stranger, accountId: '999999999999999' };
    expect((await meta.post([elsewhere]))[0].status).toBe(200);
    meta.setWebhookBehaviour({ retryDelaysMs: [200, 1_000, 3_000] });
    await meta.customerWrites(yui, { text: 'marker' });
    const items = await messagesOf(hub, await caseOf(hub, yui), 2);
    expect(items.map((m) => m.body)).toEqual(['返品したいです', 'marker']);
    expect(items[0].providerMessageId).not.toBe(stranger.mids[0]);
  });

  it('answers the subscription handshake with the challenge, for the verify token only', async () => {
    const ok = await meta.verifyWebhook(webhook, { challenge: '1158201444' });
    expect(ok).toEqual({ status: 200, body: '1158201444', verified: true });
    const wrong = await meta.verifyWebhook(webhook, { verifyToken: 'guessed' });
    const mode = await meta.verifyWebhook(webhook, { mode: 'unsubscribe' });
    expect([wrong.status, mode.status]).toEqual([403, 403]);
  });
});

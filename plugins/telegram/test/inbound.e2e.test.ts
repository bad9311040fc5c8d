import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '@casehub/plugin-testkit';
import type { FakeTelegram } from '@casehub/provider-fakes';
import { TelegramFiles } from '../src/state/telegram-files.js';
import {
  WEBHOOK_SECRET,
  bodies,
  casesReach,
  contactOf,
  forgedUpdate,
  messagesReach,
  startFakeTelegram,
  startTelegramPlugin,
  waitFor,
} from './support.js';

/** Customers write to the bot: a real core and NATS, Telegram's fake over real HTTP (webhook). */
describe('telegram: messages in by webhook', () => {
  let hub: TestHub;
  let telegram: FakeTelegram;
  let files: TelegramFiles;
  let webhook: string;

  beforeAll(async () => {
    [hub, telegram] = await Promise.all([startTestHub(), startFakeTelegram()]);
    const { app, url } = await startTelegramPlugin(hub, telegram);
    files = app.get(TelegramFiles);
    webhook = `${url}/telegram/webhook`;
  });
  afterAll(async () => {
    await hub?.stop();
    await telegram?.close();
  });

  it('sets its webhook with the secret token and the updates it wants', () => {
    expect(telegram.webhook).toMatchObject({ url: webhook, secretToken: WEBHOOK_SECRET });
    expect(telegram.allowedUpdates).toEqual(['message', 'my_chat_member']);
  });

  it('opens a case with the first message, named after the person, and adds the next to it', async () => {
    const ann = telegram.user({ firstName: 'Ann', lastName: 'Lee' });
    telegram.say(ann, 'My router keeps dropping the connection');
    const [opened] = await casesReach(hub, ann.id, 1);
    expect(opened).toMatchObject({
      channel: 'social',
      subject: 'My router keeps dropping the connection',
      contact: { name: 'Ann Lee' },
    });
    telegram.say(ann, 'It happens every evening around 8');
    const messages = await messagesReach(hub, opened.id, [
      'My router keeps dropping the connection',
      'It happens every evening around 8',
    ]);
    expect(messages.map((m) => [m.authorType, m.channel, m.providerMessageId])).toEqual([
      ['contact', 'social', `telegram:${ann.id}:1`],
      ['contact', 'social', `telegram:${ann.id}:2`],
    ]);
    expect((await contactOf(hub, ann.id))?.identities).toEqual([
      { kind: 'social', value: `telegram:${ann.id}` },
    ]);
    expect(
      telegram.webhookDeliveries.every((d) => d.status === 200 && d.secretToken === WEBHOOK_SECRET),
    ).toBe(true);
  });

  it('refuses a forged or missing secret token with 403 and records nothing', async () => {
    const ben = telegram.user({ firstName: 'Ben' });
    const wrong = await telegram.postUpdate(forgedUpdate(ben, 'Forged: wrong secret'), {
      url: webhook,
      secretToken: 'not-the-secret',
    });
    const none = await telegram.postUpdate(forgedUpdate(ben, 'Forged: no secret'), {
      url: webhook,
      secretToken: null,
    });
    expect([wrong.status, none.status]).toEqual([403, 403]);
    // The marker: a genuine message from the same user afterwards is its first and only one.
    telegram.say(ben, 'The real one');
    const [c] = await casesReach(hub, ben.id, 1);
    await messagesReach(hub, c.id, ['The real one']);
  });

  it('keeps an update Telegram delivers twice, or again later, as one message', async () => {
    const cleo = telegram.user({ firstName: 'Cleo' });
    telegram.setWebhookBehaviour({ duplicate: true, retryDelaysMs: [200, 500] });
    const { update } = telegram.say(cleo, 'Is my invoice paid?');
    await telegram.updatesSettled();
    telegram.setWebhookBehaviour({ retryDelaysMs: [200, 500, 1_000, 2_000, 4_000] });
    const deliveries = telegram.webhookDeliveries.filter((d) => d.updateId === update!.update_id);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
    telegram.redeliver(update!);
    telegram.say(cleo, 'Thanks'); // the marker, after the repeat
    const [c] = await casesReach(hub, cleo.id, 1);
    await messagesReach(hub, c.id, ['Is my invoice paid?', 'Thanks']);
  });

  it('answers 503 while the update cannot be stored, and stores it when Telegram tries again', async () => {
    const dan = telegram.user({ firstName: 'Dan' });
    telegram.failNext(1, { method: 'getFile', errorCode: 500 });
    const pdf = Buffer.from('%PDF-1.7 the contract');
    const { update } = telegram.write({
      chat: dan.id,
      from: dan,
      document: { bytes: pdf, fileName: 'contract.pdf', mimeType: 'application/pdf' },
      caption: 'Signed contract',
    });
    await telegram.updatesSettled();
    const deliveries = telegram.webhookDeliveries.filter((d) => d.updateId === update!.update_id);
    expect(deliveries.map((d) => d.status)).toEqual([503, 200]);
    const [c] = await casesReach(hub, dan.id, 1);
    const [m] = await messagesReach(hub, c.id, ['Signed contract']);
    expect(m.attachments).toEqual([
      {
        filename: 'contract.pdf',
        contentType: 'application/pdf',
        size: pdf.length,
        url: expect.stringMatching(new RegExp(`^nats-object://${files.bucket}/`)),
      },
    ]);
    expect(
      await files.read(decodeURIComponent(m.attachments[0].url!.split('/').slice(3).join('/'))),
    ).toEqual(pdf);
  });

  it("keeps a photo's largest size, voice notes and stickers, and writes places and contacts as words", async () => {
    const eve = telegram.user({ firstName: 'Eve', lastName: 'Park' });
    const small = Buffer.alloc(500, 1);
    const large = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(200_000, 2)]);
    telegram.write({
      chat: eve.id,
      from: eve,
      photo: {
        sizes: [
          { width: 90, height: 68, bytes: small },
          { width: 1280, height: 960, bytes: large },
        ],
      },
      caption: 'The broken screen',
    });
    telegram.write({
      chat: eve.id,
      from: eve,
      voice: { bytes: Buffer.from('OggS voice'), duration: 4 },
    });
    telegram.write({
      chat: eve.id,
      from: eve,
      sticker: { bytes: Buffer.from('RIFF WEBP'), emoji: '😢' },
    });
    telegram.write({
      chat: eve.id,
      from: eve,
      location: { latitude: 52.520008, longitude: 13.404954 },
    });
    telegram.write({
      chat: eve.id,
      from: eve,
      contact: { phoneNumber: '+4915112345678', firstName: 'Finn', lastName: 'Berg' },
    });
    const [c] = await casesReach(hub, eve.id, 1);
    const messages = await messagesReach(hub, c.id, [
      'The broken screen',
      '(voice message)',
      '(sticker 😢)',
      'Location: 52.520008, 13.404954 https://www.openstreetmap.org/?mlat=52.520008&mlon=13.404954#map=17/52.520008/13.404954',
      'Contact: Finn Berg, +4915112345678',
    ]);
    const read = (url: string) =>
      files.read(decodeURIComponent(url.slice(`nats-object://${files.bucket}/`.length)));
    expect(messages[0].attachments).toMatchObject([
      { contentType: 'image/jpeg', size: large.length },
    ]);
    expect(await read(messages[0].attachments[0].url!)).toEqual(large);
    expect(messages[1].attachments).toMatchObject([
      { contentType: 'audio/ogg', filename: 'telegram-2.ogg' },
    ]);
    expect(messages[2].attachments).toMatchObject([{ contentType: 'image/webp' }]);
    expect(messages.slice(3).every((m) => m.attachments.length === 0)).toBe(true);
  });

  it('threads an answer to an earlier reply to that reply’s case, not the latest one', async () => {
    const gus = telegram.user({ firstName: 'Gus' });
    telegram.say(gus, 'My parcel is late');
    const [first] = await casesReach(hub, gus.id, 1);
    const answer = await hub.core.cases.addMessage(first.id, { body: 'Which order number?' });
    const sent = await telegram.waitForMessage((m) => m.chatId === gus.id, 30_000);
    // An agent opens a second case for Gus: the latest one now.
    const contact = (await contactOf(hub, gus.id))!;
    const second = await hub.core.cases.create({
      subject: 'Your new contract',
      channel: 'social',
      contactId: contact.id,
    });
    telegram.say(gus, 'Order 1042', { replyTo: sent.messageId });
    telegram.say(gus, 'About the contract: fine by me'); // no reply: the latest case
    await messagesReach(hub, first.id, ['My parcel is late', 'Which order number?', 'Order 1042']);
    await messagesReach(hub, second.id, ['About the contract: fine by me']);
    expect(answer.body).toBe('Which order number?');
    expect(await bodies(hub, first.id)).toHaveLength(3);
  });

  it('ignores what is no customer message: a channel post, another bot', async () => {
    const hal = telegram.user({ firstName: 'Hal' });
    const bot = { id: 42, is_bot: true, first_name: 'OtherBot' };
    const delivery = await telegram.postUpdate({
      update_id: 7,
      message: {
        message_id: 1,
        from: bot,
        date: Math.floor(Date.now() / 1000),
        chat: { id: hal.id, type: 'private', first_name: 'Hal' },
        text: 'I am a bot',
      },
    });
    expect(delivery.status).toBe(200);
    telegram.say(hal, 'A person');
    const [c] = await casesReach(hub, hal.id, 1);
    await waitFor(async () => expect(await bodies(hub, c.id)).toEqual(['A person']));
  });
});

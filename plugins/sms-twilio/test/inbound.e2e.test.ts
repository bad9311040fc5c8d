import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '@casehub/plugin-testkit';
import type { FakeTwilio } from '@casehub/provider-fakes';
import { MediaFiles } from '../src/state/media-files.js';
import {
  HELP_TEXT,
  SUPPORT_NUMBER,
  casesOf,
  newPhone,
  startFakeTwilio,
  startSmsPlugin,
  waitFor,
} from './support.js';

/** A customer's texts reach the core: a real core and NATS, Twilio's fake over real HTTP. */
describe('sms-twilio: texts in', () => {
  let hub: TestHub;
  let twilio: FakeTwilio;
  let webhook: string;
  let files: MediaFiles;

  beforeAll(async () => {
    [hub, twilio] = await Promise.all([startTestHub(), startFakeTwilio()]);
    const { url, app } = await startSmsPlugin(hub, twilio);
    webhook = `${url}/twilio/inbound`;
    files = app.get(MediaFiles);
  });
  afterAll(async () => {
    await hub?.stop();
    await twilio?.close();
  });

  const text = (
    from: string,
    body: string,
    extra: Partial<Parameters<FakeTwilio['sendInbound']>[0]> = {},
  ) => twilio.sendInbound({ to: webhook, from, toNumber: SUPPORT_NUMBER, body, ...extra });

  it('opens a case with the first text and adds the second to it', async () => {
    const phone = newPhone();
    const first = await text(phone, 'My router keeps dropping the connection', {
      extraParams: { SomethingTwilioAddedLater: 'x' }, // signed like the rest: still accepted
    });
    expect(first).toMatchObject({ status: 200, contentType: expect.stringMatching(/^text\/xml/) });
    expect(first.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    const [opened] = await waitFor(async () => {
      const cases = await casesOf(hub, phone);
      expect(cases).toHaveLength(1);
      return cases;
    });
    expect(opened).toMatchObject({
      channel: 'sms',
      subject: 'My router keeps dropping the connection',
      contact: { phone },
    });

    const second = await text(phone, 'It happens every evening around 8');
    await waitFor(async () => {
      const { items } = await hub.core.cases.messages(opened.id);
      expect(items.map((m) => [m.authorType, m.body, m.providerMessageId])).toEqual([
        ['contact', 'My router keeps dropping the connection', first.messageSid],
        ['contact', 'It happens every evening around 8', second.messageSid],
      ]);
    });
    expect(await casesOf(hub, phone)).toHaveLength(1);
  });

  it('answers HELP with the help text, escaped as TwiML, and opens no case', async () => {
    const phone = newPhone();
    const help = await text(phone, 'help');
    expect(help.status).toBe(200);
    expect(help.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>' +
        'Acme support: text us your question. Reply STOP to stop, START to resume. Q&amp;A &lt;24/7&gt;' +
        '</Message></Response>',
    );
    expect(HELP_TEXT).toContain('Q&A <24/7>');
    // The marker: a later text from the same phone opens the case, the first and only one.
    await text(phone, 'Where is my order?');
    await waitFor(async () => expect(await casesOf(hub, phone)).toHaveLength(1));
    const [c] = await casesOf(hub, phone);
    expect((await hub.core.cases.messages(c.id)).items.map((m) => m.body)).toEqual([
      'Where is my order?',
    ]);
  });

  it('keeps an MMS image in the object store and puts it on the message', async () => {
    const phone = newPhone();
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300_000, 7)]);
    const mms = await text(phone, 'Photo of the damage', {
      media: [{ contentType: 'image/jpeg', bytes: jpeg }],
    });
    expect(mms.status).toBe(200);
    const message = await waitFor(async () => {
      const [c] = await casesOf(hub, phone);
      expect(c).toBeDefined();
      const { items } = await hub.core.cases.messages(c.id);
      expect(items).toHaveLength(1);
      return items[0];
    });
    expect(message.body).toBe('Photo of the damage');
    expect(message.attachments).toEqual([
      {
        filename: `${mms.messageSid}-1.jpg`,
        contentType: 'image/jpeg',
        size: jpeg.length,
        url: `nats-object://${files.bucket}/${encodeURIComponent(`${mms.messageSid}/0`)}`,
      },
    ]);
    // Fetched with the account's credentials (the fake answers nothing else), bytes intact.
    expect(await files.read(`${mms.messageSid}/0`)).toEqual(jpeg);
  });

  it('refuses a forged webhook with 403 and records nothing', async () => {
    const phone = newPhone();
    const wrong = await text(phone, 'Forged: wrong signature', { signWith: 'wrong' });
    const none = await text(phone, 'Forged: no signature', { signWith: 'none' });
    const elsewhere = await text(phone, 'Forged: signed for another URL', {
      signedUrl: 'https://evil.example/twilio/inbound',
    });
    expect([wrong.status, none.status, elsewhere.status]).toEqual([403, 403, 403]);
    // The marker: a genuine text from the same phone afterwards is its first and only message.
    await text(phone, 'The real one');
    await waitFor(async () => expect(await casesOf(hub, phone)).toHaveLength(1));
    const [c] = await casesOf(hub, phone);
    expect((await hub.core.cases.messages(c.id)).items.map((m) => m.body)).toEqual([
      'The real one',
    ]);
  });
});

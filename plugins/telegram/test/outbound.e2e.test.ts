import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '@casehub/domain';
import { startTestHub, type TestHub, surveyInvitation } from '@casehub/plugin-testkit';
import type { FakeTelegram } from '@casehub/provider-fakes';
import {
  casesReach,
  contactOf,
  messagesReach,
  replyReaches,
  startFakeTelegram,
  startTelegramPlugin,
  waitFor,
} from './support.js';

/**
 * The team's replies and survey invitations go out through the Bot API: a real core and NATS,
 * two replicas of the plugin behind one public URL (as behind a load balancer), the fake.
 */
describe('telegram: replies out', () => {
  let hub: TestHub;
  let telegram: FakeTelegram;
  let files: Server;
  let filesUrl: string;
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(3_000, 5)]);

  beforeAll(async () => {
    [hub, telegram] = await Promise.all([startTestHub(), startFakeTelegram()]);
    const first = await startTelegramPlugin(hub, telegram);
    await startTelegramPlugin(hub, telegram, { publicPort: first.port });
    // Where an agent's attachment lives on the web.
    files = createServer((req, res) => {
      if (req.url === '/screenshot.png')
        res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await hub?.stop();
    await telegram?.close();
    files?.close();
  });

  /** A customer who wrote to the bot, and the case it opened. */
  const customer = async (first = 'Ann') => {
    const user = telegram.user({ firstName: first });
    telegram.say(user, `Hello, ${first} here`);
    const [c] = await casesReach(hub, user.id, 1);
    return { user, c };
  };
  const reply = (c: CaseView, body: string, attachments?: object[]) =>
    hub.core.cases.addMessage(c.id, { body, ...(attachments ? { attachments } : {}) } as {
      body: string;
    });
  const requestsTo = (chatId: number) =>
    telegram.requests.filter(
      (r) => r.params.chat_id === chatId || r.params.chat_id === String(chatId),
    );

  it("sends an agent's reply once and reports it sent with the message's provider id", async () => {
    const { user, c } = await customer();
    const m = await reply(c, 'Your refund is on its way.');
    const sent = await telegram.waitForMessage((s) => s.chatId === user.id, 30_000);
    expect(sent).toMatchObject({ method: 'sendMessage', text: 'Your refund is on its way.' });
    const done = await replyReaches(hub, m, 'sent');
    expect(done.providerMessageId).toBe(`telegram:${user.id}:${sent.messageId}`);
    expect(telegram.messagesIn(user.id)).toHaveLength(1);
  });

  it('splits a reply over 4096 characters, then sends its files as a photo and a document', async () => {
    const { user, c } = await customer('Bea');
    // A document the customer sent, which the agent sends back signed.
    const pdf = Buffer.from('%PDF-1.7 signed form');
    telegram.write({
      chat: user.id,
      from: user,
      document: { bytes: pdf, fileName: 'form.pdf', mimeType: 'application/pdf' },
    });
    const [, theirs] = await messagesReach(hub, c.id, ['Hello, Bea here', '(document form.pdf)']);
    const long = `${'All the details of your case follow. '.repeat(120)}\n\n${'And more. '.repeat(100)}`;
    const m = await reply(c, long, [
      {
        filename: 'screenshot.png',
        contentType: 'image/png',
        size: png.length,
        url: `${filesUrl}/screenshot.png`,
      },
      theirs.attachments[0],
    ]);
    await replyReaches(hub, m, 'sent');
    const sent = telegram.messagesIn(user.id);
    expect(sent.map((s) => s.method)).toEqual([
      'sendMessage',
      'sendMessage',
      'sendPhoto',
      'sendDocument',
    ]);
    expect(sent.slice(0, 2).every((s) => s.text!.length <= 4096)).toBe(true);
    expect(`${sent[0].text}\n${sent[1].text}`.replace(/\s+/g, ' ').trim()).toBe(
      long.replace(/\s+/g, ' ').trim(),
    );
    expect(sent[2].file).toEqual({
      filename: 'screenshot.png',
      contentType: 'image/png',
      bytes: png,
    });
    expect(sent[3].file).toEqual({
      filename: 'form.pdf',
      contentType: 'application/pdf',
      bytes: pdf,
    });
  });

  it("waits out Telegram's retry_after in the chat, for every case and replica sending there", async () => {
    const { user, c } = await customer('Cid');
    const contact = (await contactOf(hub, user.id))!;
    const other = await hub.core.cases.create({
      subject: 'Another matter',
      channel: 'social',
      contactId: contact.id,
    });
    telegram.floodWait(user.id, 3);
    const started = Date.now();
    const first = await reply(c, 'First, after the wait');
    await waitFor(() => expect(requestsTo(user.id).map((r) => r.status)).toEqual([429]));
    // Another case into the same chat: whichever replica takes it, it waits without asking.
    const second = await reply(other, 'Second, after the wait too');
    await replyReaches(hub, first, 'sent');
    await replyReaches(hub, second, 'sent');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
    expect(requestsTo(user.id).map((r) => [r.status, r.retryAfter])).toEqual([
      [429, 3],
      [200, null],
      [200, null],
    ]);
  });

  it('records a block as an opt-out on the contact, fails the reply clearly and sends nothing more', async () => {
    const { user, c } = await customer('Dee');
    telegram.blockBot(user, { silently: true }); // the hub hears of it only from the 403
    const refused = await reply(c, 'Did the new router help?');
    const m = await replyReaches(hub, refused, 'failed');
    expect(m.deliveryError).toBe(
      'the customer blocked the bot on Telegram (telegram 403: Forbidden: bot was blocked by the user)',
    );
    await waitFor(async () =>
      expect((await contactOf(hub, user.id))?.optOuts).toEqual([
        expect.objectContaining({ channel: 'social', source: 'Telegram: bot blocked by the user' }),
      ]),
    );
    const next = await reply(c, 'Are you still there?');
    // The marker: a reply to another customer, made after it, reaches that customer.
    const { user: other, c: otherCase } = await customer('Eli');
    await reply(otherCase, 'Your parcel is on its way.');
    await telegram.waitForMessage((s) => s.chatId === other.id, 30_000);
    expect((await replyReaches(hub, next, 'failed')).deliveryError).toBe('opted_out');
    expect(requestsTo(user.id).map((r) => r.status)).toEqual([403]);
  });

  it('hears of a block and an unblock from Telegram, as an opt-out and an opt-in', async () => {
    const { user } = await customer('Fay');
    telegram.blockBot(user);
    await waitFor(async () =>
      expect((await contactOf(hub, user.id))?.optOuts).toEqual([
        expect.objectContaining({ channel: 'social', source: 'Telegram: bot blocked by the user' }),
      ]),
    );
    telegram.unblockBot(user);
    await waitFor(async () => expect((await contactOf(hub, user.id))?.optOuts).toEqual([]));
  });

  it("fails a reply Telegram refuses with Telegram's own description", async () => {
    // An agent's case for a contact whose Telegram chat the bot does not know.
    const contact = await hub.core.contacts.create({ name: 'Gil', handles: ['telegram:123456'] });
    const c = await hub.core.cases.create({
      subject: 'Welcome',
      channel: 'social',
      contactId: contact.id,
    });
    const m = await replyReaches(hub, await reply(c, 'Welcome aboard!'), 'failed');
    expect(m.deliveryError).toBe('telegram 400: Bad Request: chat not found');
    // Not retried: the marker, a later reply of the same case, fails the same way once.
    const after = await reply(c, 'Hello?');
    await replyReaches(hub, after, 'failed');
    expect(requestsTo(123456).map((r) => r.status)).toEqual([400, 400]);
    expect(await hub.deadLetters('telegram')).toEqual([]);
  });

  it('leaves social cases of other platforms alone', async () => {
    const contact = await hub.core.contacts.create({
      name: 'Hugo',
      handles: ['whatsapp:15551234567'],
    });
    const c = await hub.core.cases.create({
      subject: 'WhatsApp case',
      channel: 'social',
      contactId: contact.id,
    });
    const m = await reply(c, 'Hi on WhatsApp');
    const { user, c: mine } = await customer('Ida');
    await reply(mine, 'The marker');
    await telegram.waitForMessage((s) => s.chatId === user.id && s.text === 'The marker', 30_000);
    const still = (await hub.core.cases.messages(c.id)).items.find((x) => x.id === m.id);
    expect(still?.deliveryStatus).toBe('pending');
    expect(telegram.sent.filter((s) => s.text === 'Hi on WhatsApp')).toEqual([]);
  });

  it('sends a survey invitation on social once, with its link', async () => {
    const { user, c } = await customer('Joe');
    const invite = (id: string) =>
      hub.publish(
        'survey.invited',
        surveyInvitation(c, { id, kind: 'csat', channel: 'social', expiresAt: null }),
      );
    await invite('sv_first');
    await invite('sv_first'); // the same decision again, as another event
    await invite('sv_marker');
    await telegram.waitForMessage(
      (s) => s.chatId === user.id && !!s.text?.includes('sv_marker'),
      30_000,
    );
    const first = telegram.messagesIn(user.id).filter((s) => s.text?.includes('sv_first'));
    expect(first.map((s) => s.text)).toEqual([
      `How did we do with case #${c.number}? Tell us here: https://survey.acme.example/s/sv_first`,
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '@casehub/domain';
import { startTestHub, type TestHub, surveyInvitation } from '@casehub/plugin-testkit';
import type { FakeTwilio } from '@casehub/provider-fakes';
import {
  SUPPORT_NUMBER,
  contactOf,
  newPhone,
  replyReaches,
  smsCase,
  startFakeTwilio,
  startSmsPlugin,
  waitFor,
} from './support.js';

/** The team's replies and survey invitations go out by SMS: a real core and NATS, Twilio's fake. */
describe('sms-twilio: texts out', () => {
  let hub: TestHub;
  let twilio: FakeTwilio;
  let webhook: string;

  beforeAll(async () => {
    [hub, twilio] = await Promise.all([startTestHub(), startFakeTwilio()]);
    webhook = `${(await startSmsPlugin(hub, twilio)).url}/twilio/inbound`;
  });
  afterAll(async () => {
    await hub?.stop();
    await twilio?.close();
  });

  const reply = (c: CaseView, body: string) => hub.core.cases.addMessage(c.id, { body });
  const requestsTo = (phone: string) =>
    twilio.requests.filter((r) => r.method === 'POST' && r.params.To === phone);

  it('texts each reply once, in as many segments as its alphabet needs', async () => {
    const phone = newPhone();
    const c = await smsCase(hub, phone);
    const long = 'Your replacement router ships today. '.repeat(30).slice(0, 1000);
    const replies = {
      gsm: await reply(c, 'Your refund is on its way.'),
      ucs2: await reply(c, 'Your refund is on its way 🎉'),
      long: await reply(c, long),
    };
    for (const [kind, m] of Object.entries(replies)) {
      const sms = await twilio.waitForMessage((s) => s.to === phone && s.body === m.body);
      const delivered = await replyReaches(hub, m, 'delivered');
      expect(delivered.providerMessageId, kind).toBe(sms.sid);
    }
    const texts = twilio.messagesTo(phone);
    expect(texts.map((s) => [s.encoding, s.segments, s.requestCount, s.from])).toEqual([
      ['GSM-7', 1, 1, SUPPORT_NUMBER],
      ['UCS-2', 1, 1, SUPPORT_NUMBER],
      ['GSM-7', 7, 1, SUPPORT_NUMBER],
    ]);
    expect(texts[0].statusCallback).toMatch(/\/twilio\/status\?messageId=/);
  });

  it('ends delivered when callbacks come late, twice and out of order, never back to sent', async () => {
    const phone = newPhone();
    const c = await smsCase(hub, phone);
    twilio.setCallbackBehaviour({
      duplicate: true,
      shuffle: true,
      delayMs: 20,
      beforeResponse: true,
    });
    const m = await reply(c, 'Your engineer comes on Tuesday.');
    const sms = await twilio.waitForMessage((s) => s.to === phone);
    await twilio.callbacksSettled();
    twilio.setCallbackBehaviour({});
    const mine = twilio.callbacks.filter((cb) => cb.messageSid === sms.sid);
    const order = mine.map((cb) => cb.messageStatus);
    // The test means something: an earlier status came after `delivered`, each status twice, all
    // answered 200.
    expect(order.slice(order.indexOf('delivered')).some((s) => s !== 'delivered')).toBe(true);
    expect(mine.filter((cb) => cb.messageStatus === 'delivered')).toHaveLength(2);
    expect(mine.every((cb) => cb.status === 200)).toBe(true);

    // The marker: a later reply of the same case (handled after the first one's handler ended).
    const marker = await reply(c, 'See you then.');
    await replyReaches(hub, marker, 'delivered');
    expect((await replyReaches(hub, m, 'delivered')).providerMessageId).toBe(sms.sid);
    const reports = (await hub.events('inbound.delivery'))
      .filter((e) => e.data.messageId === m.id)
      .map((e) => e.data.status);
    expect(reports.at(-1)).toBe('delivered');
    expect(reports.slice(reports.indexOf('delivered'))).toEqual(['delivered']);
    expect(twilio.messagesTo(phone)).toHaveLength(2);
  });

  it('sends nothing to a customer who texted STOP: the reply is failed opted_out', async () => {
    const stopped = newPhone();
    const c = await smsCase(hub, stopped);
    const stop = await twilio.sendInbound({
      to: webhook,
      from: stopped,
      toNumber: SUPPORT_NUMBER,
      body: 'STOP',
    });
    expect(stop.status).toBe(200);
    await waitFor(async () =>
      expect((await contactOf(hub, stopped))?.optOuts).toEqual([
        expect.objectContaining({ channel: 'sms', source: 'keyword STOP' }),
      ]),
    );
    const refused = await reply(c, 'Did the new router help?');
    // The marker: a reply to another customer, made after it, reaches that customer.
    const other = newPhone();
    await reply(await smsCase(hub, other), 'Your parcel is on its way.');
    await twilio.waitForMessage((s) => s.to === other);
    const m = await replyReaches(hub, refused, 'failed');
    expect(m.deliveryError).toBe('opted_out');
    expect(requestsTo(stopped)).toEqual([]);
  });

  it('records the opt-out when Twilio answers 21610, and fails the reply opted_out', async () => {
    const phone = newPhone();
    twilio.optOut(phone); // texted STOP to Twilio directly: the hub never heard of it
    const c = await smsCase(hub, phone);
    const m = await replyReaches(hub, await reply(c, 'Your refund is on its way.'), 'failed');
    expect(m.deliveryError).toBe('opted_out');
    await waitFor(async () =>
      expect((await contactOf(hub, phone))?.optOuts).toEqual([
        expect.objectContaining({ channel: 'sms', source: 'provider error 21610' }),
      ]),
    );
    expect(requestsTo(phone).map((r) => r.errorCode)).toEqual([21610]);
  });

  it('fails a reply to a landline at once with the reason, without retrying', async () => {
    const landline = newPhone();
    twilio.addLandline(landline);
    const c = await smsCase(hub, landline);
    const m = await replyReaches(hub, await reply(c, 'Your refund is on its way.'), 'failed');
    expect(m.deliveryError).toMatch(/^twilio 21614: /);
    // The marker: a later reply of the same case is handled after the failed one was done with.
    const after = await reply(c, 'Please give us a mobile number.');
    await replyReaches(hub, after, 'failed');
    expect(requestsTo(landline).map((r) => r.errorCode)).toEqual([21614, 21614]);
    expect(await hub.deadLetters('sms-twilio')).toEqual([]);
  });

  it('waits out a 429 as long as Retry-After says, then sends once', async () => {
    const phone = newPhone();
    const c = await smsCase(hub, phone);
    twilio.failNext(1, { status: 429, retryAfter: 1 });
    const started = Date.now();
    const m = await reply(c, 'Thanks for your patience.');
    const sms = await twilio.waitForMessage((s) => s.to === phone, 20_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(requestsTo(phone).map((r) => r.status)).toEqual([429, 201]);
    expect(sms.requestCount).toBe(2); // the refused request and the one accepted
    await replyReaches(hub, m, 'delivered');
    expect(twilio.messagesTo(phone)).toHaveLength(1);
  });

  it('texts a survey invitation on sms once, with its link', async () => {
    const phone = newPhone();
    const c = await smsCase(hub, phone, 'Invoice twice');
    const invite = (id: string) =>
      hub.publish(
        'survey.invited',
        surveyInvitation(c, { id, kind: 'csat', channel: 'sms', expiresAt: null }),
      );
    await invite('sv_first');
    await invite('sv_first'); // the same decision again, as another event
    await invite('sv_marker');
    await twilio.waitForMessage((s) => s.to === phone && s.body.includes('sv_marker'));
    await twilio.waitForMessage((s) => s.to === phone && s.body.includes('sv_first'));
    const first = twilio.messagesTo(phone).filter((s) => s.body.includes('sv_first'));
    expect(first).toHaveLength(1);
    expect(first[0].body).toBe(
      `How did we do with case #${c.number}? Tell us here: https://survey.acme.example/s/sv_first`,
    );
    expect(first[0].segments).toBe(1);
  });
});

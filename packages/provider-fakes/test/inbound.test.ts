import twilioSdk from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../src/index.js';
import { account, basicAuth, otherAccount, postMessage } from './support/accounts.js';
import {
  startWebhookReceiver,
  type ReceivedRequest,
  type WebhookReceiver,
} from './support/webhook-receiver.js';

const customer = '+447700900123';
const ourNumber = '+15017122661';

let twilio: FakeTwilio;
let plugin: WebhookReceiver;
beforeAll(async () => {
  twilio = await FakeTwilio.start({ accounts: [account, otherAccount] });
  plugin = await startWebhookReceiver();
});
afterAll(async () => {
  await twilio.close();
  await plugin.close();
});
beforeEach(() => {
  twilio.reset();
  plugin.received.length = 0;
});

const webhook = () => `${plugin.url}/twilio/inbound`;
const verifies = (r: Pick<ReceivedRequest, 'url' | 'signature' | 'params'>) =>
  twilioSdk.validateRequest(account.authToken, r.signature, r.url, r.params);

describe('inbound messages', () => {
  it("posts Twilio's incoming-message webhook and returns the plugin's TwiML answer", async () => {
    const result = await twilio.sendInbound({
      to: webhook(),
      from: customer,
      toNumber: ourNumber,
      body: 'My parcel never arrived',
    });
    expect(result).toMatchObject({ status: 200, contentType: 'text/xml', body: '<Response/>' });
    expect(result.messageSid).toMatch(/^SM[0-9a-f]{32}$/);
    const [received] = plugin.received;
    expect(received.params).toEqual({
      ToCountry: 'US',
      ToState: '',
      SmsMessageSid: result.messageSid,
      NumMedia: '0',
      ToCity: '',
      FromZip: '',
      SmsSid: result.messageSid,
      FromState: '',
      SmsStatus: 'received',
      FromCity: '',
      Body: 'My parcel never arrived',
      FromCountry: 'GB',
      To: ourNumber,
      ToZip: '',
      NumSegments: '1',
      MessageSid: result.messageSid,
      AccountSid: account.sid,
      From: customer,
      ApiVersion: '2010-04-01',
    });
    expect(twilio.inbound).toEqual([result]);
  });

  it('signs it so that twilio.validateRequest accepts it', async () => {
    await twilio.sendInbound({ to: webhook(), from: customer, toNumber: ourNumber, body: 'Hello' });
    expect(verifies(plugin.received[0])).toBe(true);
  });

  it('signs with a wrong token when asked, and validateRequest refuses it', async () => {
    const result = await twilio.sendInbound({
      to: webhook(),
      from: customer,
      toNumber: ourNumber,
      body: 'Hello',
      signWith: 'wrong',
    });
    expect(result.signature).toEqual(expect.any(String));
    expect(verifies(plugin.received[0])).toBe(false);
  });

  it('sends no signature when asked', async () => {
    await twilio.sendInbound({
      to: webhook(),
      from: customer,
      toNumber: ourNumber,
      body: 'Hi',
      signWith: 'none',
    });
    expect(plugin.received[0].headers['x-twilio-signature']).toBeUndefined();
    expect(verifies(plugin.received[0])).toBe(false);
  });

  it('signs over the configured public URL when it differs from where it posts', async () => {
    const publicUrl = 'https://support.example.com/twilio/inbound';
    await twilio.sendInbound({
      to: webhook(),
      signedUrl: publicUrl,
      from: customer,
      toNumber: ourNumber,
      body: 'Hi',
    });
    const [received] = plugin.received;
    expect(verifies(received)).toBe(false);
    expect(verifies({ ...received, url: publicUrl })).toBe(true);
  });

  it('signs over extra parameters and the Messaging Service', async () => {
    await twilio.sendInbound({
      to: webhook(),
      from: customer,
      toNumber: ourNumber,
      body: 'Hi',
      messagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
      extraParams: { AddOns: '{"status":"successful"}' },
    });
    const [received] = plugin.received;
    expect(received.params.MessagingServiceSid).toBe('MG0123456789abcdef0123456789abcdef');
    expect(received.params.AddOns).toBe('{"status":"successful"}');
    expect(verifies(received)).toBe(true);
  });

  it('counts segments of a long message', async () => {
    await twilio.sendInbound({
      to: webhook(),
      from: customer,
      toNumber: ourNumber,
      body: 'é'.repeat(200),
    });
    expect(plugin.received[0].params.NumSegments).toBe('2'); // é is in GSM-7: 200 → 2 × 153
  });

  it("uses another account's token when the message is for that account", async () => {
    await twilio.sendInbound({
      to: webhook(),
      from: customer,
      toNumber: ourNumber,
      body: 'Hi',
      accountSid: otherAccount.sid,
    });
    const [r] = plugin.received;
    expect(r.params.AccountSid).toBe(otherAccount.sid);
    expect(twilioSdk.validateRequest(otherAccount.authToken, r.signature, r.url, r.params)).toBe(
      true,
    );
  });
});

describe('inbound media', () => {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);

  async function sendPhoto() {
    const result = await twilio.sendInbound({
      to: webhook(),
      from: customer,
      toNumber: ourNumber,
      body: 'Here is the damage',
      media: [
        { contentType: 'image/jpeg', bytes: jpeg },
        { contentType: 'text/plain', bytes: 'receipt' },
      ],
    });
    return { result, params: plugin.received[0].params };
  }

  it('lists the media in MediaUrl{N}/MediaContentType{N}, on an MM message', async () => {
    const { result, params } = await sendPhoto();
    expect(result.messageSid).toMatch(/^MM/);
    expect(params.NumMedia).toBe('2');
    expect(params.MediaContentType0).toBe('image/jpeg');
    expect(params.MediaContentType1).toBe('text/plain');
    expect(params.MediaUrl0).toMatch(
      new RegExp(
        `^${twilio.url}/2010-04-01/Accounts/${account.sid}/Messages/${result.messageSid}/Media/ME[0-9a-f]{32}$`,
      ),
    );
    expect(verifies(plugin.received[0])).toBe(true);
  });

  it("serves the bytes to the account's credentials only", async () => {
    const { params } = await sendPhoto();
    const anonymous = await fetch(params.MediaUrl0);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 20003 });

    const wrong = await fetch(params.MediaUrl0, {
      headers: { Authorization: basicAuth(account.sid, 'nope') },
    });
    expect(wrong.status).toBe(401);

    const otherAccounts = await fetch(params.MediaUrl0, {
      headers: { Authorization: basicAuth(otherAccount.sid, otherAccount.authToken) },
    });
    expect(otherAccounts.status).toBe(401);

    const authorized = await fetch(params.MediaUrl0, {
      headers: { Authorization: basicAuth(account.sid, account.authToken) },
    });
    expect(authorized.status).toBe(200);
    expect(authorized.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await authorized.arrayBuffer())).toEqual(jpeg);

    const text = await fetch(params.MediaUrl1, {
      headers: { Authorization: basicAuth(account.sid, account.authToken) },
    });
    expect(await text.text()).toBe('receipt');
  });

  it('answers the media resource as JSON on .json', async () => {
    const { result, params } = await sendPhoto();
    const res = await fetch(`${params.MediaUrl0}.json`, {
      headers: { Authorization: basicAuth(account.sid, account.authToken) },
    });
    expect(await res.json()).toMatchObject({
      account_sid: account.sid,
      content_type: 'image/jpeg',
      parent_sid: result.messageSid,
      sid: params.MediaUrl0.split('/').at(-1),
    });
  });

  it('answers 404 with 20404 for media it does not have', async () => {
    const { result } = await sendPhoto();
    const res = await fetch(
      `${twilio.url}/2010-04-01/Accounts/${account.sid}/Messages/${result.messageSid}/Media/ME00000000000000000000000000000000`,
      { headers: { Authorization: basicAuth(account.sid, account.authToken) } },
    );
    expect([res.status, ((await res.json()) as any).code]).toEqual([404, 20404]);
  });
});

describe('opt-out keywords (Advanced Opt-Out defaults)', () => {
  const send = () =>
    postMessage(twilio.url, { To: customer, From: ourNumber, Body: 'Case update' });

  it.each([
    'STOP',
    'stop',
    ' Stop ',
    'STOPALL',
    'UNSUBSCRIBE',
    'CANCEL',
    'END',
    'QUIT',
    'REVOKE',
    'OPTOUT',
  ])('%j opts the sender out: OptOutType=STOP, and sends to it fail with 21610', async (body) => {
    await twilio.sendInbound({ to: webhook(), from: customer, toNumber: ourNumber, body });
    expect(plugin.received[0].params.OptOutType).toBe('STOP');
    expect(verifies(plugin.received[0])).toBe(true);
    expect(twilio.isOptedOut(customer)).toBe(true);
    expect((await send()).json.code).toBe(21610);
  });

  it.each(['START', 'yes', 'UNSTOP'])('%j opts back in: OptOutType=START', async (body) => {
    twilio.optOut(customer);
    await twilio.sendInbound({ to: webhook(), from: customer, toNumber: ourNumber, body });
    expect(plugin.received[0].params.OptOutType).toBe('START');
    expect((await send()).status).toBe(201);
  });

  it.each(['HELP', 'info'])('%j is OptOutType=HELP and changes nothing', async (body) => {
    await twilio.sendInbound({ to: webhook(), from: customer, toNumber: ourNumber, body });
    expect(plugin.received[0].params.OptOutType).toBe('HELP');
    expect(twilio.isOptedOut(customer)).toBe(false);
  });

  it('does not treat a sentence that contains a keyword as one', async () => {
    await twilio.sendInbound({
      to: webhook(),
      from: customer,
      toNumber: ourNumber,
      body: 'Stop please',
    });
    expect(plugin.received[0].params.OptOutType).toBeUndefined();
    expect(twilio.isOptedOut(customer)).toBe(false);
  });

  it('still opts out, without OptOutType, when Advanced Opt-Out is off', async () => {
    const plain = await FakeTwilio.start({ accounts: [account], advancedOptOut: false });
    try {
      await plain.sendInbound({ to: webhook(), from: customer, toNumber: ourNumber, body: 'STOP' });
      expect(plugin.received[0].params.OptOutType).toBeUndefined();
      expect(plain.isOptedOut(customer)).toBe(true);
    } finally {
      await plain.close();
    }
  });
});

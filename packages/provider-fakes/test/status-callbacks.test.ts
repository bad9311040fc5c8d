import twilioSdk from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../src/index.js';
import { account, postMessage } from './support/accounts.js';
import {
  startWebhookReceiver,
  type ReceivedRequest,
  type WebhookReceiver,
} from './support/webhook-receiver.js';

const customer = '+15558675310';
const ourNumber = '+15017122661';

let twilio: FakeTwilio;
let plugin: WebhookReceiver;
let statusAnswer = 204;
beforeAll(async () => {
  twilio = await FakeTwilio.start({ accounts: [account] });
  plugin = await startWebhookReceiver(() => ({ status: statusAnswer }));
});
afterAll(async () => {
  await twilio.close();
  await plugin.close();
});
beforeEach(() => {
  twilio.reset();
  plugin.received.length = 0;
  statusAnswer = 204;
});

const callbackUrl = () => `${plugin.url}/twilio/status?tenant=acme&case=42`;

async function sendWithCallback(to = customer, extra: Record<string, string> = {}) {
  const res = await postMessage(twilio.url, {
    To: to,
    From: ourNumber,
    Body: 'Your case is resolved',
    StatusCallback: callbackUrl(),
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.json.sid as string;
}

/** What a plugin must do with a callback: check the signature over its URL and every parameter. */
const verifies = (r: Pick<ReceivedRequest, 'url' | 'signature' | 'params'>) =>
  twilioSdk.validateRequest(account.authToken, r.signature, r.url, r.params);

describe('status callbacks', () => {
  it('posts queued → sent → delivered, signed so that twilio.validateRequest accepts them', async () => {
    const sid = await sendWithCallback();
    await twilio.callbacksSettled();
    expect(plugin.received.map((r) => r.params.MessageStatus)).toEqual([
      'queued',
      'sent',
      'delivered',
    ]);
    for (const request of plugin.received) {
      expect(verifies(request)).toBe(true);
      expect(request.url).toBe(callbackUrl());
      expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
      expect(request.headers['i-twilio-idempotency-token']).toEqual(expect.any(String));
    }
    expect(plugin.received[0].params).toEqual({
      MessageSid: sid,
      SmsSid: sid,
      MessageStatus: 'queued',
      SmsStatus: 'queued',
      AccountSid: account.sid,
      From: ourNumber,
      To: customer,
      ApiVersion: '2010-04-01',
    });
  });

  it('adds RawDlrDoneDate to delivered, as Twilio added it without notice, and signs over it', async () => {
    await sendWithCallback();
    await twilio.callbacksSettled();
    const delivered = plugin.received.find((r) => r.params.MessageStatus === 'delivered')!;
    expect(delivered.params.RawDlrDoneDate).toMatch(/^\d{10}$/);
    expect(verifies(delivered)).toBe(true);
    const { RawDlrDoneDate: _, ...withoutIt } = delivered.params;
    expect(verifies({ ...delivered, params: withoutIt })).toBe(false);
  });

  it('signs over extra parameters a test adds', async () => {
    twilio.setCallbackBehaviour({ extraParams: { ChannelPrefix: 'sms', NewThing: 'x y' } });
    await sendWithCallback();
    await twilio.callbacksSettled();
    expect(plugin.received.every((r) => r.params.NewThing === 'x y' && verifies(r))).toBe(true);
  });

  it('fails verification with another auth token', async () => {
    await sendWithCallback();
    await twilio.callbacksSettled();
    const [first] = plugin.received;
    expect(
      twilioSdk.validateRequest('another-token', first.signature, first.url, first.params),
    ).toBe(false);
  });

  it('starts with accepted for a Messaging Service', async () => {
    const res = await postMessage(twilio.url, {
      To: customer,
      MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
      Body: 'Hi',
      StatusCallback: callbackUrl(),
    });
    expect(res.status).toBe(201);
    await twilio.callbacksSettled();
    expect(plugin.received.map((r) => r.params.MessageStatus)).toEqual([
      'accepted',
      'queued',
      'sent',
      'delivered',
    ]);
    expect(plugin.received[0].params.MessagingServiceSid).toBe(
      'MG0123456789abcdef0123456789abcdef',
    );
  });

  it.each([30003, 30005, 30006, 30007])(
    'ends undelivered with ErrorCode %i for a number configured so',
    async (errorCode) => {
      twilio.failDeliveryTo(customer, errorCode);
      const sid = await sendWithCallback();
      await twilio.callbacksSettled();
      expect(plugin.received.map((r) => [r.params.MessageStatus, r.params.ErrorCode])).toEqual([
        ['queued', undefined],
        ['sent', undefined],
        ['undelivered', String(errorCode)],
      ]);
      expect(twilio.sent[0]).toMatchObject({ sid, status: 'undelivered', errorCode });
    },
  );

  it('ends failed (never sent) when configured so', async () => {
    const fake = await FakeTwilio.start({
      accounts: [account],
      deliveryFailures: { [customer]: { errorCode: 30007, status: 'failed' } },
    });
    try {
      await postMessage(fake.url, {
        To: customer,
        From: ourNumber,
        Body: 'Hi',
        StatusCallback: callbackUrl(),
      });
      await fake.callbacksSettled();
      expect(fake.callbacks.map((c) => [c.messageStatus, c.params.ErrorCode])).toEqual([
        ['queued', undefined],
        ['failed', '30007'],
      ]);
    } finally {
      await fake.close();
    }
  });

  it('records the HTTP status the plugin answered each callback with', async () => {
    statusAnswer = 500;
    await sendWithCallback();
    await twilio.callbacksSettled();
    expect(twilio.callbacks.map((c) => [c.messageStatus, c.status])).toEqual([
      ['queued', 500],
      ['sent', 500],
      ['delivered', 500],
    ]);
  });

  it('records a callback URL nobody listens on as unreachable', async () => {
    const closed = await startWebhookReceiver();
    await closed.close();
    await postMessage(twilio.url, {
      To: customer,
      From: ourNumber,
      Body: 'Hi',
      StatusCallback: `${closed.url}/status`,
    });
    await twilio.callbacksSettled();
    expect(twilio.callbacks).toHaveLength(3);
    expect(twilio.callbacks.every((c) => c.status === null && c.error !== undefined)).toBe(true);
  });

  it('delivers every callback twice when asked, each a separate webhook', async () => {
    twilio.setCallbackBehaviour({ duplicate: true });
    await sendWithCallback();
    await twilio.callbacksSettled();
    expect(plugin.received.map((r) => r.params.MessageStatus)).toEqual([
      'queued',
      'queued',
      'sent',
      'sent',
      'delivered',
      'delivered',
    ]);
    expect(plugin.received.every(verifies)).toBe(true);
    const tokens = plugin.received.map((r) => r.headers['i-twilio-idempotency-token']);
    expect(new Set(tokens).size).toBe(6);
    expect(twilio.callbacks.map((c) => c.copy)).toEqual([1, 2, 1, 2, 1, 2]);
  });

  it('delivers them out of order when asked (a later status before an earlier one)', async () => {
    twilio.setCallbackBehaviour({ shuffle: true });
    const rank = { queued: 0, sent: 1, delivered: 2 } as Record<string, number>;
    for (let i = 0; i < 5; i++) {
      plugin.received.length = 0;
      await sendWithCallback();
      await twilio.callbacksSettled();
      const order = plugin.received.map((r) => rank[r.params.MessageStatus]);
      expect([...order].sort()).toEqual([0, 1, 2]);
      expect(order.some((r, j) => j > 0 && order[j - 1] > r)).toBe(true);
      expect(plugin.received.every(verifies)).toBe(true);
    }
  });

  it('delivers them late, twice and out of order together', async () => {
    twilio.setCallbackBehaviour({ duplicate: true, shuffle: true, delayMs: 20 });
    const started = Date.now();
    await sendWithCallback();
    await twilio.callbacksSettled();
    expect(Date.now() - started).toBeGreaterThanOrEqual(6 * 20);
    expect(plugin.received.map((r) => r.params.MessageStatus).sort()).toEqual([
      'delivered',
      'delivered',
      'queued',
      'queued',
      'sent',
      'sent',
    ]);
  });

  it('can deliver the callbacks before the send is answered', async () => {
    twilio.setCallbackBehaviour({ beforeResponse: true });
    const sid = await sendWithCallback();
    expect(plugin.received.map((r) => [r.params.MessageSid, r.params.MessageStatus])).toEqual([
      [sid, 'queued'],
      [sid, 'sent'],
      [sid, 'delivered'],
    ]);
  });

  it('sends no callback without StatusCallback', async () => {
    await postMessage(twilio.url, { To: customer, From: ourNumber, Body: 'Hi' });
    await twilio.callbacksSettled();
    expect(twilio.callbacks).toEqual([]);
  });
});

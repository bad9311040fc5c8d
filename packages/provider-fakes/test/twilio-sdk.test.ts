import twilioSdk from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../src/index.js';
import { account } from './support/accounts.js';

// The official SDK (twilio 6.3.1) pointed at the fake: proof that the fake answers what the SDK expects.
const customer = '+15558675310';
const ourNumber = '+15017122661';

let fake: FakeTwilio;
let client: twilioSdk.Twilio;
beforeAll(async () => {
  fake = await FakeTwilio.start({ accounts: [account], optedOut: ['+15550002222'] });
  client = twilioSdk(account.sid, account.authToken, { httpClient: fake.sdkHttpClient() });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('the official twilio SDK against the fake', () => {
  it('sends a message and reads the resource the fake answers', async () => {
    const message = await client.messages.create({
      to: customer,
      from: ourNumber,
      body: 'Hello from CaseHub',
      statusCallback: 'http://127.0.0.1:9/status',
      mediaUrl: ['https://example.com/a.png', 'https://example.com/b.png'],
    });
    expect(message.sid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(message).toMatchObject({
      accountSid: account.sid,
      to: customer,
      from: ourNumber,
      body: 'Hello from CaseHub',
      status: 'queued',
      direction: 'outbound-api',
      numSegments: '1',
      numMedia: '2',
      apiVersion: '2010-04-01',
      errorCode: null,
      price: null,
    });
    expect(message.dateCreated).toBeInstanceOf(Date);
    expect(Number.isNaN(message.dateCreated.getTime())).toBe(false);
    expect(fake.sent[0]).toMatchObject({
      mediaUrls: ['https://example.com/a.png', 'https://example.com/b.png'],
      statusCallback: 'http://127.0.0.1:9/status',
      requestCount: 1,
    });
    await fake.callbacksSettled();
  });

  it('fetches and lists messages', async () => {
    const { sid } = await client.messages.create({ to: customer, from: ourNumber, body: 'One' });
    await client.messages.create({ to: '+15550009999', from: ourNumber, body: 'Two' });
    const fetched = await client.messages(sid).fetch();
    expect(fetched).toMatchObject({ sid, status: 'delivered' });
    expect(fetched.dateSent).toBeInstanceOf(Date);
    const listed = await client.messages.list({ to: customer });
    expect(listed.map((m) => m.sid)).toEqual([sid]);
  });

  it("raises Twilio's RestException with the code for a refused send", async () => {
    await expect(
      client.messages.create({ to: '+15550002222', from: ourNumber, body: 'Hi' }),
    ).rejects.toMatchObject({
      status: 400,
      code: 21610,
      moreInfo: 'https://www.twilio.com/docs/errors/21610',
    });
    await expect(
      client.messages.create({ to: 'nope', from: ourNumber, body: 'Hi' }),
    ).rejects.toBeInstanceOf(twilioSdk.RestException);
  });

  it('raises 20003 for a wrong auth token', async () => {
    const wrong = twilioSdk(account.sid, 'wrong', { httpClient: fake.sdkHttpClient() });
    await expect(
      wrong.messages.create({ to: customer, from: ourNumber, body: 'Hi' }),
    ).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
  });

  it("retries a 429 with the SDK's own autoRetry, and the message is sent once", async () => {
    const retrying = twilioSdk(account.sid, account.authToken, {
      httpClient: fake.sdkHttpClient({ autoRetry: true, maxRetryDelay: 50 }),
    });
    fake.failNext(1, { status: 429, code: 20429, retryAfter: 1 });
    const message = await retrying.messages.create({
      to: customer,
      from: ourNumber,
      body: 'Eventually',
    });
    expect(fake.messagesTo(customer)).toEqual([
      expect.objectContaining({ sid: message.sid, requestCount: 2 }),
    ]);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 201]);
  });

  it('fetches the account, as a "check this integration" call would', async () => {
    const fetched = await client.api.v2010.accounts(account.sid).fetch();
    expect(fetched).toMatchObject({ sid: account.sid, status: 'active', type: 'Full' });
  });
});

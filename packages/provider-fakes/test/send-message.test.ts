import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../src/index.js';
import { account, basicAuth, otherAccount, postMessage } from './support/accounts.js';

const customer = '+15558675310';
const ourNumber = '+15017122661';

let twilio: FakeTwilio;
beforeAll(async () => {
  twilio = await FakeTwilio.start({
    accounts: [account, otherAccount],
    landlines: ['+15550001111'],
    optedOut: ['+15550002222'],
  });
});
afterAll(() => twilio.close());
beforeEach(() => twilio.reset());

const send = (fields: Record<string, string | string[]>) => postMessage(twilio.url, fields);

describe('authentication', () => {
  it('answers 401 with code 20003 without credentials', async () => {
    const res = await postMessage(
      twilio.url,
      { To: customer, From: ourNumber, Body: 'Hi' },
      {
        authorization: null,
      },
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(res.json).toEqual({
      code: 20003,
      message: 'Authentication Error - No credentials provided',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
  });

  it('answers 401 with code 20003 for a wrong auth token', async () => {
    const res = await postMessage(
      twilio.url,
      { To: customer, From: ourNumber, Body: 'Hi' },
      {
        authToken: 'wrong',
      },
    );
    expect([res.status, res.json.code]).toEqual([401, 20003]);
  });

  it("refuses credentials of one account on another account's path", async () => {
    const res = await postMessage(
      twilio.url,
      { To: customer, From: ourNumber, Body: 'Hi' },
      {
        pathSid: otherAccount.sid,
      },
    );
    expect([res.status, res.json.code]).toEqual([401, 20003]);
  });

  it('answers 404 with code 20404 for an account it does not know', async () => {
    const unknown = 'AC99999999999999999999999999999999';
    const res = await postMessage(
      twilio.url,
      { To: customer, From: ourNumber, Body: 'Hi' },
      {
        pathSid: unknown,
      },
    );
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ code: 20404, status: 404 });
    expect(res.json.message).toContain(`/2010-04-01/Accounts/${unknown}/Messages.json`);
  });

  it('accepts the second account with its own token', async () => {
    const res = await postMessage(
      twilio.url,
      { To: customer, From: ourNumber, Body: 'Hi' },
      {
        sid: otherAccount.sid,
        authToken: otherAccount.authToken,
      },
    );
    expect(res.status).toBe(201);
    expect(res.json.account_sid).toBe(otherAccount.sid);
  });
});

describe('a send that is accepted', () => {
  it("answers 201 with Twilio's message resource", async () => {
    const res = await send({ To: customer, From: ourNumber, Body: 'Your case #42 is resolved' });
    expect(res.status).toBe(201);
    const sid: string = res.json.sid;
    expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(res.json).toEqual({
      account_sid: account.sid,
      api_version: '2010-04-01',
      body: 'Your case #42 is resolved',
      date_created: expect.stringMatching(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/),
      date_sent: null,
      date_updated: res.json.date_created,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: ourNumber,
      messaging_service_sid: null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: null,
      sid,
      status: 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${account.sid}/Messages/${sid}/Media.json` },
      to: customer,
      uri: `/2010-04-01/Accounts/${account.sid}/Messages/${sid}.json`,
    });
  });

  it('answers "accepted" and no From yet when a Messaging Service picks the sender', async () => {
    const service = 'MG0123456789abcdef0123456789abcdef';
    const res = await send({ To: customer, MessagingServiceSid: service, Body: 'Hi' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      status: 'accepted',
      from: null,
      messaging_service_sid: service,
    });
  });

  it('shows the message on the phone, with its media and the request count', async () => {
    const res = await send({
      To: customer,
      From: ourNumber,
      Body: 'Photo of the label',
      MediaUrl: ['https://example.com/a.jpg', 'https://example.com/b.png'],
    });
    expect(res.json.sid).toMatch(/^MM/);
    expect(res.json.num_media).toBe('2');
    const [message] = twilio.messagesTo(customer);
    expect(message).toMatchObject({
      sid: res.json.sid,
      from: ourNumber,
      body: 'Photo of the label',
      mediaUrls: ['https://example.com/a.jpg', 'https://example.com/b.png'],
      requestCount: 1,
      status: 'delivered',
    });
  });

  it('accepts media without a body', async () => {
    const res = await send({
      To: customer,
      From: ourNumber,
      MediaUrl: 'https://example.com/a.jpg',
    });
    expect(res.status).toBe(201);
  });

  it('lets a later fetch see the delivered message', async () => {
    const { json } = await send({ To: customer, From: ourNumber, Body: 'Hi' });
    const res = await fetch(`${twilio.url}${json.uri}`, {
      headers: { Authorization: basicAuth(account.sid, account.authToken) },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      sid: json.sid,
      status: 'delivered',
      error_code: null,
    });
  });

  it('resolves waitForMessage when the message arrives, without polling', async () => {
    const arrival = twilio.waitForMessage((m) => m.to === customer && m.body.includes('#7'));
    await send({ To: '+15550009999', From: ourNumber, Body: 'Another customer' });
    await send({ To: customer, From: ourNumber, Body: 'Case #7 opened' });
    await expect(arrival).resolves.toMatchObject({ to: customer, body: 'Case #7 opened' });
  });

  it('rejects waitForMessage after the timeout, naming what was sent', async () => {
    await send({ To: customer, From: ourNumber, Body: 'Something else' });
    await expect(twilio.waitForMessage((m) => m.body === 'never', 50)).rejects.toThrow(
      /no matching message within 50 ms.*Something else/,
    );
  });
});

describe('segments (Twilio’s own calculator)', () => {
  it.each([
    ['160 GSM-7 characters: one segment', 'a'.repeat(160), 'GSM-7', 1],
    ['161 GSM-7 characters: two segments of 153', 'a'.repeat(161), 'GSM-7', 2],
    ['1,000 GSM-7 characters: seven segments', 'a'.repeat(1000), 'GSM-7', 7],
    ['an extension-table character counts twice', '€'.repeat(80), 'GSM-7', 1],
    ['81 of them no longer fit', '€'.repeat(81), 'GSM-7', 2],
    ['70 UCS-2 characters: one segment', 'й'.repeat(70), 'UCS-2', 1],
    ['71 UCS-2 characters: two segments of 67', 'й'.repeat(71), 'UCS-2', 2],
    ['1,000 UCS-2 characters: fifteen segments', 'й'.repeat(1000), 'UCS-2', 15],
    ['one emoji makes the whole message UCS-2', `${'a'.repeat(100)}👍`, 'UCS-2', 2],
  ])('%s', async (_name, body, encoding, segments) => {
    const res = await send({ To: customer, From: ourNumber, Body: body });
    expect(res.json.num_segments).toBe(String(segments));
    expect(twilio.sent.at(-1)).toMatchObject({ encoding, segments });
  });
});

describe('errors', () => {
  it.each([
    ['21604 without To', { From: ourNumber, Body: 'Hi' }, 21604],
    ['21211 for a To not in E.164', { To: '555-0100', From: ourNumber, Body: 'Hi' }, 21211],
    ['21603 without From or MessagingServiceSid', { To: customer, Body: 'Hi' }, 21603],
    ['21212 for an invalid From', { To: customer, From: '+0123', Body: 'Hi' }, 21212],
    [
      '21701 for a malformed Messaging Service',
      { To: customer, MessagingServiceSid: 'MG1', Body: 'Hi' },
      21701,
    ],
    ['21602 without Body or MediaUrl', { To: customer, From: ourNumber }, 21602],
    ['21602 for an empty Body', { To: customer, From: ourNumber, Body: '' }, 21602],
    [
      '21617 for a body over 1,600 characters',
      { To: customer, From: ourNumber, Body: 'a'.repeat(1601) },
      21617,
    ],
    ['21614 for a landline', { To: '+15550001111', From: ourNumber, Body: 'Hi' }, 21614],
    [
      '21610 for a number that replied STOP',
      { To: '+15550002222', From: ourNumber, Body: 'Hi' },
      21610,
    ],
    [
      '21609 for a StatusCallback that is no URL',
      { To: customer, From: ourNumber, Body: 'Hi', StatusCallback: 'nope' },
      21609,
    ],
  ])('answers %s', async (_name, fields, code) => {
    const res = await send(fields);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code,
      message: expect.any(String),
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status: 400,
    });
    expect(twilio.sent).toEqual([]);
  });

  it('accepts exactly 1,600 characters', async () => {
    expect((await send({ To: customer, From: ourNumber, Body: 'a'.repeat(1600) })).status).toBe(
      201,
    );
  });

  it('refuses a From the account does not own when the account lists its numbers', async () => {
    const owned = await FakeTwilio.start({ accounts: [{ ...account, phoneNumbers: [ourNumber] }] });
    try {
      const refused = await postMessage(owned.url, {
        To: customer,
        From: '+15017120000',
        Body: 'Hi',
      });
      expect(refused.json.code).toBe(21606);
      const service = 'MG0123456789abcdef0123456789abcdef';
      await postMessage(owned.url, { To: customer, MessagingServiceSid: service, Body: 'Hi' });
      expect(owned.sent[0].from).toBe(ourNumber);
    } finally {
      await owned.close();
    }
  });

  it('answers 429 with Retry-After and code 20429 when told to, then accepts the retry', async () => {
    twilio.failNext(1, { status: 429, code: 20429, retryAfter: 1 });
    const limited = await send({ To: customer, From: ourNumber, Body: 'Retry me' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.json).toEqual({
      code: 20429,
      message: 'Too Many Requests',
      more_info: 'https://www.twilio.com/docs/errors/20429',
      status: 429,
    });
    expect(twilio.sent).toEqual([]);

    const retried = await send({ To: customer, From: ourNumber, Body: 'Retry me' });
    expect(retried.status).toBe(201);
    expect(twilio.messagesTo(customer)).toEqual([
      expect.objectContaining({ body: 'Retry me', requestCount: 2 }),
    ]);
  });

  it.each([
    [500, 20500],
    [503, 20503],
  ])('injects a %i with code %i for as many sends as asked', async (status, code) => {
    twilio.failNext(2, { status });
    const first = await send({ To: customer, From: ourNumber, Body: 'Hi' });
    const second = await send({ To: customer, From: ourNumber, Body: 'Hi' });
    const third = await send({ To: customer, From: ourNumber, Body: 'Hi' });
    expect([first.status, first.json.code, second.status, third.status]).toEqual([
      status,
      code,
      status,
      201,
    ]);
    expect(first.headers.get('retry-after')).toBeNull();
  });

  it('records every request with the status it answered', async () => {
    twilio.failNext(1, { status: 503 });
    await send({ To: customer, From: ourNumber, Body: 'Hi' });
    await send({ To: customer, From: ourNumber, Body: 'Hi' });
    expect(twilio.requests.map((r) => [r.method, r.status, r.errorCode, r.accountSid])).toEqual([
      ['POST', 503, 20503, account.sid],
      ['POST', 201, null, account.sid],
    ]);
    expect(twilio.requests[0].params).toEqual({ To: customer, From: ourNumber, Body: 'Hi' });
  });

  it('counts a plugin that sends the same message twice', async () => {
    await send({ To: customer, From: ourNumber, Body: 'Twice' });
    await send({ To: customer, From: ourNumber, Body: 'Twice' });
    expect(twilio.messagesTo(customer).map((m) => m.requestCount)).toEqual([2, 2]);
  });
});

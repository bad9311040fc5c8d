import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { metaChallenge, verifyMetaSignature } from '@casehub/channel-kit';
import { FakeWhatsApp } from '../src/whatsapp/index.js';

const token = 'EAAG-test-token';
const appSecret = 'app-secret-for-tests';
const verifyToken = 'verify-me';
const customer = '4915112345678';

/** A stand-in for the plugin's webhook: checks the signature over the bytes, answers as told. */
interface Received {
  valid: boolean;
  json: any;
}
let received: Received[] = [];
let answer: (r: Received) => number = () => 200;
let server: Server;
let webhookUrl: string;
let wa: FakeWhatsApp;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === 'GET') {
      const query = Object.fromEntries(new URL(req.url!, 'http://x').searchParams);
      const challenge = metaChallenge(verifyToken, query);
      res.writeHead(challenge === null ? 403 : 200).end(challenge ?? '');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const r = {
        valid: verifyMetaSignature(appSecret, raw, req.headers['x-hub-signature-256']),
        json: JSON.parse(raw.toString('utf8')),
      };
      received.push(r);
      res.writeHead(answer(r)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/whatsapp/webhook`;
  wa = await FakeWhatsApp.start({ accessTokens: [token], appSecret, webhookUrl });
});
afterAll(async () => {
  await wa.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(async () => {
  await wa.webhooksSettled();
  wa.reset();
  received = [];
  answer = () => 200;
});

const value = (r: Received) => r.json.entry[0].changes[0].value;
const statuses = () => received.filter((r) => value(r).statuses).map((r) => value(r).statuses[0]);

async function sendText(body: string, to = customer) {
  const res = await fetch(`${wa.url}/v23.0/${wa.phoneNumberId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      messaging_product: 'whatsapp',
      to,
      type: 'text',
      text: { body },
      biz_opaque_callback_data: 'reply.7.0',
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { messages: { id: string }[] }).messages[0].id;
}

describe("customers' messages", () => {
  it('posts a signed messages webhook with non-ASCII text, the profile name and the wa_id', async () => {
    const result = await wa.sendInbound({
      waId: customer,
      name: 'Zoë Ångström',
      text: 'Grüße — 你好 👋',
    });
    expect(result.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0].valid).toBe(true);
    expect(received[0].json).toMatchObject({
      object: 'whatsapp_business_account',
      entry: [{ id: wa.businessAccountId, changes: [{ field: 'messages' }] }],
    });
    expect(value(received[0])).toEqual({
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: wa.displayPhoneNumber, phone_number_id: wa.phoneNumberId },
      contacts: [{ profile: { name: 'Zoë Ångström' }, wa_id: customer }],
      messages: [
        {
          from: customer,
          id: result.id,
          timestamp: expect.stringMatching(/^\d{10}$/),
          type: 'text',
          text: { body: 'Grüße — 你好 👋' },
        },
      ],
    });
    expect(wa.windowOpen({ waId: customer })).toBe(true);
  });

  it('sends media by id, a reply with its context, a location, a contact card, a BSUID-only user', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const image = await wa.sendInbound({
      waId: customer,
      image: { bytes: jpeg, mimeType: 'image/jpeg', caption: 'The damage' },
      replyTo: 'wamid.ours',
    });
    const sentImage = value(received[0]).messages[0];
    expect(sentImage).toMatchObject({
      type: 'image',
      image: { caption: 'The damage', mime_type: 'image/jpeg', id: image.mediaId },
      context: { from: wa.displayPhoneNumber, id: 'wamid.ours' },
    });
    const info = (await (
      await fetch(`${wa.url}/v23.0/${image.mediaId}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { url: string };
    const bytes = await fetch(info.url, { headers: { authorization: `Bearer ${token}` } });
    expect(Buffer.from(await bytes.arrayBuffer())).toEqual(jpeg);

    await wa.sendInbound({
      waId: customer,
      location: {
        latitude: 52.52,
        longitude: 13.405,
        name: 'Café Einstein',
        address: 'Unter den Linden 42',
      },
    });
    await wa.sendInbound({
      waId: customer,
      contacts: [{ name: 'Ann Lee', phones: ['+1 555 0100'], emails: ['ann@example.com'] }],
    });
    await wa.sendInbound({
      userId: 'US.13491208655302741918',
      name: 'Bob',
      text: 'no phone number',
    });
    const [, location, card, bsuid] = received.map(value);
    expect(location.messages[0].location).toEqual({
      latitude: 52.52,
      longitude: 13.405,
      name: 'Café Einstein',
      address: 'Unter den Linden 42',
    });
    expect(card.messages[0].contacts[0]).toMatchObject({
      name: { formatted_name: 'Ann Lee' },
      phones: [{ phone: '+1 555 0100' }],
      emails: [{ email: 'ann@example.com' }],
    });
    expect(bsuid.contacts).toEqual([
      { profile: { name: 'Bob' }, user_id: 'US.13491208655302741918' },
    ]);
    expect(bsuid.messages[0].from).toBeUndefined();
    expect(bsuid.messages[0].from_user_id).toBe('US.13491208655302741918');
  });

  it('signs with another secret or not at all when asked, and opens no window then', async () => {
    const wrong = await wa.sendInbound({
      waId: '4917000000001',
      text: 'forged',
      signWith: 'wrong',
    });
    const none = await wa.sendInbound({ waId: '4917000000001', text: 'forged', signWith: 'none' });
    expect([wrong.signature?.startsWith('sha256='), none.signature]).toEqual([true, undefined]);
    expect(received.map((r) => r.valid)).toEqual([false, false]);
    expect(wa.windowOpen({ waId: '4917000000001' })).toBe(false);
  });

  it('retries a webhook the plugin did not answer 200, with the same bytes', async () => {
    wa.setWebhookBehaviour({ retryDelaysMs: [50, 50] });
    let calls = 0;
    answer = () => (++calls === 1 ? 503 : 200);
    const result = await wa.sendInbound({ waId: customer, text: 'Are you there?' });
    expect(result.status).toBe(503);
    await wa.webhooksSettled();
    expect(wa.deliveries.map((d) => [d.attempt, d.httpStatus])).toEqual([
      [1, 503],
      [2, 200],
    ]);
    expect(wa.deliveries[0].body).toBe(wa.deliveries[1].body);
    expect(received.map((r) => value(r).messages[0].id)).toEqual([result.id, result.id]);
  });
});

describe('status webhooks', () => {
  it('reports sent, delivered and read inside the window, with the callback data', async () => {
    await wa.sendInbound({ waId: customer, text: 'Hi' });
    received = [];
    const id = await sendText('Hello back');
    await wa.webhooksSettled();
    expect(statuses().map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    expect(statuses()[0]).toMatchObject({
      id,
      recipient_id: customer,
      biz_opaque_callback_data: 'reply.7.0',
      timestamp: expect.stringMatching(/^\d{10}$/),
      pricing: { category: 'service' },
    });
    expect(received.every((r) => r.valid)).toBe(true);
    expect(wa.sent[0].status).toBe('read');
  });

  it('accepts free text outside the window, then fails it with 131047 in a webhook', async () => {
    wa.expireWindow({ waId: customer });
    const id = await sendText('Anything else?');
    await wa.webhooksSettled();
    expect(statuses()).toEqual([
      {
        id,
        status: 'failed',
        timestamp: expect.any(String),
        recipient_id: customer,
        biz_opaque_callback_data: 'reply.7.0',
        errors: [
          {
            code: 131047,
            title: 'Re-engagement message',
            message: 'Re-engagement message',
            error_data: {
              details:
                'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
            },
            href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
          },
        ],
      },
    ]);
    expect(wa.sent[0]).toMatchObject({ status: 'failed', errorCode: 131047 });
  });

  it('fails messages to an undeliverable customer with 131026', async () => {
    await wa.sendInbound({ waId: customer, text: 'Hi' });
    received = [];
    wa.failDeliveryTo(customer);
    await sendText('Hello');
    await wa.webhooksSettled();
    expect(statuses().map((s) => [s.status, s.errors?.[0].code])).toEqual([['failed', 131026]]);
  });

  it('sends each status twice and the last before an earlier one when asked', async () => {
    await wa.sendInbound({ waId: customer, text: 'Hi' });
    received = [];
    wa.setWebhookBehaviour({ duplicate: true, shuffle: true });
    await sendText('Hello');
    await wa.webhooksSettled();
    const order = statuses().map((s) => s.status as string);
    expect([...order].sort()).toEqual(['delivered', 'delivered', 'read', 'read', 'sent', 'sent']);
    expect(order.lastIndexOf('sent')).toBeGreaterThan(order.indexOf('read'));
  });

  it('delivers the statuses before answering the send when asked', async () => {
    await wa.sendInbound({ waId: customer, text: 'Hi' });
    received = [];
    wa.setWebhookBehaviour({ beforeResponse: true, delayMs: 10 });
    await sendText('Hello');
    expect(statuses()).toHaveLength(3); // already there when the send was answered
  });
});

describe('the subscription handshake', () => {
  it('gets the challenge back with the right verify token, 403 with another', async () => {
    const ok = await wa.verifyWebhook(verifyToken, webhookUrl, '1158201444');
    expect(ok).toEqual({
      status: 200,
      body: '1158201444',
      verified: true,
      challenge: '1158201444',
    });
    const refused = await wa.verifyWebhook('not-it');
    expect(refused).toMatchObject({ status: 403, verified: false });
  });
});

describe('waiting for messages', () => {
  it('resolves with a message sent later, and names what was sent when none matches', async () => {
    const later = wa.waitForMessage((m) => m.text === 'soon', 5_000);
    await sendText('soon');
    expect((await later).text).toBe('soon');
    await expect(wa.waitForMessage((m) => m.text === 'never', 100)).rejects.toThrow(
      /no matching message within 100 ms \(sent: 4915112345678: text "soon"\)/,
    );
    expect(wa.sent).toHaveLength(1);
  });
});

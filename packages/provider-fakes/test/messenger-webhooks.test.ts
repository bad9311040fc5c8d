import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { metaChallenge, verifyMetaSignature } from '@casehub/channel-kit';
import { FakeMessenger, type MessengerPerson } from '../src/index.js';

/** A stand-in for the plugin's webhook: records each POST (bytes and headers), answers as told. */
interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  json: any;
}
let received: Received[] = [];
let answer: (r: Received) => number = () => 200;
const receiver = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (req.method === 'GET') {
    const challenge = metaChallenge('the-verify-token', Object.fromEntries(url.searchParams));
    res.writeHead(challenge ? 200 : 403).end(challenge ?? 'forbidden');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const r = { headers: req.headers, raw, json: JSON.parse(raw.toString('utf8')) };
    received.push(r);
    res.writeHead(answer(r)).end('EVENT_RECEIVED');
  });
});

let meta: FakeMessenger;
let ann: MessengerPerson;
let ig: MessengerPerson;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  meta = await FakeMessenger.start({
    verifyToken: 'the-verify-token',
    webhookUrl: `http://127.0.0.1:${port}/messenger/webhook`,
    webhooks: { retryDelaysMs: [20, 20] },
  });
  ann = meta.addPerson({ firstName: 'Ann', lastName: 'Lee' });
  ig = meta.addPerson({ platform: 'instagram' });
});
afterAll(async () => {
  await meta.close();
  receiver.closeAllConnections();
  receiver.close();
});
beforeEach(() => {
  meta.reset();
  received = [];
  answer = () => 200;
});

const sendText = async (p: MessengerPerson, text: string, messagingType = 'RESPONSE') => {
  const res = await fetch(`${meta.url}/v23.0/me/messages?access_token=${meta.pageToken}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      recipient: { id: p.id },
      messaging_type: messagingType,
      message: { text },
    }),
  });
  return (await res.json()) as { message_id: string };
};

describe('FakeMessenger: what people write', () => {
  it('posts a Messenger message signed over the exact, unicode-escaped bytes', async () => {
    const { mid, deliveries } = await meta.customerWrites(ann, { text: 'Grüße aus Köln 👋 / ok' });
    expect(deliveries.map((d) => d.status)).toEqual([200]);
    const [r] = received;
    const raw = r.raw.toString('utf8');
    expect(raw).toContain('Gr\\u00fc\\u00dfe aus K\\u00f6ln \\ud83d\\udc4b \\/ ok');
    expect(verifyMetaSignature(meta.appSecret, r.raw, r.headers['x-hub-signature-256'])).toBe(true);
    // A body parsed and serialised again is not what Meta signed.
    const reserialised = Buffer.from(JSON.stringify(r.json));
    expect(
      verifyMetaSignature(meta.appSecret, reserialised, r.headers['x-hub-signature-256']),
    ).toBe(false);
    expect(r.headers['x-hub-signature']).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect(r.json).toEqual({
      object: 'page',
      entry: [
        {
          id: meta.pageId,
          time: expect.any(Number),
          messaging: [
            {
              sender: { id: ann.id },
              recipient: { id: meta.pageId },
              timestamp: expect.any(Number),
              message: { mid, text: 'Grüße aus Köln 👋 / ok' },
            },
          ],
        },
      ],
    });
  });

  it('posts Instagram messages as object instagram, to the Instagram account', async () => {
    await meta.customerWrites(ig, { text: '¿Tienen talla M?', replyTo: 'aWdfZAG1f' });
    expect(received[0].json).toMatchObject({
      object: 'instagram',
      entry: [
        {
          id: meta.instagramId,
          messaging: [
            {
              sender: { id: ig.id },
              recipient: { id: meta.instagramId },
              message: { text: '¿Tienen talla M?', reply_to: { mid: 'aWdfZAG1f' } },
            },
          ],
        },
      ],
    });
  });

  it('serves attachments, stickers and locations from CDN URLs that need no token', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await meta.customerWrites(ann, {
      attachments: [{ type: 'image', bytes: jpeg }],
      sticker: {},
      location: { lat: 48.8584, long: 2.2945 },
    });
    const [image, sticker, location] = received[0].json.entry[0].messaging[0].message.attachments;
    expect(image.type).toBe('image');
    const res = await fetch(image.payload.url);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(jpeg);
    expect(sticker.payload.sticker_id).toBe(369239263222822);
    expect(location).toMatchObject({
      type: 'location',
      payload: { coordinates: { lat: 48.8584, long: 2.2945 } },
    });
    const tampered = new URL(image.payload.url);
    const oh = tampered.searchParams.get('oh')!;
    tampered.searchParams.set('oh', `${oh[0] === '0' ? '1' : '0'}${oh.slice(1)}`);
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('batches events in one POST, in the order given, and posts the same bytes twice', async () => {
    const first = meta.message(ann, { text: 'first' });
    const second = meta.message(ann, { text: 'second' });
    const [one, two] = await meta.post([second, first], { twice: true });
    expect(one.body).toBe(two.body);
    expect(received).toHaveLength(2);
    expect(received[0].json.entry.map((e: any) => e.messaging[0].message.text)).toEqual([
      'second',
      'first',
    ]);
  });

  it('retries a POST the plugin did not answer 200, and signs wrongly or not at all when asked', async () => {
    let calls = 0;
    answer = () => (++calls < 3 ? 503 : 200);
    const [d] = (await meta.customerWrites(ann, { text: 'again' })).deliveries;
    expect(d.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    answer = () => 403;
    const [wrong] = (
      await meta.customerWrites(ann, { text: 'x' }, { signWith: 'wrong', retryDelaysMs: [] })
    ).deliveries;
    const [none] = (
      await meta.customerWrites(ann, { text: 'x' }, { signWith: 'none', retryDelaysMs: [] })
    ).deliveries;
    expect([wrong.status, none.status]).toEqual([403, 403]);
    expect(verifyMetaSignature(meta.appSecret, received.at(-2)!.raw, wrong.signature)).toBe(false);
    expect(received.at(-1)!.headers['x-hub-signature-256']).toBeUndefined();
  });

  it('backdates a message: the window is counted from when the person wrote', async () => {
    const at = new Date(Date.now() - 25 * 3_600_000);
    await meta.customerWrites(ann, { text: 'old', at });
    expect(meta.lastMessageAt(ann)).toEqual(at);
    expect(received[0].json.entry[0].messaging[0].timestamp).toBe(at.getTime());
  });
});

describe('FakeMessenger: what follows a send', () => {
  it('echoes each message, then reports it delivered (mids and watermark)', async () => {
    await meta.customerWrites(ann, { text: 'hi' });
    const { message_id } = await sendText(ann, 'Hello Ann');
    await meta.webhooksSettled();
    const events = received.slice(1).map((r) => r.json.entry[0].messaging[0]);
    const sent = meta.messagesTo(ann)[0];
    expect(events).toEqual([
      {
        sender: { id: meta.pageId },
        recipient: { id: ann.id },
        timestamp: sent.timestamp.getTime(),
        message: { mid: message_id, is_echo: true, app_id: expect.any(Number), text: 'Hello Ann' },
      },
      {
        sender: { id: ann.id },
        recipient: { id: meta.pageId },
        delivery: { mids: [message_id], watermark: sent.timestamp.getTime() },
      },
    ]);
  });

  it('reads with a watermark on Messenger and with the mid on Instagram', async () => {
    meta.setSendBehaviour({ echoes: false, autoDeliver: false });
    await meta.customerWrites(ann, { text: 'hi' });
    await meta.customerWrites(ig, { text: 'hola' });
    await sendText(ann, 'one');
    const two = await sendText(ann, 'two');
    const igReply = await sendText(ig, 'uno');
    await meta.markRead(ann, { upTo: two.message_id });
    await meta.markRead(ig);
    expect(received.slice(2).map((r) => r.json.entry[0].messaging[0].read)).toEqual([
      { watermark: meta.messagesTo(ann)[1].timestamp.getTime() },
      { mid: igReply.message_id },
    ]);
    await expect(meta.markDelivered(ig)).rejects.toThrow(/Instagram sends no delivery/);
  });
});

describe('FakeMessenger: the subscription handshake', () => {
  it('is answered with the challenge for the right verify token only', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/messenger/webhook`;
    expect(await meta.verifyWebhook(url, { challenge: '1158201444' })).toEqual({
      status: 200,
      body: '1158201444',
      verified: true,
    });
    const wrong = await meta.verifyWebhook(url, { verifyToken: 'guess' });
    expect([wrong.status, wrong.verified]).toEqual([403, false]);
  });
});

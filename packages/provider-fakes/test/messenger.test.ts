import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeMessenger, type MessengerPerson } from '../src/index.js';

let meta: FakeMessenger;
let ann: MessengerPerson;
let ig: MessengerPerson;
const HOUR = 3_600_000;

beforeAll(async () => {
  meta = await FakeMessenger.start({ send: { echoes: false, autoDeliver: false } });
  ann = meta.addPerson({
    firstName: 'Ann',
    lastName: 'Lee',
    profilePic: 'https://cdn.example/a.jpg',
  });
  ig = meta.addPerson({ platform: 'instagram', name: 'Ana Núñez', username: 'ana.nunez' });
});
afterAll(() => meta.close());
beforeEach(() => meta.reset());

/** The person wrote `hoursAgo`: their windows open then (no webhook is posted). */
const wrote = (p: MessengerPerson, hoursAgo = 0) =>
  meta.message(p, { text: 'hi', at: new Date(Date.now() - hoursAgo * HOUR) });

async function graph(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  auth: 'query' | 'bearer' | 'none' | 'wrong' = 'query',
) {
  const url = new URL(`${meta.url}${path}`);
  const headers: Record<string, string> = {};
  if (auth === 'query') url.searchParams.set('access_token', meta.pageToken);
  if (auth === 'wrong') url.searchParams.set('access_token', 'EAAGnotours');
  if (auth === 'bearer') headers.authorization = `Bearer ${meta.pageToken}`;
  let payload: FormData | string | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(url, { method, headers, body: payload });
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}
const send = (body: unknown, auth?: 'query' | 'bearer' | 'none' | 'wrong', path = 'me') =>
  graph('POST', `/v23.0/${path}/messages`, body, auth);
const text = (p: MessengerPerson, t: string, extra: Record<string, unknown> = {}) => ({
  recipient: { id: p.id },
  messaging_type: 'RESPONSE',
  message: { text: t },
  ...extra,
});

describe('FakeMessenger: the Page access token', () => {
  it('takes it as access_token or as a bearer token', async () => {
    wrote(ann);
    const a = await send(text(ann, 'one'), 'query');
    const b = await send(text(ann, 'two'), 'bearer', meta.pageId);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.json).toEqual({ recipient_id: ann.id, message_id: expect.stringMatching(/^m_/) });
    expect(meta.requests.map((r) => r.tokenIn)).toEqual(['query', 'bearer']);
  });

  it("answers Graph's OAuthException envelope without one, or with a wrong one", async () => {
    const none = await send(text(ann, 'x'), 'none');
    const wrong = await send(text(ann, 'x'), 'wrong');
    expect(none.status).toBe(400);
    expect(none.json.error).toMatchObject({ type: 'OAuthException', code: 104 });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({
      error: {
        message: 'Invalid OAuth access token - Cannot parse access token',
        type: 'OAuthException',
        code: 190,
        fbtrace_id: expect.any(String),
      },
    });
    expect(meta.sent).toEqual([]);
  });

  it('refuses a path without a Graph version', async () => {
    const res = await graph('POST', '/me/messages', text(ann, 'x'));
    expect([res.status, res.json.error.code]).toEqual([400, 2500]);
  });
});

describe('FakeMessenger: the Send API', () => {
  it('accepts text up to 2,000 characters and refuses more with (#100)', async () => {
    wrote(ann);
    expect((await send(text(ann, 'é'.repeat(2000)))).status).toBe(200);
    const long = await send(text(ann, 'é'.repeat(2001)));
    expect(long.status).toBe(400);
    expect(long.json.error).toMatchObject({ code: 100, message: expect.stringMatching(/2000/) });
    expect(meta.messagesTo(ann).map((m) => m.text?.length)).toEqual([2000]);
  });

  it('refuses an unknown recipient (2018001) and a bad messaging_type or tag (#100)', async () => {
    wrote(ann);
    const stranger = await send({ ...text(ann, 'x'), recipient: { id: '42' } });
    expect([stranger.json.error.code, stranger.json.error.error_subcode]).toEqual([100, 2018001]);
    const badType = await send(text(ann, 'x', { messaging_type: 'NOTICE' }));
    expect(badType.json.error.code).toBe(100);
    const noTag = await send(text(ann, 'x', { messaging_type: 'MESSAGE_TAG' }));
    expect(noTag.json.error).toMatchObject({ code: 100, message: expect.stringMatching(/tag/) });
  });

  it('sends nothing outside the 24-hour window: (#10) 2018278, Instagram 2534022', async () => {
    wrote(ann, 25);
    wrote(ig, 25);
    const fb = await send(text(ann, 'late'));
    const insta = await send(text(ig, 'late'));
    expect(fb.status).toBe(400);
    expect(fb.json.error).toMatchObject({
      code: 10,
      error_subcode: 2018278,
      message: expect.stringMatching(/^\(#10\) This message is sent outside of allowed window/),
    });
    expect([insta.json.error.code, insta.json.error.error_subcode]).toEqual([10, 2534022]);
    wrote(ann, 23); // a newer message opens the window again
    expect((await send(text(ann, 'now'))).status).toBe(200);
  });

  it('takes HUMAN_AGENT up to 7 days only when the permission is granted', async () => {
    wrote(ann, 30);
    const human = text(ann, 'A human here', { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    const refused = await send(human);
    expect([refused.json.error.code, refused.json.error.error_subcode]).toEqual([10, 2018336]);
    meta.grantHumanAgent();
    expect((await send(human)).status).toBe(200);
    wrote(ig, 24 * 8);
    const tooLate = await send({ ...human, recipient: { id: ig.id } });
    expect([tooLate.json.error.code, tooLate.json.error.error_subcode]).toEqual([10, 2534022]);
    expect(meta.sent.map((m) => [m.text, m.messagingType, m.tag])).toEqual([
      ['A human here', 'MESSAGE_TAG', 'HUMAN_AGENT'],
    ]);
  });

  it("answers 551 for a person who isn't available", async () => {
    wrote(ann);
    meta.setUnavailable(ann);
    const res = await send(text(ann, 'x'));
    expect(res.json.error).toMatchObject({
      code: 551,
      error_subcode: 1545041,
      message: "(#551) This person isn't available right now.",
    });
    meta.setUnavailable(ann, false);
  });

  it('refuses the injected rate limits and counts the retry as the same message', async () => {
    wrote(ann);
    meta.failNext(1, { code: 613 });
    meta.failNext(1, { code: 4 });
    expect((await send(text(ann, 'hello'))).json.error.code).toBe(613);
    expect((await send(text(ann, 'hello'))).json.error.code).toBe(4);
    expect((await send(text(ann, 'hello'))).status).toBe(200);
    expect(meta.sent.map((m) => m.requestCount)).toEqual([3]);
  });

  it('takes an attachment uploaded with the send, by URL, or by an upload id', async () => {
    wrote(ann);
    const form = new FormData();
    form.set('recipient', JSON.stringify({ id: ann.id }));
    form.set('messaging_type', 'RESPONSE');
    form.set(
      'message',
      JSON.stringify({ attachment: { type: 'file', payload: { is_reusable: false } } }),
    );
    form.set(
      'filedata',
      new Blob([Buffer.from('%PDF-1.7 invoice')], { type: 'application/pdf' }),
      'invoice.pdf',
    );
    expect((await send(form)).status).toBe(200);

    const url = meta.hostFile(Buffer.from('PNG!'), 'image/png', 'photo.png');
    const byUrl = await send({
      recipient: { id: ann.id },
      messaging_type: 'RESPONSE',
      message: { attachment: { type: 'image', payload: { url, is_reusable: true } } },
    });
    expect(byUrl.status).toBe(200);
    const broken = await send({
      recipient: { id: ann.id },
      messaging_type: 'RESPONSE',
      message: {
        attachment: { type: 'image', payload: { url: `${meta.url}/cdn/v/nothing/x.png` } },
      },
    });
    expect([broken.json.error.code, broken.json.error.error_subcode]).toEqual([100, 2018008]);

    const upload = await graph('POST', '/v23.0/me/message_attachments', {
      message: { attachment: { type: 'image', payload: { url, is_reusable: true } } },
    });
    const byId = await send({
      recipient: { id: ann.id },
      messaging_type: 'RESPONSE',
      message: {
        attachment: { type: 'image', payload: { attachment_id: upload.json.attachment_id } },
      },
    });
    expect(byId.status).toBe(200);
    expect(
      meta
        .messagesTo(ann)
        .map((m) => [m.attachment?.source, m.attachment?.filename, m.attachment?.bytes.toString()]),
    ).toEqual([
      ['upload', 'invoice.pdf', '%PDF-1.7 invoice'],
      ['url', 'photo.png', 'PNG!'],
      ['attachment_id', 'photo.png', 'PNG!'],
    ]);
  });

  it('waits for a message that is sent later, and names what was sent when none comes', async () => {
    wrote(ann);
    const waiting = meta.waitForMessage((m) => m.text === 'later', 2_000);
    await send(text(ann, 'sooner'));
    await send(text(ann, 'later'));
    expect((await waiting).text).toBe('later');
    await expect(meta.waitForMessage((m) => m.text === 'never', 50)).rejects.toThrow(/sooner/);
  });
});

describe('FakeMessenger: profiles and conversations', () => {
  it("tells a person's name: Messenger's first and last name, Instagram's name and username", async () => {
    const fb = await graph('GET', `/v23.0/${ann.id}?fields=first_name,last_name,profile_pic`);
    expect(fb.json).toEqual({
      first_name: 'Ann',
      last_name: 'Lee',
      profile_pic: 'https://cdn.example/a.jpg',
      id: ann.id,
    });
    const insta = await graph('GET', `/v23.0/${ig.id}?fields=name,username`, undefined, 'bearer');
    expect(insta.json).toEqual({ name: 'Ana Núñez', username: 'ana.nunez', id: ig.id });
    const hidden = meta.addPerson({ hiddenProfile: true });
    const refused = await graph('GET', `/v23.0/${hidden.id}?fields=first_name`);
    expect([refused.status, refused.json.error.code, refused.json.error.error_subcode]).toEqual([
      400, 100, 33,
    ]);
  });

  it("lists a person's conversation with the Page, newest message first", async () => {
    wrote(ig, 1);
    await send(text(ig, 'Hola Ana'), 'query', meta.instagramId);
    const res = await graph(
      'GET',
      `/v23.0/${meta.pageId}/conversations?platform=instagram&user_id=${ig.id}&fields=messages{id,created_time,from,message}`,
    );
    expect(res.json.data).toHaveLength(1);
    const messages = res.json.data[0].messages.data;
    expect(messages.map((m: any) => [m.message, m.from.id])).toEqual([
      ['Hola Ana', meta.instagramId],
      ['hi', ig.id],
    ]);
    expect(messages[0].created_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
  });
});
